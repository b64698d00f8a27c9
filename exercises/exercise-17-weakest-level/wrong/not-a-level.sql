-- wrong: bad-input
-- Not a level at all.
snapshot
