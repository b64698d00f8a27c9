-- wrong: types
-- dataset: base
-- printf (like MySQL's FORMAT) returns text: '60.33' is a string, not the number 60.33.
SELECT s.id, s.name, printf('%.2f', AVG(sc.score)) AS avg_score
FROM student AS s
JOIN score AS sc ON sc.student_id = s.id
GROUP BY s.id, s.name
HAVING AVG(sc.score) >= 60;
