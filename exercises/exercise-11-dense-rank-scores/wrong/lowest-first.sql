-- wrong: order
-- dataset: base
-- The ranks are right, but the list starts with the lowest score.
SELECT name, score, DENSE_RANK() OVER (ORDER BY score DESC) AS "rank"
FROM player
ORDER BY score;
