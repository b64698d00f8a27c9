//! The outcome of grading one answer, as rendered for people and as `--json`.

use crate::engine::{ResultSet, Row};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Pass,
    Fail,
    Error,
}

/// Why an answer failed; `wrong/` files name one in `-- wrong: CODE`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FailCode {
    Rows,
    Types,
    Order,
    NoOrderBy,
    LimitTies,
    Columns,
    ColumnNames,
    Requires,
    Forbids,
    Error,
    Plan,
    /// (lab kind) the isolation run shows the answer does not do what was asked.
    Lab,
    BadInput,
}

impl FailCode {
    pub fn as_str(self) -> &'static str {
        match self {
            FailCode::Rows => "rows",
            FailCode::Types => "types",
            FailCode::Order => "order",
            FailCode::NoOrderBy => "no-order-by",
            FailCode::LimitTies => "limit-ties",
            FailCode::Columns => "columns",
            FailCode::ColumnNames => "column-names",
            FailCode::Requires => "requires",
            FailCode::Forbids => "forbids",
            FailCode::Error => "error",
            FailCode::Plan => "plan",
            FailCode::Lab => "lab",
            FailCode::BadInput => "bad-input",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DatasetStatus {
    Pass,
    Fail,
    NotRun,
}

#[derive(Clone, Debug, Serialize)]
pub struct DatasetReport {
    pub name: String,
    pub about: String,
    pub status: DatasetStatus,
}

#[derive(Clone, Debug, Serialize)]
pub struct OrderReport {
    /// 1-based.
    pub position: usize,
    pub expected: Row,
    pub actual: Row,
}

/// How long the answer and the reference took on one dataset (large datasets only, where the
/// difference is the lesson: deep OFFSET against keyset pagination).
#[derive(Clone, Debug, Serialize)]
pub struct Timing {
    pub dataset: String,
    pub answer_ms: f64,
    pub reference_ms: f64,
}

/// At most this many missing or extra rows are shown.
pub const SHOWN_ROWS: usize = 10;

#[derive(Clone, Debug, Serialize)]
pub struct Verdict {
    pub exercise: String,
    pub verdict: Outcome,
    pub code: Option<FailCode>,
    pub datasets: Vec<DatasetReport>,
    /// One-paragraph explanation in the user's language.
    pub message: String,
    pub failed_dataset: Option<String>,
    /// What the failing dataset changes.
    pub about: Option<String>,
    pub missing: Option<ResultSet>,
    pub missing_total: usize,
    pub extra: Option<ResultSet>,
    pub extra_total: usize,
    pub order: Option<OrderReport>,
    pub notes: Vec<String>,
    pub hint: Option<String>,
    /// Errors of script statements, plan lines: extra lines to show.
    pub details: Vec<String>,
    /// The answer's and the reference's time on a large dataset; `null` otherwise.
    pub timing: Option<Timing>,
    /// Byte offset into the answer where an error points (for a caret).
    #[serde(skip)]
    pub error_at: Option<usize>,
}

impl Verdict {
    pub fn new(exercise: &str, verdict: Outcome, message: String) -> Verdict {
        Verdict {
            exercise: exercise.to_string(),
            verdict,
            code: None,
            datasets: Vec::new(),
            message,
            failed_dataset: None,
            about: None,
            missing: None,
            missing_total: 0,
            extra: None,
            extra_total: 0,
            order: None,
            notes: Vec::new(),
            hint: None,
            details: Vec::new(),
            timing: None,
            error_at: None,
        }
    }

    pub fn fail(exercise: &str, code: FailCode, message: String) -> Verdict {
        let mut v = Verdict::new(exercise, Outcome::Fail, message);
        v.code = Some(code);
        v
    }

    pub fn passed(&self) -> bool {
        self.verdict == Outcome::Pass
    }
}

/// Keeps the first `SHOWN_ROWS` rows of a difference for display.
pub fn shown(columns: &[String], rows: &[Row]) -> Option<ResultSet> {
    (!rows.is_empty()).then(|| ResultSet {
        columns: columns.to_vec(),
        rows: rows.iter().take(SHOWN_ROWS).cloned().collect(),
    })
}
