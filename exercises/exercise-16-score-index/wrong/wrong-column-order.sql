-- wrong: plan
-- The range column comes first: SQLite can only use score>? and course_id is checked row by row.
CREATE INDEX idx_score_score_course ON score(score, course_id);
