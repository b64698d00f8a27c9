CREATE VIEW top(name) AS SELECT name FROM p WHERE NOT score < 80;
