-- Aggregate score first, LEFT JOIN the result, and turn only the missing count into 0.
SELECT s.id AS id, s.name AS name,
       COALESCE(t.n, 0) AS course_count,
       t.total AS total
FROM student AS s
LEFT JOIN (
  SELECT student_id, COUNT(*) AS n, SUM(score) AS total
  FROM score
  GROUP BY student_id
) AS t ON t.student_id = s.id;
