-- wrong: rows
-- A table is a snapshot: the row added afterwards is missing.
CREATE TABLE top AS SELECT name FROM p WHERE score >= 80;
