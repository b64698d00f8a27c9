-- Anti-join: keep employees for whom the join finds no report.
SELECT e.name
FROM employee AS e
LEFT JOIN employee AS r ON r.manager_id = e.id
WHERE r.id IS NULL;
