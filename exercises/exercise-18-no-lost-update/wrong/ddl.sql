-- wrong: bad-input
-- Only data statements are accepted: no DDL in a lab answer.
DROP TABLE withdrawal;
UPDATE account SET balance = balance - :amount WHERE id = 1;
