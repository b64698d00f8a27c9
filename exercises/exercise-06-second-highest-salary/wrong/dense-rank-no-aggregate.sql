-- wrong: rows
-- dataset: base
-- Every employee ranked 2 comes back: two people earn 42000, so the salary appears twice
-- (and when nobody has rank 2 the result is empty instead of NULL).
SELECT salary AS second_highest_salary
FROM (
  SELECT salary, DENSE_RANK() OVER (ORDER BY salary DESC) AS salary_rank
  FROM employee
) AS ranked
WHERE salary_rank = 2;
