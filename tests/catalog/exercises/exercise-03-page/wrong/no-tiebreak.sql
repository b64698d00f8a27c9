-- wrong: limit-ties
SELECT id, name FROM p ORDER BY score DESC LIMIT 1 OFFSET 1;
