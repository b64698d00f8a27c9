-- A row leaves A's predicate: also a different set.
DELETE FROM orders WHERE id = 1;
