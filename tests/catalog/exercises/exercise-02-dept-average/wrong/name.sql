-- wrong: column-names
SELECT dept, ROUND(AVG(score), 2) AS average FROM p GROUP BY dept;
