-- A new row that matches A's predicate.
INSERT INTO orders (id, customer, amount) VALUES (3, 'carol', 150);
