-- wrong: rows
-- dataset: base
-- DESC sorts the youngest first; the task wants the oldest first.
SELECT id, name, birth_date
FROM student
ORDER BY birth_date DESC, id DESC
LIMIT 5 OFFSET 5;
