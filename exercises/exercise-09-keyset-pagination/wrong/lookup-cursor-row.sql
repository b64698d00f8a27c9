-- wrong: rows
-- dataset: cursor-deleted
-- Looks the cursor row up by id. Once that article is deleted the subquery yields NULL, the
-- comparison is never true, and the next page comes back empty.
SELECT id, title, published_at
FROM article
WHERE (published_at, id) < (SELECT published_at, id FROM article WHERE id = 72390)
ORDER BY published_at DESC, id DESC
LIMIT 10;
