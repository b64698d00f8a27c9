-- wrong: rows
-- dataset: tie-at-top
-- RANK leaves a gap after a tie: two top earners both get rank 1 and the next salary gets rank 3,
-- so nobody has rank 2 and the answer is NULL although a second-highest salary exists.
SELECT MAX(salary) AS second_highest_salary
FROM (
  SELECT salary, RANK() OVER (ORDER BY salary DESC) AS salary_rank
  FROM employee
) AS ranked
WHERE salary_rank = 2;
