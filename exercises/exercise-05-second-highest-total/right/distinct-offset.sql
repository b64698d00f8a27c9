-- LIMIT/OFFSET over DISTINCT totals picks the second value; no row ties because the values are distinct.
-- When there is no second value the subquery is NULL and total = NULL matches nothing.
WITH t AS (
  SELECT student_id, SUM(score) AS total
  FROM score
  GROUP BY student_id
)
SELECT s.name, t.total
FROM t
JOIN student AS s ON s.id = t.student_id
WHERE t.total = (SELECT DISTINCT total FROM t ORDER BY total DESC LIMIT 1 OFFSET 1);
