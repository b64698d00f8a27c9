//! Two (or three) live sessions for the REPL. A statement that blocks returns `waiting…` at
//! once; the other session stays usable; later completions come back from `poll`.
//!
//! Sessions can change level between transactions (`.level A repeatable-read`), which reopens
//! that session's connection. On SQLite the console's database is a WAL file, whatever the
//! levels; a read-uncommitted session joins the file's shared cache, so it sees the uncommitted
//! writes of other read-uncommitted sessions (SQLite shares uncommitted pages only within one
//! cache). On PostgreSQL and MySQL it is the backend's throwaway schema or database, dropped
//! with the console; a session whose connection was lost gets a new one from `.level`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;

use super::backend::{Backend, LabDatabase};
use super::driver::Driver;
use super::error::LabError;
use super::level::Level;
use super::limits::LabLimits;
use super::render;
use super::scenario::Scenario;
use super::timeline::Event;
use crate::lang::Lang;

const DEFAULT_SESSIONS: [&str; 2] = ["A", "B"];

/// The state of one session, for a prompt or `.status`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SessionStatus {
    pub session: String,
    pub level: Level,
    pub in_transaction: bool,
    /// A statement of this session has not finished yet.
    pub waiting: bool,
}

/// What a console line did.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "reply", rename_all = "kebab-case")]
pub enum Reply {
    Events { events: Vec<Event> },
    LevelSet { session: String, level: Level },
    Status { sessions: Vec<SessionStatus> },
}

pub struct LabConsole {
    driver: Driver,
    /// Kept so the database outlives every reopened session.
    _db: Arc<dyn LabDatabase>,
    sessions: Vec<String>,
    next_step: usize,
}

impl LabConsole {
    /// Sessions A and B at `level` on a fresh database built from `setup_sql`.
    pub fn open(
        backend: &dyn Backend,
        setup_sql: &str,
        level: Level,
    ) -> Result<LabConsole, LabError> {
        let names: Vec<String> = DEFAULT_SESSIONS.iter().map(|s| s.to_string()).collect();
        LabConsole::build(backend, setup_sql, &names, level, LabLimits::default())
    }

    /// The scenario's setup and sessions (at least A and B), for replaying it by hand.
    pub fn for_scenario(
        backend: &dyn Backend,
        scenario: &Scenario,
        level: Level,
    ) -> Result<LabConsole, LabError> {
        let mut names = scenario.sessions.clone();
        for d in DEFAULT_SESSIONS {
            if !names.iter().any(|n| n == d) {
                names.push(d.to_string());
            }
        }
        names.sort();
        LabConsole::build(
            backend,
            &scenario.setup,
            &names,
            level,
            LabLimits::default(),
        )
    }

    pub fn with_limits(
        backend: &dyn Backend,
        setup_sql: &str,
        level: Level,
        limits: LabLimits,
    ) -> Result<LabConsole, LabError> {
        let names: Vec<String> = DEFAULT_SESSIONS.iter().map(|s| s.to_string()).collect();
        LabConsole::build(backend, setup_sql, &names, level, limits)
    }

    fn build(
        backend: &dyn Backend,
        setup_sql: &str,
        names: &[String],
        level: Level,
        limits: LabLimits,
    ) -> Result<LabConsole, LabError> {
        let db = backend.create_database(setup_sql, &Level::ALL)?;
        let mut driver = Driver::new(db.clone(), backend.observes_lock_waits(), limits);
        for name in names {
            driver.open(name, level)?;
        }
        Ok(LabConsole {
            driver,
            _db: db,
            sessions: names.to_vec(),
            next_step: 0,
        })
    }

    pub fn sessions(&self) -> &[String] {
        &self.sessions
    }

    fn slot(&self, session: &str) -> Result<usize, LabError> {
        let wanted = session.trim().to_ascii_uppercase();
        (0..self.driver.slot_count())
            .find(|i| self.driver.name(*i) == wanted)
            .ok_or_else(|| LabError::UnknownSession(session.to_string()))
    }

    /// Runs one statement in `session`. Returns at once with its result, or with `waiting…`
    /// (or `queued` when the session is already waiting), plus anything else that finished.
    pub fn execute(&mut self, session: &str, sql: &str) -> Result<Vec<Event>, LabError> {
        let slot = self.slot(session)?;
        let sql = sql.trim().trim_end_matches(';').trim().to_string();
        if super::statement::split(&sql).is_empty() {
            return Err(LabError::BadAnswer(super::text_json::text(
                "empty statement",
                "空语句",
            )));
        }
        self.next_step += 1;
        Ok(self.driver.submit(slot, self.next_step, sql))
    }

    /// Changes a session's level; allowed between transactions only.
    pub fn set_level(&mut self, session: &str, level: Level) -> Result<(), LabError> {
        let slot = self.slot(session)?;
        self.driver.reopen(slot, level)
    }

    pub fn level(&self, session: &str) -> Result<Level, LabError> {
        Ok(self.driver.level(self.slot(session)?))
    }

    pub fn in_transaction(&self, session: &str) -> Result<bool, LabError> {
        Ok(self.driver.in_txn(self.slot(session)?))
    }

    pub fn is_waiting(&self, session: &str) -> Result<bool, LabError> {
        Ok(self.driver.is_busy(self.slot(session)?))
    }

    pub fn status(&self) -> Vec<SessionStatus> {
        (0..self.driver.slot_count())
            .map(|i| SessionStatus {
                session: self.driver.name(i).to_string(),
                level: self.driver.level(i),
                in_transaction: self.driver.in_txn(i),
                waiting: self.driver.is_busy(i),
            })
            .collect()
    }

    /// What finished since the last call (e.g. a waiting statement that resumed or timed out).
    /// Does not block.
    pub fn poll(&mut self) -> Vec<Event> {
        self.driver.poll(Duration::ZERO)
    }

    /// Waits until no session is waiting, or `timeout`; returns what finished meanwhile.
    pub fn wait_idle(&mut self, timeout: Duration) -> Vec<Event> {
        let deadline = Instant::now() + timeout;
        let mut out = Vec::new();
        loop {
            let busy = (0..self.driver.slot_count()).any(|i| self.driver.is_busy(i));
            let now = Instant::now();
            if !busy || now >= deadline {
                return out;
            }
            out.extend(
                self.driver
                    .poll((deadline - now).min(Duration::from_millis(100))),
            );
        }
    }

    /// One REPL line: `A: SQL` (or `A SQL`), `.level A repeatable-read`, `.status`.
    pub fn command(&mut self, line: &str) -> Result<Reply, LabError> {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix(".level") {
            let mut parts = rest.split_whitespace();
            let (Some(session), Some(level)) = (parts.next(), parts.next()) else {
                return Err(LabError::UnknownLevel(rest.trim().to_string()));
            };
            let level =
                Level::parse(level).ok_or_else(|| LabError::UnknownLevel(level.to_string()))?;
            self.set_level(session, level)?;
            return Ok(Reply::LevelSet {
                session: session.to_ascii_uppercase(),
                level,
            });
        }
        if line == ".status" {
            return Ok(Reply::Status {
                sessions: self.status(),
            });
        }
        let split = line
            .find(|c: char| c == ':' || c.is_whitespace())
            .ok_or_else(|| LabError::UnknownSession(line.to_string()))?;
        let (session, sql) = line.split_at(split);
        let sql = sql.trim_start_matches(':').trim();
        let events = self.execute(session, sql)?;
        Ok(Reply::Events { events })
    }

    /// Renders events as the timeline table (one column per session).
    pub fn render(&self, events: &[Event], lang: Lang) -> String {
        render::events(&self.sessions, events, lang)
    }
}
