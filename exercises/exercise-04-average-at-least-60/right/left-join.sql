-- A LEFT JOIN keeps students without scores in the groups, but their AVG is NULL and
-- NULL >= 60 is not true, so HAVING drops them.
SELECT s.id, s.name, ROUND(AVG(sc.score), 2) AS avg_score
FROM student AS s
LEFT JOIN score AS sc ON sc.student_id = s.id
GROUP BY s.id
HAVING AVG(sc.score) >= 60.0;
