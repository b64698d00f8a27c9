-- wrong: forbids
SELECT name, score FROM p WHERE score IS NOT NULL ORDER BY rank() OVER (ORDER BY score DESC);
