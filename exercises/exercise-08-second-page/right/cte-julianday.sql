-- Sorts a CTE on the day number of the birth date (same order as the text), then pages.
WITH by_age AS (
  SELECT id, name, birth_date, julianday(birth_date) AS jd
  FROM student
)
SELECT id, name, birth_date
FROM by_age
ORDER BY jd, id
LIMIT 5 OFFSET 5;
