-- Exactly one distinct total is higher than the second-highest one.
WITH t AS (
  SELECT s.id, s.name, SUM(sc.score) AS total
  FROM student AS s
  JOIN score AS sc ON sc.student_id = s.id
  GROUP BY s.id, s.name
)
SELECT a.name, a.total
FROM t AS a
WHERE (SELECT COUNT(DISTINCT b.total) FROM t AS b WHERE b.total > a.total) = 1;
