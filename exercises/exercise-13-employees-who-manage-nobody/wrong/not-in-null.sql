-- wrong: rows
-- dataset: base
-- The subquery returns NULL for employees without a manager. id NOT IN (..., NULL) is never
-- true, so the result is empty.
SELECT name
FROM employee
WHERE id NOT IN (SELECT manager_id FROM employee);
