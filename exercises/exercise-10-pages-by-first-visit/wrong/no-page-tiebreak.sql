-- wrong: order
-- dataset: tied-first-visit
-- No page tie-break: when two pages share a first-visit time they come out in id order
-- (/docs, logged as id 8, before /blog, id 12) instead of page order.
SELECT v.page
FROM visit AS v
WHERE NOT EXISTS (
  SELECT 1
  FROM visit AS w
  WHERE w.page = v.page
    AND (w.visited_at < v.visited_at OR (w.visited_at = v.visited_at AND w.id < v.id))
)
ORDER BY v.visited_at, v.id;
