-- wrong: error
-- dataset: base
-- Without an alias the first column is called id, so SELECT student_id ... FROM student_total fails.
CREATE VIEW student_total AS
SELECT s.id, s.name, SUM(sc.score) AS total
FROM student AS s
JOIN score AS sc ON sc.student_id = s.id
GROUP BY s.id, s.name;
