-- wrong: rows
-- dataset: base
-- The task asks for a NULL total when a student has no score; COALESCE turns it into 0.
SELECT s.id, s.name,
       COUNT(sc.course_id) AS course_count,
       COALESCE(SUM(sc.score), 0) AS total
FROM student AS s
LEFT JOIN score AS sc ON sc.student_id = s.id
GROUP BY s.id, s.name;
