-- wrong: rows
-- dataset: cursor-deleted
-- Looks the cursor up by id. Once that article is deleted the subquery yields NULL, the
-- comparison is never true, and the page comes back empty.
SELECT id, title, published_at
FROM (
  SELECT id, title, published_at
  FROM article
  WHERE (published_at, id) > (SELECT published_at, id FROM article WHERE id = 926205)
  ORDER BY published_at, id
  LIMIT 10
) AS previous_page
ORDER BY published_at DESC, id DESC;
