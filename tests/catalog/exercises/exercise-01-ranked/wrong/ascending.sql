-- wrong: order
-- dataset: base
SELECT name, score FROM p WHERE score IS NOT NULL ORDER BY score;
