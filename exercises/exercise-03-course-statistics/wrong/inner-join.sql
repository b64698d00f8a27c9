-- wrong: rows
-- dataset: base
-- An inner join drops 物理, the course nobody takes.
SELECT c.name AS course_name,
       COUNT(sc.student_id) AS student_count,
       ROUND(AVG(sc.score), 2) AS avg_score
FROM course AS c
JOIN score AS sc ON sc.course_id = c.id
GROUP BY c.id, c.name;
