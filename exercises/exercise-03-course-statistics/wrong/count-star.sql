-- wrong: rows
-- dataset: base
-- COUNT(*) counts the NULL-filled row of the LEFT JOIN: 物理 shows 1 student instead of 0.
SELECT c.name AS course_name,
       COUNT(*) AS student_count,
       ROUND(AVG(sc.score), 2) AS avg_score
FROM course AS c
LEFT JOIN score AS sc ON sc.course_id = c.id
GROUP BY c.id, c.name;
