-- wrong: order
-- dataset: base
-- The smallest id is the first visit LOGGED, not the first visit: ids are not in time order.
SELECT page
FROM visit
GROUP BY page
ORDER BY MIN(id);
