-- wrong: rows
-- dataset: base
-- score < 85 drops the scores of exactly 85.
SELECT s.name AS student_name, c.name AS course_name, sc.score
FROM score AS sc
JOIN student AS s ON s.id = sc.student_id
JOIN course AS c ON c.id = sc.course_id
WHERE sc.score >= 70 AND sc.score < 85;
