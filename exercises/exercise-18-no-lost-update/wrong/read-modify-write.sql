-- wrong: lab
-- The original read-modify-write: :balance is stale by the time it is written.
SELECT balance FROM account WHERE id = 1;
UPDATE account SET balance = :balance - :amount WHERE id = 1;
