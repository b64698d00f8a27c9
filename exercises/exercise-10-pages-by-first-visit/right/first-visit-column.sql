-- Names the first visit in a derived table and sorts on it.
SELECT page
FROM (
  SELECT page, MIN(visited_at) AS first_visit
  FROM visit
  GROUP BY page
) AS firsts
ORDER BY first_visit, page;
