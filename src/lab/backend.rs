//! The engine-neutral contract, implemented by SQLite, PostgreSQL and MySQL/MariaDB with the same
//! shapes: rows as a small `Rows` table, errors as engine code + meaning, and an
//! isolated database per run that is torn down when dropped.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;

use super::error::LabError;
use super::level::Level;
use super::limits::LabLimits;
use super::value::{Rows, Value};
use crate::lang::Text;

/// Session-scoped variables: every SELECT binds its first row's columns by name, so a later step
/// can use `:balance` — how a script expresses "the application computed this from what it read".
pub type Vars = HashMap<String, Value>;

/// Counts how often a session's current statement found a lock taken and retried. The driver
/// reads it to tell "blocked on a lock" from "still running" without guessing from time.
#[derive(Clone, Debug, Default)]
pub struct WaitProbe(Arc<AtomicU64>);

impl WaitProbe {
    pub fn tick(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }

    pub fn get(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// What a statement produced.
#[derive(Clone, Debug, PartialEq)]
pub enum StepOutput {
    Rows(Rows),
    /// Rows inserted, updated or deleted.
    Changed(u64),
}

/// Why an engine refused a statement, in terms the verdict logic understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    /// Serialization failure (PostgreSQL 40001, SSI).
    Serialization,
    /// The transaction read an old snapshot and may not write (SQLite SQLITE_BUSY_SNAPSHOT).
    StaleSnapshot,
    /// A lock conflict the engine refuses to wait for (SQLite SQLITE_BUSY inside a read transaction).
    LockConflict,
    Deadlock,
    /// Waited for a lock longer than `LabLimits::lock_wait`.
    LockTimeout,
    /// The statement used up its time budget.
    Interrupted,
    /// Not allowed in the lab (ATTACH, PRAGMA, load_extension).
    Denied,
    /// Anything else: syntax, constraints, unknown variables.
    Statement,
    /// The server connection is gone (server stopped, connection killed). Reported, and the run
    /// that met it fails, because nothing it observed afterwards would mean anything.
    ConnectionLost,
}

impl ErrorKind {
    /// Errors through which the engine (or the lab, on its behalf) rolls the transaction back.
    pub fn aborts_transaction(self) -> bool {
        matches!(
            self,
            ErrorKind::Serialization
                | ErrorKind::StaleSnapshot
                | ErrorKind::LockConflict
                | ErrorKind::Deadlock
                | ErrorKind::LockTimeout
                | ErrorKind::ConnectionLost
        )
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EngineError {
    /// Engine code, e.g. `SQLITE_BUSY_SNAPSHOT`, `40001`, `1213`.
    pub code: String,
    /// The engine's own message.
    pub message: String,
    /// What it means here and what to do, in both languages.
    #[serde(serialize_with = "super::text_json::serialize")]
    pub meaning: Text,
    pub kind: ErrorKind,
}

/// How a level is realised on an engine, and where that engine differs from the others.
#[derive(Clone, Debug, Serialize)]
pub struct LevelNote {
    #[serde(serialize_with = "super::text_json::serialize")]
    pub how: Text,
    #[serde(serialize_with = "super::text_json::serialize")]
    pub differs: Text,
}

pub trait Backend: Send + Sync {
    /// `sqlite`, `postgres`, `mysql`: matched against a scenario's `engines`.
    fn name(&self) -> &'static str;

    fn describe_level(&self, level: Level) -> LevelNote;

    /// The server a run talked to, e.g. `PostgreSQL 15.20` (None for embedded SQLite).
    fn server(&self) -> Option<String> {
        None
    }

    /// True when sessions tick their `WaitProbe` while blocked on a lock, so the driver can show
    /// `waiting…` exactly. Otherwise a step is shown waiting after `LabLimits::wait_threshold`.
    fn observes_lock_waits(&self) -> bool;

    /// Creates an isolated database with `setup_sql` applied. `levels` are the levels sessions
    /// will use (an engine may pick storage accordingly). Dropping the result tears it down.
    fn create_database(
        &self,
        setup_sql: &str,
        levels: &[Level],
    ) -> Result<Arc<dyn LabDatabase>, LabError>;
}

pub trait LabDatabase: Send + Sync {
    /// Opens one session's connection at `level`; it will live on its own thread.
    fn open_session(
        &self,
        level: Level,
        probe: WaitProbe,
        limits: &LabLimits,
    ) -> Result<Box<dyn Session>, LabError>;

    /// Runs a read-only query on committed data (invariant checks after the sessions end).
    fn query(&self, sql: &str) -> Result<Rows, LabError>;
}

/// One connection. Calls block until the statement finishes, fails, or hits a bound in `limits`.
/// `begin`/`commit`/`rollback` realise the session's level (e.g. SQLite read-committed starts the
/// real write transaction lazily at the first write).
pub trait Session: Send {
    fn level(&self) -> Level;
    fn begin(&mut self) -> Result<(), EngineError>;
    fn commit(&mut self) -> Result<(), EngineError>;
    /// Must leave the connection outside any transaction, also after an engine-aborted one.
    fn rollback(&mut self) -> Result<(), EngineError>;
    fn execute(
        &mut self,
        sql: &str,
        vars: &Vars,
        limits: &LabLimits,
    ) -> Result<StepOutput, EngineError>;
}
