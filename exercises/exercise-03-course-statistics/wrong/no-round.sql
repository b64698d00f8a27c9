-- wrong: rows
-- dataset: base
-- Without ROUND the averages keep all their decimals (e.g. 69.67 comes out as 69.666...).
SELECT c.name AS course_name,
       COUNT(sc.student_id) AS student_count,
       AVG(sc.score) AS avg_score
FROM course AS c
LEFT JOIN score AS sc ON sc.course_id = c.id
GROUP BY c.id, c.name;
