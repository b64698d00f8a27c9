-- Adding student_id makes the index covering: the query never has to read the table rows.
CREATE INDEX idx_score_course_score_student ON score(course_id, score, student_id);
