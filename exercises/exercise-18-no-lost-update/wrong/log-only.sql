-- wrong: lab
-- Only logs the withdrawal: the balance never changes.
INSERT INTO withdrawal (id, account_id, amount) VALUES (:amount, 1, :amount);
