-- wrong: rows
-- dataset: base
-- id < 72390 is applied to every minute, so older articles with a larger id are lost.
SELECT id, title, published_at
FROM article
WHERE published_at <= '2024-01-05 10:03:00' AND id < 72390
ORDER BY published_at DESC, id DESC
LIMIT 10;
