-- Aggregate score first, then LEFT JOIN the totals to course and turn the missing count into 0.
SELECT c.name AS course_name,
       COALESCE(t.n, 0) AS student_count,
       t.avg_score AS avg_score
FROM course AS c
LEFT JOIN (
  SELECT course_id, COUNT(*) AS n, ROUND(AVG(score), 2) AS avg_score
  FROM score
  GROUP BY course_id
) AS t ON t.course_id = c.id;
