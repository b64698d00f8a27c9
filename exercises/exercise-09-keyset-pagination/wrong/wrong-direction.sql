-- wrong: rows
-- dataset: base
-- > instead of <: in a newest-first feed the next page holds OLDER articles, so this returns the
-- newest articles of the whole feed.
SELECT id, title, published_at
FROM article
WHERE (published_at, id) > ('2024-01-05 10:03:00', 72390)
ORDER BY published_at DESC, id DESC
LIMIT 10;
