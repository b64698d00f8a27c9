-- wrong: bad-input
SELECT 1; SELECT 2;
