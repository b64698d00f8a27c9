-- wrong: order
-- dataset: base
-- The right 10 articles, but left in the ascending order used to find them: the page must be
-- shown newest first, like every other page of the feed.
SELECT id, title, published_at
FROM article
WHERE (published_at, id) > ('2024-01-06 05:11:00', 926205)
ORDER BY published_at, id
LIMIT 10;
