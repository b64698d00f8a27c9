-- wrong: column-names
-- The value is right, but the column is called MAX(salary) instead of second_highest_salary.
SELECT MAX(salary)
FROM employee
WHERE salary < (SELECT MAX(salary) FROM employee);
