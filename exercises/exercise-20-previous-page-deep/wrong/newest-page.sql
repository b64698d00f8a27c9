-- wrong: rows
-- dataset: base
-- Right filter, but LIMIT 10 in descending order keeps the 10 NEWEST articles of the whole feed
-- (page 1), not the 10 right before the cursor.
SELECT id, title, published_at
FROM article
WHERE (published_at, id) > ('2024-01-06 05:11:00', 926205)
ORDER BY published_at DESC, id DESC
LIMIT 10;
