-- wrong: rows
-- dataset: base
-- RANK skips 2 after the tie at the top (1, 1, 3, ...), so nobody has rank 2.
SELECT name, total
FROM (
  SELECT s.name AS name, SUM(sc.score) AS total,
         RANK() OVER (ORDER BY SUM(sc.score) DESC) AS rnk
  FROM student AS s
  JOIN score AS sc ON sc.student_id = s.id
  GROUP BY s.id, s.name
) AS ranked
WHERE rnk = 2;
