-- wrong: bad-input
-- The exercise wraps the statements in a transaction itself.
BEGIN;
UPDATE account SET balance = balance - :amount WHERE id = 1;
COMMIT;
