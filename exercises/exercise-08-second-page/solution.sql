SELECT id, name, birth_date
FROM student
ORDER BY birth_date, id
LIMIT 5 OFFSET 5;
