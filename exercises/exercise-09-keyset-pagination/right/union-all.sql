-- The rest of the cursor's minute, then everything older; sort the two parts and take 10.
SELECT id, title, published_at
FROM (
  SELECT id, title, published_at
  FROM article
  WHERE published_at = '2024-01-05 10:03:00' AND id < 72390
  UNION ALL
  SELECT id, title, published_at
  FROM article
  WHERE published_at < '2024-01-05 10:03:00'
) AS after_cursor
ORDER BY published_at DESC, id DESC
LIMIT 10;
