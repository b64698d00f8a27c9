-- Students with scores from an inner join, plus the others from NOT EXISTS.
SELECT s.id, s.name, COUNT(*) AS course_count, SUM(sc.score) AS total
FROM student AS s
JOIN score AS sc ON sc.student_id = s.id
GROUP BY s.id, s.name
UNION ALL
SELECT s.id, s.name, 0, NULL
FROM student AS s
WHERE NOT EXISTS (SELECT 1 FROM score AS sc WHERE sc.student_id = s.id);
