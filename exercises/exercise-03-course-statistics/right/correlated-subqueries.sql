-- One correlated subquery per statistic; no join, no GROUP BY in the outer query.
SELECT c.name AS course_name,
       (SELECT COUNT(*) FROM score WHERE course_id = c.id) AS student_count,
       (SELECT ROUND(AVG(score), 2) FROM score WHERE course_id = c.id) AS avg_score
FROM course AS c;
