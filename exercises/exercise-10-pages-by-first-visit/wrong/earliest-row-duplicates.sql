-- wrong: rows
-- dataset: double-first-visit
-- Keeps every visit that happened at its page's earliest time: when a page has two visits at that
-- same second, the page is listed twice.
SELECT v.page
FROM visit AS v
WHERE v.visited_at = (SELECT MIN(w.visited_at) FROM visit AS w WHERE w.page = v.page)
ORDER BY v.visited_at, v.page;
