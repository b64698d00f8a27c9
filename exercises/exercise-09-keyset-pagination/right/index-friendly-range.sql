-- A range on the leading index column plus a filter that only matters inside the cursor's minute.
SELECT id, title, published_at
FROM article
WHERE published_at <= '2024-01-05 10:03:00'
  AND NOT (published_at = '2024-01-05 10:03:00' AND id >= 72390)
ORDER BY published_at DESC, id DESC
LIMIT 10;
