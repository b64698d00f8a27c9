-- wrong: rows
-- dataset: base
-- published_at > cursor skips the articles of the cursor's own minute with a larger id, which
-- come right before the cursor in the feed.
SELECT id, title, published_at
FROM (
  SELECT id, title, published_at
  FROM article
  WHERE published_at > '2024-01-06 05:11:00'
  ORDER BY published_at, id
  LIMIT 10
) AS previous_page
ORDER BY published_at DESC, id DESC;
