-- Guard the debit in its WHERE clause, then credit only if the debit changed exactly one row.
-- changes() is SQLite's ROW_COUNT(): rows changed by the most recent completed UPDATE.
BEGIN;
UPDATE account SET balance = balance - 100 WHERE id = 1 AND balance >= 100;
UPDATE account SET balance = balance + 100 WHERE id = 2 AND changes() = 1;
COMMIT;
