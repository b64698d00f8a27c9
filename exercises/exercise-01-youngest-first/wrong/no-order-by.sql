-- wrong: no-order-by
-- Without ORDER BY a database may return the rows in any order.
SELECT name, birth_date
FROM student;
