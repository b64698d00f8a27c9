CREATE INDEX p_cover ON p(dept, score, name);
