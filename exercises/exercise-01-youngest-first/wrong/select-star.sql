-- wrong: columns
-- SELECT * returns id, name, birth_date and sex instead of the two requested columns.
SELECT *
FROM student
ORDER BY birth_date DESC, name;
