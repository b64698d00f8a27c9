-- wrong: rows
CREATE VIEW top AS SELECT name FROM p WHERE score > 80;
