-- wrong: rows
-- dataset: base
-- The task asks for a NULL average when nobody takes the course, not 0.
SELECT c.name AS course_name,
       COUNT(sc.student_id) AS student_count,
       COALESCE(ROUND(AVG(sc.score), 2), 0) AS avg_score
FROM course AS c
LEFT JOIN score AS sc ON sc.course_id = c.id
GROUP BY c.id, c.name;
