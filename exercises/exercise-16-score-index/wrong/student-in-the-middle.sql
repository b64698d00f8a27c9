-- wrong: plan
-- student_id between course_id and score stops the index at course_id=? (leftmost prefix):
-- "covering every column" is not enough, the order matters.
CREATE INDEX idx_score_course_student_score ON score(course_id, student_id, score);
