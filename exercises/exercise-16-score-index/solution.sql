CREATE INDEX idx_score_course_score ON score(course_id, score);
