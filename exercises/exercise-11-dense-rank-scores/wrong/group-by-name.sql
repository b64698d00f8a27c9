-- wrong: rows
-- dataset: base
-- Grouping by name merges the two players called Alex into one row.
SELECT name, MAX(score) AS score, DENSE_RANK() OVER (ORDER BY MAX(score) DESC) AS "rank"
FROM player
GROUP BY name
ORDER BY score DESC;
