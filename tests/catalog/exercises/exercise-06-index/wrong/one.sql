-- wrong: plan
CREATE INDEX p_dept ON p(dept);
