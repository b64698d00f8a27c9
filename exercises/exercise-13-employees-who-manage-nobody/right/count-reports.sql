-- Count each employee's reports; COUNT(r.id) ignores the NULL row a LEFT JOIN adds when there are none.
SELECT e.name
FROM employee AS e
LEFT JOIN employee AS r ON r.manager_id = e.id
GROUP BY e.id, e.name
HAVING COUNT(r.id) = 0;
