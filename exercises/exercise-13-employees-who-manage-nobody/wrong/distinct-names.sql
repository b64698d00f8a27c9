-- wrong: rows
-- dataset: base
-- DISTINCT merges different employees who share a name: only one Li Na is listed.
SELECT DISTINCT e.name
FROM employee AS e
WHERE NOT EXISTS (SELECT 1 FROM employee AS r WHERE r.manager_id = e.id);
