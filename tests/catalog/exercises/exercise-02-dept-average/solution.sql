SELECT dept, ROUND(AVG(score), 2) AS avg_score FROM p GROUP BY dept;
