-- wrong: order
-- dataset: base
-- Students born on the same day come out in storage order, not in name order.
SELECT name, birth_date
FROM student
ORDER BY birth_date DESC;
