-- wrong: rows
-- dataset: only-99
-- The debit violates CHECK (balance >= 0) and fails, but SQLite keeps the transaction open and
-- COMMIT commits the credit: account 2 gains 100 that nobody paid.
BEGIN;
UPDATE account SET balance = balance + 100 WHERE id = 2;
UPDATE account SET balance = balance - 100 WHERE id = 1;
COMMIT;
