-- wrong: limit-ties
-- dataset: base
-- OFFSET 1 skips one row, not one value: 赵雷 and 郑竹 share the highest total, so the
-- "second" row is one of them, and which one is up to the database.
SELECT s.name, SUM(sc.score) AS total
FROM student AS s
JOIN score AS sc ON sc.student_id = s.id
GROUP BY s.id, s.name
ORDER BY total DESC
LIMIT 1 OFFSET 1;
