-- wrong: bad-input
DROP TABLE p;
