-- Numbers the rows with a window function, then sorts on that number.
SELECT name, birth_date
FROM (
  SELECT name, birth_date,
         ROW_NUMBER() OVER (ORDER BY birth_date DESC, name) AS pos
  FROM student
) AS t
ORDER BY pos;
