-- Sorting on a derived expression and a column alias: same order, written differently.
SELECT s.name AS name, s.birth_date AS birth_date
FROM student AS s
ORDER BY julianday(s.birth_date) DESC, name ASC;
