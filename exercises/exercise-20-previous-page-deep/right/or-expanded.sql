-- Without row values: newer minutes, or the cursor's minute with a larger id.
SELECT id, title, published_at
FROM (
  SELECT id, title, published_at
  FROM article
  WHERE published_at > '2024-01-06 05:11:00'
     OR (published_at = '2024-01-06 05:11:00' AND id > 926205)
  ORDER BY published_at ASC, id ASC
  LIMIT 10
) AS previous_page
ORDER BY published_at DESC, id DESC;
