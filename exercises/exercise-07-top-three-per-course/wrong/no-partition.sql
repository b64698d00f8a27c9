-- wrong: rows
-- dataset: base
-- Without PARTITION BY the ranking runs over all courses at once: the top 3 values overall.
WITH ranked AS (
  SELECT c.name AS course_name, s.name AS student_name, sc.score,
         DENSE_RANK() OVER (ORDER BY sc.score DESC) AS rnk
  FROM score AS sc
  JOIN course AS c ON c.id = sc.course_id
  JOIN student AS s ON s.id = sc.student_id
)
SELECT course_name, student_name, score
FROM ranked
WHERE rnk <= 3;
