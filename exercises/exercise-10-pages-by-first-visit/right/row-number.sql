-- Keeps the earliest visit of each page (ROW_NUMBER picks one row even when a page has two
-- visits at the same earliest time) and sorts those rows.
SELECT page
FROM (
  SELECT page, visited_at,
         ROW_NUMBER() OVER (PARTITION BY page ORDER BY visited_at, id) AS nth
  FROM visit
) AS numbered
WHERE nth = 1
ORDER BY visited_at, page;
