-- wrong: rows
-- dataset: base
-- DISTINCT merges the two identical rows (李四, 数学, 78) that belong to two different students.
SELECT DISTINCT s.name AS student_name, c.name AS course_name, sc.score
FROM score AS sc
JOIN student AS s ON s.id = sc.student_id
JOIN course AS c ON c.id = sc.course_id
WHERE sc.score BETWEEN 70 AND 85;
