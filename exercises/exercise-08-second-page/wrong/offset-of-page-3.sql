-- wrong: rows
-- dataset: base
-- OFFSET page * size skips two pages: this is page 3.
SELECT id, name, birth_date
FROM student
ORDER BY birth_date, id
LIMIT 5 OFFSET 10;
