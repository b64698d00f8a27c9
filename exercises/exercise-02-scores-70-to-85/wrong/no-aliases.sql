-- wrong: column-names
-- The rows are right, but both name columns come back as "name".
SELECT s.name, c.name, sc.score
FROM score AS sc
JOIN student AS s ON s.id = sc.student_id
JOIN course AS c ON c.id = sc.course_id
WHERE sc.score BETWEEN 70 AND 85;
