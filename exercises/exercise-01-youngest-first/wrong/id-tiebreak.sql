-- wrong: order
-- dataset: base
-- Ties are broken by id, but the task asks for name order.
SELECT name, birth_date
FROM student
ORDER BY birth_date DESC, id;
