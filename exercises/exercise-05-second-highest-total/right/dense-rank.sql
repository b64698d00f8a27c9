-- DENSE_RANK gives tied totals the same rank and does not skip the next one.
SELECT name, total
FROM (
  SELECT s.name AS name, SUM(sc.score) AS total,
         DENSE_RANK() OVER (ORDER BY SUM(sc.score) DESC) AS rnk
  FROM student AS s
  JOIN score AS sc ON sc.student_id = s.id
  GROUP BY s.id, s.name
) AS ranked
WHERE rnk = 2;
