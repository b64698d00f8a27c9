-- Logging the withdrawal as well is fine.
UPDATE account SET balance = balance - :amount WHERE id = 1;
INSERT INTO withdrawal (id, account_id, amount) VALUES (:amount, 1, :amount);
