-- wrong: rows
-- dataset: base
-- published_at < cursor skips the articles published in the cursor's own minute with a smaller id.
SELECT id, title, published_at
FROM article
WHERE published_at < '2024-01-05 10:03:00'
ORDER BY published_at DESC, id DESC
LIMIT 10;
