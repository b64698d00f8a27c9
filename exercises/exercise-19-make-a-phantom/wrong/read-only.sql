-- wrong: lab
-- Only reads: nothing changes for A.
SELECT * FROM orders;
