-- wrong: rows
-- dataset: tie-at-top
-- Without DISTINCT, OFFSET 1 skips one employee, not one amount: when two people share the top
-- salary, the "second" row is the top salary again.
SELECT (
  SELECT salary
  FROM employee
  ORDER BY salary DESC
  LIMIT 1 OFFSET 1
) AS second_highest_salary;
