-- wrong: rows
-- dataset: base
-- ROW_NUMBER numbers rows, not values: row 2 is one of the students sharing the highest total.
SELECT name, total
FROM (
  SELECT s.name AS name, SUM(sc.score) AS total,
         ROW_NUMBER() OVER (ORDER BY SUM(sc.score) DESC) AS rn
  FROM student AS s
  JOIN score AS sc ON sc.student_id = s.id
  GROUP BY s.id, s.name
) AS numbered
WHERE rn = 2;
