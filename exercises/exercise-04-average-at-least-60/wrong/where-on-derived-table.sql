-- wrong: requires
-- The rows are right, but the exercise is about HAVING: this filters a derived table with WHERE.
SELECT id, name, avg_score
FROM (
  SELECT s.id, s.name, ROUND(AVG(sc.score), 2) AS avg_score, AVG(sc.score) AS raw_avg
  FROM student AS s
  JOIN score AS sc ON sc.student_id = s.id
  GROUP BY s.id, s.name
) AS t
WHERE raw_avg >= 60;
