-- wrong: no-order-by
SELECT name, score FROM p WHERE score IS NOT NULL;
