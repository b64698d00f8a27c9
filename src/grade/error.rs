//! Why an answer could not be graded at all (as opposed to graded and failed).

use crate::engine::EngineError;
use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum GradeError {
    /// The learner's input is unusable: empty, several statements, a syntax error, a write
    /// in a query exercise ... (exit 2).
    BadInput(EngineError),
    /// An isolation-lab answer the lab cannot run (an unknown level, BEGIN in the answer ...).
    BadAnswer(String),
    /// The structure could not be analysed although the exercise's rules need it (exit 2).
    Unanalysable(String),
    /// The catalog itself is broken: a fixture or reference that fails.
    Catalog(String),
    /// The machine, not the answer: a dataset cache that stays damaged after a rebuild.
    Environment(String),
}

impl fmt::Display for GradeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GradeError::BadInput(e) => write!(f, "{e}"),
            GradeError::Unanalysable(e) => write!(f, "{e}"),
            GradeError::BadAnswer(e) => write!(f, "{e}"),
            GradeError::Catalog(e) => write!(f, "{e}"),
            GradeError::Environment(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for GradeError {}
