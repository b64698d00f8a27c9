-- wrong: rows
-- dataset: base
-- Looks the wrong way along manager_id: these are employees who HAVE no manager, not employees
-- who manage nobody.
SELECT e.name
FROM employee AS e
LEFT JOIN employee AS m ON e.manager_id = m.id
WHERE m.id IS NULL;
