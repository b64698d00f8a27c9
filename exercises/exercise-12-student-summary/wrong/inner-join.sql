-- wrong: rows
-- dataset: base
-- An inner join drops the students without any score (王菊, 张三, 黄磊).
SELECT s.id, s.name,
       COUNT(sc.course_id) AS course_count,
       SUM(sc.score) AS total
FROM student AS s
JOIN score AS sc ON sc.student_id = s.id
GROUP BY s.id, s.name;
