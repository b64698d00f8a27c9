SELECT name, score FROM p WHERE score >= 0 ORDER BY 2 DESC, 1;
