-- wrong: rows
-- dataset: base
-- ROW_NUMBER gives every row its own number: players with equal scores get different ranks.
SELECT name, score, ROW_NUMBER() OVER (ORDER BY score DESC) AS "rank"
FROM player
ORDER BY score DESC;
