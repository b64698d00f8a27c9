-- wrong: lab
-- Starts from a constant: both withdrawals compute from 100.
UPDATE account SET balance = 100 - :amount WHERE id = 1;
