-- wrong: rows
-- dataset: base
-- Ids are not in publication order: paging on id alone gives unrelated articles.
SELECT id, title, published_at
FROM article
WHERE id < 72390
ORDER BY id DESC
LIMIT 10;
