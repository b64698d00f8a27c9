//! The isolation lab: real sessions on real connections show which anomalies each isolation
//! level allows. Scenarios are data (`scenarios/*.toml`); engines plug in through [`Backend`].
//!
//! Layering inside the lab, each file one concept:
//! scenario/detector (data) → backend + sqlite_* / postgres_* / mysql_* (engines; engine_url and
//! engines pick one, lab_names and lock_monitor serve the servers) → session (one thread per session) →
//! driver (submits steps, decides waiting/resumed) → run/outcome/matrix (verdicts) → render.

mod backend;
mod builtin;
mod detector;
mod driver;
pub mod engine_url;
pub mod engines;
mod error;
pub mod exercise;
pub mod interactive;
mod lab_names;
mod level;
mod limits;
mod lock_monitor;
mod matrix;
pub(crate) mod messages;
mod mysql_backend;
mod mysql_sandbox;
mod mysql_session;
mod mysql_values;
mod mysql_waits;
mod outcome;
mod placeholders;
mod postgres_backend;
mod postgres_sandbox;
mod postgres_session;
mod postgres_values;
pub mod render;
mod run;
mod scenario;
mod server_connect;
mod server_errors;
mod session;
mod sqlite_backend;
mod sqlite_errors;
mod sqlite_session;
mod statement;
mod statement_guard;
mod temp_dir;
mod text_json;
mod timeline;
mod value;

pub use backend::{
    Backend, EngineError, ErrorKind, LabDatabase, LevelNote, Session, StepOutput, Vars, WaitProbe,
};
pub use builtin::{builtin, find, load_dir, with_extra};
pub use detector::{Condition, Detector};
pub use error::LabError;
pub use interactive::LabConsole;
pub use level::Level;
pub use limits::LabLimits;
pub use matrix::{Cell, Matrix, MatrixRow, matrix};
pub use mysql_backend::MysqlBackend;
pub use outcome::{Abort, Outcome, Verdict};
pub use postgres_backend::PostgresBackend;
pub use run::{Run, StepRecord, run_scenario, run_scenario_with};
pub use scenario::{Scenario, Step};
pub use sqlite_backend::SqliteBackend;
pub use timeline::{Event, EventKind, StepResult};
pub use value::{Rows, Value};
