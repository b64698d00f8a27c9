-- wrong: rows
-- dataset: base
-- COUNT(*) counts higher rows, not higher values: two students at 86 hide the 80s in 语文.
SELECT c.name AS course_name, s.name AS student_name, sc.score
FROM score AS sc
JOIN course AS c ON c.id = sc.course_id
JOIN student AS s ON s.id = sc.student_id
WHERE (SELECT COUNT(*)
       FROM score AS h
       WHERE h.course_id = sc.course_id AND h.score > sc.score) < 3;
