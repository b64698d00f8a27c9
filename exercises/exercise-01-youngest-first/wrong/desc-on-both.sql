-- wrong: order
-- dataset: base
-- DESC was also applied to name: same-day students come out in reverse name order.
SELECT name, birth_date
FROM student
ORDER BY birth_date DESC, name DESC;
