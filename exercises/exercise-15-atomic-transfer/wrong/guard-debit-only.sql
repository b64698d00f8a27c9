-- wrong: rows
-- dataset: only-99
-- The debit is guarded and silently changes nothing, but the credit is not: 100 is created.
BEGIN;
UPDATE account SET balance = balance - 100 WHERE id = 1 AND balance >= 100;
UPDATE account SET balance = balance + 100 WHERE id = 2;
COMMIT;
