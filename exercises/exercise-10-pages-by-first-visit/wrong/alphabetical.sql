-- wrong: order
-- dataset: base
-- GROUP BY page gives one row per page, but ORDER BY page sorts them by name.
SELECT page
FROM visit
GROUP BY page
ORDER BY page;
