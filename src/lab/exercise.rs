//! Graded lab exercises (placeholder, filled below).
