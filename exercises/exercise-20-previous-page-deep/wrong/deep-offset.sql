-- wrong: rows
-- dataset: new-articles
-- The page-number query. Right on the base data, but slow (SQLite steps over 399,180 index
-- entries first; see the timing note), and once three newer articles are published every page
-- starts three articles later, so the reader sees three articles of the current page again.
SELECT id, title, published_at
FROM article
ORDER BY published_at DESC, id DESC
LIMIT 10 OFFSET 399180;
