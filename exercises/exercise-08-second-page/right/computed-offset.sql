-- The page arithmetic written out: OFFSET (page - 1) * page_size, with explicit ASC.
SELECT s.id AS id, s.name AS name, s.birth_date AS birth_date
FROM student AS s
ORDER BY s.birth_date ASC, s.id ASC
LIMIT 5 OFFSET (2 - 1) * 5;
