-- DENSE_RANK gives equal salaries the same rank with no gaps, so rank 2 is the second amount.
-- MAX over the (possibly empty) rank-2 rows collapses duplicates and yields NULL when there are none.
SELECT MAX(salary) AS second_highest_salary
FROM (
  SELECT salary, DENSE_RANK() OVER (ORDER BY salary DESC) AS salary_rank
  FROM employee
) AS ranked
WHERE salary_rank = 2;
