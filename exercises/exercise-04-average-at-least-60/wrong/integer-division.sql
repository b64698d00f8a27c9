-- wrong: rows
-- dataset: base
-- In SQLite integer / integer is integer division: 冯雪's 181 / 3 gives 60, not 60.33,
-- and 赵六's 119 / 2 gives 59.
SELECT s.id, s.name, SUM(sc.score) / COUNT(sc.score) AS avg_score
FROM student AS s
JOIN score AS sc ON sc.student_id = s.id
GROUP BY s.id, s.name
HAVING SUM(sc.score) / COUNT(sc.score) >= 60;
