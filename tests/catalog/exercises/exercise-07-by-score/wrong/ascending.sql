-- wrong: order
SELECT name, score FROM p WHERE score IS NOT NULL ORDER BY score;
