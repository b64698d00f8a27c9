-- wrong: rows
-- dataset: base
-- The transaction is never committed: it is rolled back when the script ends, so even a valid
-- transfer leaves no trace.
BEGIN;
UPDATE account SET balance = balance - 100 WHERE id = 1 AND balance >= 100;
UPDATE account SET balance = balance + 100 WHERE id = 2 AND changes() = 1;
