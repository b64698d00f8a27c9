//! The isolation lab: real sessions on real connections show which anomalies each isolation
//! level allows. Scenarios are data (`scenarios/*.toml`); engines plug in through [`Backend`].
//!
//! Layering inside the lab, each file one concept:
//! scenario/detector (data) → backend + sqlite_* (engines) → session (one thread per session) →
//! driver (submits steps, decides waiting/resumed) → run/outcome/matrix (verdicts) → render.

mod backend;
mod builtin;
mod detector;
mod driver;
mod error;
pub mod exercise;
pub mod interactive;
mod level;
mod limits;
mod matrix;
mod messages;
mod outcome;
pub mod render;
mod run;
mod scenario;
mod session;
mod sqlite_backend;
mod sqlite_errors;
mod sqlite_session;
mod statement;
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
pub use outcome::{Abort, Outcome, Verdict};
pub use run::{Run, StepRecord, run_scenario, run_scenario_with};
pub use scenario::{Scenario, Step};
pub use sqlite_backend::SqliteBackend;
pub use timeline::{Event, EventKind, StepResult};
pub use value::{Rows, Value};
