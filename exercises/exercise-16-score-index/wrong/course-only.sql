-- wrong: plan
-- An index on course_id alone finds the course, but every score of it is then read and filtered.
CREATE INDEX idx_score_course ON score(course_id);
