-- A visit is a page's first when no visit of the same page comes before it; ties at the same
-- second are broken by id so each page keeps exactly one row.
SELECT v.page
FROM visit AS v
WHERE NOT EXISTS (
  SELECT 1
  FROM visit AS w
  WHERE w.page = v.page
    AND (w.visited_at < v.visited_at OR (w.visited_at = v.visited_at AND w.id < v.id))
)
ORDER BY v.visited_at, v.page;
