-- wrong: lab
-- The new order does not match amount > 100: A's reads do not change.
INSERT INTO orders (id, customer, amount) VALUES (3, 'carol', 50);
