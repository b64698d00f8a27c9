-- wrong: order
-- dataset: base
-- Ascending birth_date lists the oldest student first.
SELECT name, birth_date
FROM student
ORDER BY birth_date, name;
