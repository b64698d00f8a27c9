-- First find each course's top 3 distinct values, then join every score that has one of them.
WITH vals AS (
  SELECT DISTINCT course_id, score FROM score
),
top_vals AS (
  SELECT a.course_id, a.score
  FROM vals AS a
  JOIN vals AS b ON b.course_id = a.course_id AND b.score >= a.score
  GROUP BY a.course_id, a.score
  HAVING COUNT(*) <= 3
)
SELECT c.name AS course_name, s.name AS student_name, sc.score AS score
FROM top_vals AS tv
JOIN score AS sc ON sc.course_id = tv.course_id AND sc.score = tv.score
JOIN course AS c ON c.id = sc.course_id
JOIN student AS s ON s.id = sc.student_id;
