-- Credit first, guarded by account 1's balance BEFORE anything moved; then debit only if the
-- credit happened.
BEGIN;
UPDATE account SET balance = balance + 100
WHERE id = 2 AND (SELECT balance FROM account WHERE id = 1) >= 100;
UPDATE account SET balance = balance - 100 WHERE id = 1 AND changes() = 1;
COMMIT;
