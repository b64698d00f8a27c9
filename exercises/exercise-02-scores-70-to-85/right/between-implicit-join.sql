-- BETWEEN is inclusive on both ends; old-style comma joins.
SELECT s.name AS student_name, c.name AS course_name, sc.score AS score
FROM student s, course c, score sc
WHERE s.id = sc.student_id
  AND c.id = sc.course_id
  AND sc.score BETWEEN 70 AND 85;
