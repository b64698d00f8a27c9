SELECT e.name
FROM employee AS e
WHERE NOT EXISTS (
  SELECT 1
  FROM employee AS r
  WHERE r.manager_id = e.id
);
