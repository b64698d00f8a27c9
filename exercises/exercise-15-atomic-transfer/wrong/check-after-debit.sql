-- wrong: rows
-- dataset: exactly-100
-- The credit re-checks account 1's balance AFTER the debit: 100 - 100 = 0 < 100, so account 1
-- pays and account 2 receives nothing.
BEGIN;
UPDATE account SET balance = balance - 100 WHERE id = 1 AND balance >= 100;
UPDATE account SET balance = balance + 100 WHERE id = 2 AND (SELECT balance FROM account WHERE id = 1) >= 100;
COMMIT;
