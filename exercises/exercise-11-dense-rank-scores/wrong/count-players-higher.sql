-- wrong: rows
-- dataset: base
-- Counts players instead of distinct scores above mine: that is RANK, with gaps after ties.
SELECT p.name, p.score,
       (SELECT COUNT(*) FROM player AS q WHERE q.score > p.score) + 1 AS "rank"
FROM player AS p
ORDER BY p.score DESC;
