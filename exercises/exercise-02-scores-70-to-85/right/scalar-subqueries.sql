-- Looks the names up with correlated scalar subqueries instead of joins.
SELECT (SELECT name FROM student WHERE id = sc.student_id) AS student_name,
       (SELECT name FROM course WHERE id = sc.course_id) AS course_name,
       sc.score
FROM score AS sc
WHERE sc.score BETWEEN 70 AND 85;
