SELECT name, birth_date
FROM student
ORDER BY birth_date DESC, name;
