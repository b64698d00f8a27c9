//! What can go wrong when SQL runs in the sandbox, in terms the grader can explain.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// SQLite errors so far that said a database is damaged (SQLITE_CORRUPT, SQLITE_NOTADB).
static DAMAGE_SEEN: AtomicU64 = AtomicU64::new(0);

/// How many times SQLite has reported a damaged database in this process. Learner SQL cannot
/// damage a database (DEFENSIVE, no writable schema), so a change during a grading means the
/// data under it (a disk-cache file) is damaged: see `Grader::grade`.
pub fn damage_seen() -> u64 {
    DAMAGE_SEEN.load(Ordering::Relaxed)
}

#[derive(Clone, Debug, PartialEq)]
pub enum EngineError {
    /// Empty or comment-only SQL.
    Empty,
    /// SQL text over the size cap.
    TooLong { bytes: usize, cap: usize },
    /// A NUL byte at this offset: SQLite would read only the text before it.
    Nul { offset: usize },
    /// A statement read from a pipe grew past the size cap; it was skipped to its end.
    TooLongWhileReading { cap: usize },
    /// Several statements where one is expected.
    Several { count: usize },
    /// A statement that writes where only reads are allowed.
    NotReadOnly { statement: String },
    /// SQLite refused to prepare the statement; `offset` is a byte offset into `sql`.
    Prepare {
        message: String,
        sql: String,
        offset: Option<usize>,
    },
    /// The authorizer refused something.
    Denied(String),
    /// The per-statement time budget ran out.
    Timeout(Duration),
    /// The check's total budget ran out.
    CheckBudget(Duration),
    /// The result has more rows than the row cap.
    TooManyRows(usize),
    /// The result holds more bytes than the size cap.
    TooManyBytes(usize),
    /// SQLite's heap cap was reached (sorts and temp tables count).
    OutOfMemory,
    /// Any other error while running.
    Sql(String),
}

impl EngineError {
    /// Maps a rusqlite error; an interrupt is the time budget running out.
    pub fn from_sqlite(err: rusqlite::Error, timeout: Duration) -> EngineError {
        use rusqlite::ffi::ErrorCode;
        if matches!(
            err.sqlite_error_code(),
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
        ) {
            DAMAGE_SEEN.fetch_add(1, Ordering::Relaxed);
        }
        match err {
            rusqlite::Error::SqliteFailure(e, _) if e.code == ErrorCode::OperationInterrupted => {
                EngineError::Timeout(timeout)
            }
            rusqlite::Error::SqliteFailure(e, _) if e.code == ErrorCode::OutOfMemory => {
                EngineError::OutOfMemory
            }
            rusqlite::Error::SqlInputError {
                msg, offset, sql, ..
            } => EngineError::Prepare {
                message: msg,
                sql,
                offset: usize::try_from(offset).ok(),
            },
            rusqlite::Error::SqliteFailure(_, Some(msg)) => EngineError::Sql(msg),
            other => EngineError::Sql(other.to_string()),
        }
    }

    /// Any error while preparing is about the input: make it a `Prepare` error, pointing
    /// at the end of the text when SQLite says the input stops too early.
    pub fn at_prepare(self, sql: &str) -> EngineError {
        match self {
            EngineError::Sql(message) => {
                let offset = message.contains("incomplete input").then_some(sql.len());
                EngineError::Prepare {
                    message,
                    sql: sql.to_string(),
                    offset,
                }
            }
            other => other,
        }
    }

    /// Shifts a prepare error's offset so it points into the whole input, not one statement.
    pub fn relocate(self, whole: &str, start: usize) -> EngineError {
        match self {
            EngineError::Prepare {
                message, offset, ..
            } => EngineError::Prepare {
                message,
                sql: whole.to_string(),
                offset: offset.map(|o| o + start),
            },
            other => other,
        }
    }

    /// A syntax error in the learner's input (rather than, say, an unknown column).
    pub fn is_syntax(&self) -> bool {
        matches!(self, EngineError::Prepare { message, .. }
            if message.contains("syntax error") || message.contains("incomplete input") || message.contains("unrecognized token"))
    }
}

impl From<rusqlite::Error> for EngineError {
    fn from(e: rusqlite::Error) -> Self {
        EngineError::from_sqlite(e, Duration::ZERO)
    }
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EngineError::Empty => write!(f, "empty SQL"),
            EngineError::TooLong { bytes, cap } => {
                write!(f, "SQL is {bytes} bytes; the cap is {cap}")
            }
            EngineError::Nul { offset } => write!(f, "NUL byte at offset {offset}"),
            EngineError::TooLongWhileReading { cap } => {
                write!(f, "statement longer than the cap of {cap} bytes")
            }
            EngineError::Several { count } => write!(f, "{count} statements where one is expected"),
            EngineError::NotReadOnly { statement } => write!(f, "{statement} is not read-only"),
            EngineError::Prepare { message, .. } => write!(f, "{message}"),
            EngineError::Denied(why) => write!(f, "not allowed: {why}"),
            EngineError::Timeout(d) => write!(f, "stopped after {:.1} s", d.as_secs_f64()),
            EngineError::CheckBudget(d) => {
                write!(
                    f,
                    "the check's total budget of {:.1} s ran out",
                    d.as_secs_f64()
                )
            }
            EngineError::TooManyRows(cap) => write!(f, "more than {cap} rows"),
            EngineError::TooManyBytes(cap) => write!(f, "more than {cap} bytes"),
            EngineError::OutOfMemory => write!(f, "out of memory"),
            EngineError::Sql(msg) => write!(f, "{msg}"),
        }
    }
}

impl std::error::Error for EngineError {}
