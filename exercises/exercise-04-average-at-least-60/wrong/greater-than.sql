-- wrong: rows
-- dataset: base
-- > 60 leaves out 孙七, whose average is exactly 60.
SELECT s.id, s.name, ROUND(AVG(sc.score), 2) AS avg_score
FROM student AS s
JOIN score AS sc ON sc.student_id = s.id
GROUP BY s.id, s.name
HAVING AVG(sc.score) > 60;
