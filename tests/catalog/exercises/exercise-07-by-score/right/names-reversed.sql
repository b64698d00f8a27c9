SELECT name, score FROM p WHERE score IS NOT NULL ORDER BY score DESC, name DESC;
