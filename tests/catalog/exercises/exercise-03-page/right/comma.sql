SELECT id, name FROM p ORDER BY score DESC, id LIMIT 1, 1;
