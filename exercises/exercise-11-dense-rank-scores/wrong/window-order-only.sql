-- wrong: no-order-by
-- The ORDER BY inside OVER (...) only defines how ranks are computed; without a final ORDER BY
-- the rows may come back in any order.
SELECT name, score, DENSE_RANK() OVER (ORDER BY score DESC) AS "rank"
FROM player;
