//! One SQLite session: a hardened connection and the per-level meaning of BEGIN/COMMIT/ROLLBACK.

use std::time::{Duration, Instant};

use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::limits::Limit;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, Statement, ToSql, config::DbConfig};

use super::backend::{EngineError, Session, StepOutput, Vars, WaitProbe};
use super::level::Level;
use super::limits::LabLimits;
use super::sqlite_errors::{is_sharedcache_locked, translate};
use super::value::{Rows, Value};

/// How long a blocked statement sleeps between attempts; short so resumption is prompt.
const RETRY_PAUSE: Duration = Duration::from_millis(1);

pub(crate) struct SqliteSession {
    conn: Connection,
    level: Level,
    probe: WaitProbe,
    /// Inside a scenario transaction (BEGIN seen), whether or not SQLite has one open yet.
    logical: bool,
    limits: LabLimits,
}

impl SqliteSession {
    /// Pragmas first, then the authorizer: after this the session cannot change its own settings.
    pub(crate) fn configure(
        mut conn: Connection,
        level: Level,
        probe: WaitProbe,
        limits: &LabLimits,
    ) -> rusqlite::Result<SqliteSession> {
        conn.execute_batch("PRAGMA synchronous=OFF")?;
        if level == Level::ReadUncommitted {
            conn.execute_batch("PRAGMA read_uncommitted=1")?;
        }
        let ticks = probe.clone();
        let limits_now = *limits;
        let mut started = Instant::now();
        // Bounded waiting: SQLite calls this while a lock is taken; `false` gives up with SQLITE_BUSY.
        conn.busy_handler(Some(move |count: i32| {
            if count == 0 {
                started = Instant::now();
            }
            ticks.tick();
            if started.elapsed() >= limits_now.now().lock_wait {
                return false;
            }
            std::thread::sleep(RETRY_PAUSE);
            true
        }))?;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
        conn.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 0)?;
        conn.set_limit(Limit::SQLITE_LIMIT_SQL_LENGTH, 100_000)?;
        conn.set_limit(Limit::SQLITE_LIMIT_EXPR_DEPTH, 200)?;
        conn.set_limit(Limit::SQLITE_LIMIT_LENGTH, 1_000_000)?;
        conn.authorizer(Some(authorize))?;
        Ok(SqliteSession {
            conn,
            level,
            probe,
            logical: false,
            limits: *limits,
        })
    }

    /// Runs `f`, retrying while a shared-cache table lock is taken (read-uncommitted writers),
    /// bounded by `lock_wait`. The statement budget restarts with each attempt.
    ///
    /// Why a retry loop rather than unlock notify: rusqlite's `unlock_notify` feature is
    /// crate-wide (it would change every connection, the grader's too) and waits on a condvar
    /// with no timeout, so a forgotten transaction would hang a session forever. Polling every
    /// millisecond is bounded, keeps the dependency features unchanged, and resumes promptly.
    /// What it gives up — SQLite's deadlock detection between shared-cache waiters — cannot
    /// matter here: a shared cache has at most one write transaction, read-uncommitted readers
    /// take no table locks, so a waiting writer holds nothing another writer could wait for.
    /// Retrying is safe because SQLITE_LOCKED is raised before the statement changes anything.
    fn retrying<T>(
        &mut self,
        limits: &LabLimits,
        mut f: impl FnMut(&Connection) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        let start = Instant::now();
        loop {
            let now = limits.now();
            let deadline = Instant::now() + now.statement;
            self.conn
                .progress_handler(1000, Some(move || Instant::now() >= deadline))?;
            let armed = crate::engine::hard_stop::arm(now.statement);
            let result = f(&self.conn);
            drop(armed);
            self.conn.progress_handler(0, None::<fn() -> bool>)?;
            match result {
                Err(e) if is_sharedcache_locked(&e) && start.elapsed() < limits.now().lock_wait => {
                    self.probe.tick();
                    std::thread::sleep(RETRY_PAUSE);
                }
                other => return other,
            }
        }
    }

    fn batch(&mut self, sql: &str) -> Result<(), EngineError> {
        let before = self.probe.get();
        let limits = self.limits;
        self.retrying(&limits, |c| c.execute_batch(sql))
            .map_err(|e| translate(&e, self.probe.get() > before))
    }

    fn run(&mut self, sql: &str, vars: &Vars, limits: &LabLimits) -> rusqlite::Result<StepOutput> {
        // Read-committed: the first write of a transaction takes the write lock and keeps it.
        if self.level == Level::ReadCommitted && self.logical && self.conn.is_autocommit() {
            let writes = !self.conn.prepare(sql)?.readonly();
            if writes {
                self.retrying(limits, |c| c.execute_batch("BEGIN IMMEDIATE"))?;
            }
        }
        let max_rows = limits.max_rows;
        self.retrying(limits, |c| run_statement(c, sql, vars, max_rows))
    }
}

impl Session for SqliteSession {
    fn level(&self) -> Level {
        self.level
    }

    fn begin(&mut self) -> Result<(), EngineError> {
        self.logical = true;
        match self.level {
            // Autocommit until the first write (see `run`).
            Level::ReadCommitted => Ok(()),
            Level::ReadUncommitted | Level::RepeatableRead => self.batch("BEGIN DEFERRED"),
            Level::Serializable => self.batch("BEGIN IMMEDIATE"),
        }
    }

    fn commit(&mut self) -> Result<(), EngineError> {
        self.logical = false;
        if self.conn.is_autocommit() {
            return Ok(());
        }
        self.batch("COMMIT")
    }

    fn rollback(&mut self) -> Result<(), EngineError> {
        self.logical = false;
        if self.conn.is_autocommit() {
            return Ok(());
        }
        self.batch("ROLLBACK")
    }

    fn execute(
        &mut self,
        sql: &str,
        vars: &Vars,
        limits: &LabLimits,
    ) -> Result<StepOutput, EngineError> {
        let before = self.probe.get();
        self.run(sql, vars, limits)
            .map_err(|e| translate(&e, self.probe.get() > before))
    }
}

/// Untrusted SQL may not reach outside the throwaway database or change connection settings.
fn authorize(ctx: AuthContext<'_>) -> Authorization {
    match ctx.action {
        AuthAction::Attach { .. } | AuthAction::Detach { .. } | AuthAction::Pragma { .. } => {
            Authorization::Deny
        }
        AuthAction::Savepoint { .. } => Authorization::Deny,
        AuthAction::Function { function_name }
            if function_name.eq_ignore_ascii_case("load_extension") =>
        {
            Authorization::Deny
        }
        _ => Authorization::Allow,
    }
}

impl ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Integer(i) => ToSqlOutput::Borrowed(ValueRef::Integer(*i)),
            Value::Real(r) => ToSqlOutput::Borrowed(ValueRef::Real(*r)),
            Value::Text(t) => ToSqlOutput::Borrowed(ValueRef::Text(t.as_bytes())),
            Value::Blob(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
        })
    }
}

fn value_of(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Integer(i),
        ValueRef::Real(r) => Value::Real(r),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

/// Named parameters (`:name`, `@name`, `$name`) come from the session's variables.
fn run_statement(
    conn: &Connection,
    sql: &str,
    vars: &Vars,
    max_rows: usize,
) -> rusqlite::Result<StepOutput> {
    let mut stmt = conn.prepare(sql)?;
    for i in 1..=stmt.parameter_count() {
        let name = stmt.parameter_name(i).unwrap_or("?").to_string();
        let key = name.get(1..).unwrap_or("").to_ascii_lowercase();
        let value = vars
            .get(&key)
            .ok_or(rusqlite::Error::InvalidParameterName(name))?;
        stmt.raw_bind_parameter(i, value)?;
    }
    if stmt.column_count() == 0 {
        let n = stmt.raw_execute()?;
        return Ok(StepOutput::Changed(n as u64));
    }
    read_rows(&mut stmt, max_rows).map(StepOutput::Rows)
}

/// Reads at most `max_rows` rows of an already bound statement.
pub(crate) fn read_rows(stmt: &mut Statement<'_>, max_rows: usize) -> rusqlite::Result<Rows> {
    let columns: Vec<String> = stmt.column_names().map(|c| c.to_string()).collect();
    let n = columns.len();
    let mut rows = stmt.raw_query();
    let mut out = Vec::new();
    let mut truncated = false;
    while let Some(row) = rows.next()? {
        if out.len() >= max_rows {
            truncated = true;
            break;
        }
        let mut values = Vec::with_capacity(n);
        for i in 0..n {
            values.push(value_of(row.get_ref(i)?));
        }
        out.push(values);
    }
    Ok(Rows {
        columns,
        rows: out,
        truncated,
    })
}
