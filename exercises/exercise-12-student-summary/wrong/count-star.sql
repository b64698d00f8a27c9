-- wrong: rows
-- dataset: base
-- COUNT(*) counts the NULL-filled row of the LEFT JOIN: students without scores get 1 course.
SELECT s.id, s.name,
       COUNT(*) AS course_count,
       SUM(sc.score) AS total
FROM student AS s
LEFT JOIN score AS sc ON sc.student_id = s.id
GROUP BY s.id, s.name;
