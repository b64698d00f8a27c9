-- wrong: plan
CREATE INDEX p_score_dept ON p(score, dept);
