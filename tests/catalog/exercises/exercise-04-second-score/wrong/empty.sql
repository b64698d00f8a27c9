-- wrong: rows
-- dataset: one-score
SELECT DISTINCT score AS second FROM p WHERE score IS NOT NULL ORDER BY score DESC LIMIT 1 OFFSET 1;
