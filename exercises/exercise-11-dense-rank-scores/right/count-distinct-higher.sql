-- The pre-window-function answer (MySQL 5.7): 1 + the number of distinct scores above mine,
-- i.e. the number of distinct scores at or above mine.
SELECT p.name, p.score,
       (SELECT COUNT(DISTINCT q.score) FROM player AS q WHERE q.score >= p.score) AS `rank`
FROM player AS p
ORDER BY p.score DESC;
