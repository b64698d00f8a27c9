-- wrong: rows
-- dataset: duplicate-course-name
-- Grouping by the name alone merges two different courses that happen to share a name.
SELECT c.name AS course_name,
       COUNT(sc.student_id) AS student_count,
       ROUND(AVG(sc.score), 2) AS avg_score
FROM course AS c
LEFT JOIN score AS sc ON sc.course_id = c.id
GROUP BY c.name;
