SELECT c.name AS course_name,
       COUNT(sc.student_id) AS student_count,
       ROUND(AVG(sc.score), 2) AS avg_score
FROM course AS c
LEFT JOIN score AS sc ON sc.course_id = c.id
GROUP BY c.id, c.name;
