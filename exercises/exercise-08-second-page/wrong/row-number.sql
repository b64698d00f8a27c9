-- wrong: requires
-- The rows are right, but this exercise is about LIMIT and OFFSET; ROW_NUMBER avoids them.
SELECT id, name, birth_date
FROM (
  SELECT id, name, birth_date,
         ROW_NUMBER() OVER (ORDER BY birth_date, id) AS rn
  FROM student
) AS numbered
WHERE rn BETWEEN 6 AND 10
ORDER BY birth_date, id;
