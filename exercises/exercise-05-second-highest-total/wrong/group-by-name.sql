-- wrong: rows
-- dataset: base
-- Grouping by name adds up the scores of the two students called 李四 (290), who then
-- "beat" everybody, and the real leaders are reported as second.
WITH t AS (
  SELECT s.name, SUM(sc.score) AS total
  FROM student AS s
  JOIN score AS sc ON sc.student_id = s.id
  GROUP BY s.name
)
SELECT name, total
FROM t
WHERE total = (SELECT MAX(total) FROM t WHERE total < (SELECT MAX(total) FROM t));
