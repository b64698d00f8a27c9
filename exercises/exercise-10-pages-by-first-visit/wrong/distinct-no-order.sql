-- wrong: no-order-by
-- DISTINCT removes duplicates but promises no order: the pages come out however the database
-- happens to produce them.
SELECT DISTINCT page
FROM visit;
