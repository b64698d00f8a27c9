WITH t AS (
  SELECT s.id, s.name, SUM(sc.score) AS total
  FROM student AS s
  JOIN score AS sc ON sc.student_id = s.id
  GROUP BY s.id, s.name
)
SELECT name, total
FROM t
WHERE total = (SELECT MAX(total) FROM t WHERE total < (SELECT MAX(total) FROM t));
