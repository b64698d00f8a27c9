-- One correlated subquery per column: COUNT over no rows is 0, SUM over no rows is NULL.
SELECT s.id, s.name,
       (SELECT COUNT(*) FROM score WHERE student_id = s.id) AS course_count,
       (SELECT SUM(score) FROM score WHERE student_id = s.id) AS total
FROM student AS s;
