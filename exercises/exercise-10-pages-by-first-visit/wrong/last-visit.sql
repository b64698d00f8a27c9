-- wrong: order
-- dataset: base
-- MAX(visited_at) orders the pages by their most recent visit, not by their first.
SELECT page
FROM visit
GROUP BY page
ORDER BY MAX(visited_at), page;
