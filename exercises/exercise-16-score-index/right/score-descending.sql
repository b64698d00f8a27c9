-- The direction of the second column does not matter for a range search.
CREATE INDEX IF NOT EXISTS idx_score_by_course ON score(course_id, score DESC);
