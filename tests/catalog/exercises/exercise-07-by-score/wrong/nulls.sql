-- wrong: rows
SELECT name, score FROM p ORDER BY score DESC;
