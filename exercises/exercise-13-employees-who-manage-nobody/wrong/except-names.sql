-- wrong: rows
-- dataset: base
-- Works on names: EXCEPT removes duplicates (one Li Na) and drops 张伟 (id 6), who manages nobody
-- but shares a name with the CEO.
SELECT name FROM employee
EXCEPT
SELECT m.name FROM employee AS m JOIN employee AS r ON r.manager_id = m.id;
