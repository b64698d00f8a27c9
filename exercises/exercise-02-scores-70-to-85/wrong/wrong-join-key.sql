-- wrong: rows
-- dataset: base
-- course is joined on the student id, so the course names are wrong (or rows vanish).
SELECT s.name AS student_name, c.name AS course_name, sc.score
FROM score AS sc
JOIN student AS s ON s.id = sc.student_id
JOIN course AS c ON c.id = sc.student_id
WHERE sc.score BETWEEN 70 AND 85;
