-- wrong: limit-ties
-- dataset: base
-- 李云 and 何静 share a birth date at positions 5 and 6: without the id tiebreak, which one
-- lands on page 2 is up to the database.
SELECT id, name, birth_date
FROM student
ORDER BY birth_date
LIMIT 5 OFFSET 5;
