-- The same keyset read as a CTE.
WITH previous_page AS (
  SELECT id, title, published_at
  FROM article
  WHERE (published_at, id) > ('2024-01-06 05:11:00', 926205)
  ORDER BY published_at, id
  LIMIT 10
)
SELECT id, title, published_at
FROM previous_page
ORDER BY published_at DESC, id DESC;
