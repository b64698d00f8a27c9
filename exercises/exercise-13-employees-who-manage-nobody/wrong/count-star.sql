-- wrong: rows
-- dataset: base
-- COUNT(*) counts the NULL-extended row that LEFT JOIN adds for an employee with no reports, so
-- every count is at least 1 and nobody is returned.
SELECT e.name
FROM employee AS e
LEFT JOIN employee AS r ON r.manager_id = e.id
GROUP BY e.id, e.name
HAVING COUNT(*) = 0;
