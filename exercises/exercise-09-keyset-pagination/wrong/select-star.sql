-- wrong: columns
-- SELECT * also returns views: four columns instead of three.
SELECT *
FROM article
WHERE (published_at, id) < ('2024-01-05 10:03:00', 72390)
ORDER BY published_at DESC, id DESC
LIMIT 10;
