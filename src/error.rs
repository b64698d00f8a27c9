//! The crate's typed errors and the one place they become exit codes.
//!
//! Exit codes: 0 pass / success, 1 a failed check or verify, 2 bad input or usage (empty or
//! invalid SQL, several statements, unknown id, ...), 3 the environment (I/O, a broken
//! catalog, state that cannot be read or saved).

use crate::catalog::CatalogError;
use crate::engine::EngineError;
use crate::grade::GradeError;
use crate::lang::Lang;
use crate::tr;
use std::path::PathBuf;

#[derive(Debug)]
pub enum Error {
    Usage(String),
    UnknownId {
        id: String,
        suggestions: Vec<String>,
    },
    InvalidUtf8 {
        offset: usize,
    },
    Grade {
        exercise: String,
        error: GradeError,
    },
    Catalog(CatalogError),
    Lab(crate::lab::LabError),
    Io {
        path: PathBuf,
        error: String,
    },
    /// The progress file exists but cannot be read; it is left untouched.
    ProgressUnreadable {
        path: PathBuf,
        error: String,
    },
    /// A change to progress could not be recorded.
    ProgressNotSaved {
        path: PathBuf,
        error: String,
    },
    /// No SQLDRILL_HOME, XDG_DATA_HOME or HOME: nowhere to keep state.
    NoHome,
    /// An error after the command's result was printed (a verdict, then progress not
    /// saved): reported on stderr even with `--json`, so stdout keeps one document.
    AfterOutput(Box<Error>),
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) | Error::UnknownId { .. } | Error::InvalidUtf8 { .. } => 2,
            Error::Grade { error, .. } => match error {
                GradeError::BadInput(_)
                | GradeError::Unanalysable(_)
                | GradeError::BadAnswer(_) => 2,
                GradeError::Catalog(_) | GradeError::Environment(_) => 3,
            },
            Error::Lab(e) => {
                if e.is_bad_input() {
                    2
                } else {
                    3
                }
            }
            Error::Catalog(_)
            | Error::Io { .. }
            | Error::ProgressUnreadable { .. }
            | Error::ProgressNotSaved { .. }
            | Error::NoHome => 3,
            Error::AfterOutput(e) => e.exit_code(),
        }
    }

    /// A short machine-readable kind for `--json`.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Usage(_) => "usage",
            Error::UnknownId { .. } => "unknown-id",
            Error::InvalidUtf8 { .. } => "bad-input",
            Error::Grade { error, .. } => match error {
                GradeError::BadInput(_)
                | GradeError::Unanalysable(_)
                | GradeError::BadAnswer(_) => "bad-input",
                GradeError::Catalog(_) => "catalog",
                GradeError::Environment(_) => "io",
            },
            Error::Catalog(_) => "catalog",
            Error::Lab(e) if e.is_bad_input() => "bad-input",
            Error::Lab(_) => "lab",
            Error::Io { .. }
            | Error::ProgressUnreadable { .. }
            | Error::ProgressNotSaved { .. }
            | Error::NoHome => "io",
            Error::AfterOutput(e) => e.kind(),
        }
    }

    pub fn exercise(&self) -> Option<&str> {
        match self {
            Error::Grade { exercise, .. } => Some(exercise),
            Error::AfterOutput(e) => e.exercise(),
            _ => None,
        }
    }

    /// The message in the user's language, without location details.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Error::Usage(d) => tr!(lang, Usage, detail = d),
            Error::UnknownId { id, suggestions } => {
                let mut m = tr!(lang, UnknownId, id = id);
                if !suggestions.is_empty() {
                    m.push(' ');
                    m.push_str(&tr!(lang, DidYouMean, list = suggestions.join(", ")));
                }
                m
            }
            Error::InvalidUtf8 { offset } => tr!(lang, InvalidUtf8, offset = offset),
            Error::Grade { error, .. } => match error {
                GradeError::BadInput(e) => crate::grade::feedback::engine_error_text(lang, e),
                other => other.to_string(),
            },
            Error::Catalog(e) => tr!(lang, CatalogBroken, error = e),
            Error::Lab(e) => e.message(lang),
            Error::Io { path, error } => tr!(lang, IoError, path = path.display(), error = error),
            Error::ProgressUnreadable { path, error } => {
                tr!(
                    lang,
                    ProgressUnreadable,
                    path = path.display(),
                    error = error
                )
            }
            Error::ProgressNotSaved { path, error } => {
                tr!(lang, ProgressNotSaved, path = path.display(), error = error)
            }
            Error::NoHome => tr!(lang, NoHome),
            Error::AfterOutput(e) => e.message(lang),
        }
    }

    /// The SQL text and byte offset an error points at, for a caret.
    pub fn location(&self) -> Option<(&str, usize)> {
        match self {
            Error::AfterOutput(e) => e.location(),
            Error::Grade {
                error:
                    GradeError::BadInput(EngineError::Prepare {
                        sql,
                        offset: Some(o),
                        ..
                    }),
                ..
            } => Some((sql, *o)),
            _ => None,
        }
    }
}

impl From<CatalogError> for Error {
    fn from(e: CatalogError) -> Self {
        Error::Catalog(e)
    }
}
