-- wrong: columns
SELECT MAX(score) AS second, 1 FROM p WHERE score < (SELECT MAX(score) FROM p);
