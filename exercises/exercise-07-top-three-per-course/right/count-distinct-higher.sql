-- Works without window functions (MySQL 5.7 style): fewer than 3 distinct higher scores in the course.
SELECT c.name AS course_name, s.name AS student_name, sc.score
FROM score AS sc
JOIN course AS c ON c.id = sc.course_id
JOIN student AS s ON s.id = sc.student_id
WHERE (SELECT COUNT(DISTINCT h.score)
       FROM score AS h
       WHERE h.course_id = sc.course_id AND h.score > sc.score) < 3;
