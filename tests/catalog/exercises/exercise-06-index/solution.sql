CREATE INDEX p_dept_score ON p(dept, score);
