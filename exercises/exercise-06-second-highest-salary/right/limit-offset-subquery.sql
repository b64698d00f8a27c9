-- The LeetCode-style answer: DISTINCT amounts, skip the top one, and wrap the whole thing in a
-- scalar subquery so that "no such row" becomes one row holding NULL.
SELECT (
  SELECT DISTINCT salary
  FROM employee
  ORDER BY salary DESC
  LIMIT 1 OFFSET 1
) AS second_highest_salary;
