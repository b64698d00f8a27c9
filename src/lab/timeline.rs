//! What the driver saw, in order: one event per row of the rendered timeline.

use serde::Serialize;

use super::backend::EngineError;
use super::value::Rows;

/// The result of one step, as the session layer reports it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum StepResult {
    Rows {
        rows: Rows,
    },
    Changed {
        count: u64,
    },
    Began,
    Committed,
    RolledBack,
    /// COMMIT of a transaction the engine had aborted earlier: it was rolled back instead.
    CommitRolledBack,
    /// Not sent to the engine: this transaction was already aborted.
    Skipped,
    Failed {
        error: EngineError,
        /// The error ended the transaction (the lab rolled it back on the engine's behalf).
        rolled_back: bool,
    },
}

impl StepResult {
    pub fn succeeded(&self) -> bool {
        matches!(
            self,
            StepResult::Rows { .. }
                | StepResult::Changed { .. }
                | StepResult::Began
                | StepResult::Committed
                | StepResult::RolledBack
        )
    }

    pub fn rows(&self) -> Option<&Rows> {
        match self {
            StepResult::Rows { rows } => Some(rows),
            _ => None,
        }
    }

    pub fn error(&self) -> Option<&EngineError> {
        match self {
            StepResult::Failed { error, .. } => Some(error),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum EventKind {
    /// The step finished within the same turn it was submitted.
    Done { result: StepResult },
    /// The step is blocked (on a lock, or slow past the threshold); its session's later steps queue.
    Waiting,
    /// Submitted while an earlier step of the same session was still waiting.
    Queued { behind: usize },
    /// A waiting step finished.
    Resumed { result: StepResult },
    /// A queued step ran (after the step it queued behind finished).
    Ran { result: StepResult },
    /// The session ended with a transaction still open, which was rolled back.
    ClosedRolledBack,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    /// Session name: `A`, `B` or `C`.
    pub session: String,
    /// Index of the session in the run's session list (the timeline column).
    #[serde(skip)]
    pub column: usize,
    /// 1-based step number in the script (or the console's running number); 0 for session events.
    pub step: usize,
    pub sql: String,
    #[serde(flatten)]
    pub kind: EventKind,
}

impl Event {
    /// The step's result when this event carries one.
    pub fn result(&self) -> Option<&StepResult> {
        match &self.kind {
            EventKind::Done { result }
            | EventKind::Resumed { result }
            | EventKind::Ran { result } => Some(result),
            _ => None,
        }
    }
}
