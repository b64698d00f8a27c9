-- wrong: rows
-- dataset: exactly-100
-- balance > 100 refuses a transfer that account 1 can exactly afford.
BEGIN;
UPDATE account SET balance = balance - 100 WHERE id = 1 AND balance > 100;
UPDATE account SET balance = balance + 100 WHERE id = 2 AND changes() = 1;
COMMIT;
