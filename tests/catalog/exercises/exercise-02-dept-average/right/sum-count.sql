SELECT dept AS DEPT, round(sum(score) * 1.0 / count(score), 2) AS Avg_Score FROM p GROUP BY 1;
