-- wrong: rows
-- dataset: base
-- Without ROUND, 冯雪's average is 60.333... instead of 60.33.
SELECT s.id, s.name, AVG(sc.score) AS avg_score
FROM student AS s
JOIN score AS sc ON sc.student_id = s.id
GROUP BY s.id, s.name
HAVING AVG(sc.score) >= 60;
