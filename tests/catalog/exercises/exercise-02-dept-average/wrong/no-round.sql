-- wrong: rows
-- dataset: thirds
SELECT dept, AVG(score) AS avg_score FROM p GROUP BY dept;
