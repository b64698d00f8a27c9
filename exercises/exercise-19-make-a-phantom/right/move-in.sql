-- An existing row moves into A's predicate.
UPDATE orders SET amount = 200 WHERE id = 2;
