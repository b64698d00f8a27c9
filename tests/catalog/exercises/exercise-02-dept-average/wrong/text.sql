-- wrong: types
SELECT dept, printf('%.2f', AVG(score)) AS avg_score FROM p GROUP BY dept;
