-- wrong: requires
-- Picks the right 10 rows with ROW_NUMBER, but numbers every older article to do it; the exercise
-- asks for LIMIT, which lets the database stop after 10 rows.
SELECT id, title, published_at
FROM (
  SELECT id, title, published_at,
         ROW_NUMBER() OVER (ORDER BY published_at DESC, id DESC) AS pos
  FROM article
  WHERE (published_at, id) < ('2024-01-05 10:03:00', 72390)
) AS numbered
WHERE pos <= 10
ORDER BY published_at DESC, id DESC;
