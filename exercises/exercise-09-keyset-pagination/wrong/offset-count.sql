-- wrong: forbids
-- Returns the right rows, but by counting and skipping every row before the cursor: OFFSET makes
-- the database walk past all of them, page after page, which is what keyset pagination avoids.
SELECT id, title, published_at
FROM article
ORDER BY published_at DESC, id DESC
LIMIT 10 OFFSET (
  SELECT COUNT(*)
  FROM article
  WHERE published_at > '2024-01-05 10:03:00'
     OR (published_at = '2024-01-05 10:03:00' AND id >= 72390)
);
