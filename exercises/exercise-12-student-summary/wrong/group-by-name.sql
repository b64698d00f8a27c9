-- wrong: rows
-- dataset: base
-- Grouping by name merges the two students called 李四 into one row.
SELECT s.id, s.name,
       COUNT(sc.course_id) AS course_count,
       SUM(sc.score) AS total
FROM student AS s
LEFT JOIN score AS sc ON sc.student_id = s.id
GROUP BY s.name;
