-- wrong: requires
SELECT id, name FROM (SELECT id, name, row_number() OVER (ORDER BY score DESC, id) AS n FROM p) WHERE n = 2 ORDER BY id;
