-- wrong: error
CREATE VIEW tops AS SELECT name FROM p WHERE score >= 80;
