-- wrong: rows
-- dataset: base
-- CREATE TABLE ... AS SELECT copies the totals once; the later score changes never reach it.
CREATE TABLE student_total AS
SELECT s.id AS student_id, s.name AS name, SUM(sc.score) AS total
FROM student AS s
JOIN score AS sc ON sc.student_id = s.id
GROUP BY s.id, s.name;
