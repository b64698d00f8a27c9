-- Re-runnable script: drop the view if it exists, then create it with correlated subqueries.
DROP VIEW IF EXISTS student_total;
CREATE VIEW student_total AS
SELECT s.id AS student_id,
       s.name AS name,
       (SELECT SUM(sc.score) FROM score AS sc WHERE sc.student_id = s.id) AS total
FROM student AS s
WHERE EXISTS (SELECT 1 FROM score AS sc WHERE sc.student_id = s.id);
