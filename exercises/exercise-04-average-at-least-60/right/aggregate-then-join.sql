-- Aggregate and filter score alone, then join the names; HAVING compares SUM with 60 * COUNT
-- so no fractions are involved at all.
SELECT s.id AS id, s.name AS name, t.avg_score AS avg_score
FROM (
  SELECT student_id, ROUND(AVG(score), 2) AS avg_score
  FROM score
  GROUP BY student_id
  HAVING SUM(score) >= 60 * COUNT(*)
) AS t
JOIN student AS s ON s.id = t.student_id;
