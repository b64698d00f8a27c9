-- wrong: limit-ties
-- ORDER BY published_at alone: the 10th and 11th rows are published in the same minute, so which
-- of those articles land on this page (and on the next one) is up to the database.
SELECT id, title, published_at
FROM article
WHERE (published_at, id) < ('2024-01-05 10:03:00', 72390)
ORDER BY published_at DESC
LIMIT 10;
