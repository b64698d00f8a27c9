-- wrong: rows
-- dataset: base
-- The LEFT JOIN also lists students without any score, with a NULL total.
CREATE VIEW student_total AS
SELECT s.id AS student_id, s.name AS name, SUM(sc.score) AS total
FROM student AS s
LEFT JOIN score AS sc ON sc.student_id = s.id
GROUP BY s.id, s.name;
