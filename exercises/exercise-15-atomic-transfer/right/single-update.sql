-- One UPDATE changes both rows or neither: the condition on account 1's balance is evaluated
-- before any row is written, and a single statement is atomic on its own.
-- (MySQL rejects a subquery on the table being updated; there you would join to a derived table.)
UPDATE account
SET balance = balance + CASE id WHEN 1 THEN -100 ELSE 100 END
WHERE id IN (1, 2)
  AND EXISTS (SELECT 1 FROM account WHERE id = 1 AND balance >= 100);
