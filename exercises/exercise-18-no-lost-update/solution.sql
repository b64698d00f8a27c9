-- The read and the write are one statement: the write uses the balance as it is when
-- the row is written, and the second writer waits for the first to commit.
UPDATE account SET balance = balance - :amount WHERE id = 1;
