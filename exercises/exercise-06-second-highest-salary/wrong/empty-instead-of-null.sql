-- wrong: rows
-- dataset: all-equal
-- Right whenever a second salary exists, but with a single distinct salary OFFSET 1 leaves no row
-- at all: an empty result instead of one row holding NULL.
SELECT DISTINCT salary AS second_highest_salary
FROM employee
ORDER BY salary DESC
LIMIT 1 OFFSET 1;
