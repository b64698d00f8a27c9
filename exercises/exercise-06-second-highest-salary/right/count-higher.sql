-- A salary is the second-highest when exactly one distinct salary is above it.
SELECT MAX(e.salary) AS second_highest_salary
FROM employee AS e
WHERE (SELECT COUNT(DISTINCT h.salary) FROM employee AS h WHERE h.salary > e.salary) = 1;
