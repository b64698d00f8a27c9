-- NOT IN is safe once the NULLs are filtered out of the list.
SELECT name
FROM employee
WHERE id NOT IN (SELECT manager_id FROM employee WHERE manager_id IS NOT NULL);
