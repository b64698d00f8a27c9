-- wrong: rows
-- dataset: base
-- Ties broken by name instead of id: 何静 and 李云 swap places at the page boundary.
SELECT id, name, birth_date
FROM student
ORDER BY birth_date, name
LIMIT 5 OFFSET 5;
