-- Column names given in the view header instead of aliases; aggregates score before joining.
CREATE VIEW student_total(student_id, name, total) AS
SELECT s.id, s.name, t.total
FROM student AS s
JOIN (SELECT student_id, SUM(score) AS total FROM score GROUP BY student_id) AS t
  ON t.student_id = s.id;
