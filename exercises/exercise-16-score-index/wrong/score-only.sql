-- wrong: plan
-- An index on score alone serves the range but not the course filter.
CREATE INDEX idx_score_score ON score(score);
