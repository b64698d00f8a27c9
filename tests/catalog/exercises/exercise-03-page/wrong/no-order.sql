-- wrong: no-order-by
SELECT id, name FROM p LIMIT 1 OFFSET 1;
