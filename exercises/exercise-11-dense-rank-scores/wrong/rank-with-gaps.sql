-- wrong: rows
-- dataset: base
-- RANK leaves gaps after ties: after two players at 95 the next score gets rank 5, not 4.
SELECT name, score, RANK() OVER (ORDER BY score DESC) AS "rank"
FROM player
ORDER BY score DESC;
