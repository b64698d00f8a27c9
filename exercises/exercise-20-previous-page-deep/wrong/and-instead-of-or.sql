-- wrong: rows
-- dataset: base
-- id > 926205 is applied to every minute, so the newer minute's articles with a smaller id are
-- skipped.
SELECT id, title, published_at
FROM (
  SELECT id, title, published_at
  FROM article
  WHERE published_at >= '2024-01-06 05:11:00' AND id > 926205
  ORDER BY published_at, id
  LIMIT 10
) AS previous_page
ORDER BY published_at DESC, id DESC;
