-- wrong: rows
-- dataset: base
-- RANK skips after ties (语文: 86, 86, 85 get 1, 1, 3 and both 80s get 4), so the third value is lost.
WITH ranked AS (
  SELECT c.name AS course_name, s.name AS student_name, sc.score,
         RANK() OVER (PARTITION BY sc.course_id ORDER BY sc.score DESC) AS rnk
  FROM score AS sc
  JOIN course AS c ON c.id = sc.course_id
  JOIN student AS s ON s.id = sc.student_id
)
SELECT course_name, student_name, score
FROM ranked
WHERE rnk <= 3;
