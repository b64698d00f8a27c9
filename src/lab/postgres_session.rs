//! One PostgreSQL session: its own connection, pinned to the run's schema, with bounded waits,
//! and the level's `BEGIN ISOLATION LEVEL …`.

use postgres::Client;
use postgres::fallible_iterator::FallibleIterator;

use super::backend::{EngineError, ErrorKind, Session, StepOutput, Vars};
use super::level::Level;
use super::limits::LabLimits;
use super::lock_monitor::Watcher;
use super::placeholders::{Style, bind};
use super::postgres_values::{PgValue, param};
use super::server_errors::{connection_lost, postgres as pg_error};
use super::statement_guard::Guard;
use super::text_json::text;
use super::value::Rows;

/// The level as PostgreSQL spells it. READ UNCOMMITTED is accepted and run as READ COMMITTED;
/// the lab sends it anyway so the matrix shows what PostgreSQL really does with it.
pub(crate) fn sql_level(level: Level) -> &'static str {
    match level {
        Level::ReadUncommitted => "READ UNCOMMITTED",
        Level::ReadCommitted => "READ COMMITTED",
        Level::RepeatableRead => "REPEATABLE READ",
        Level::Serializable => "SERIALIZABLE",
    }
}

pub(crate) fn translate(e: &postgres::Error) -> EngineError {
    if let Some(db) = e.as_db_error() {
        return pg_error(db.code().code(), db.message());
    }
    if e.is_closed() {
        return connection_lost("PostgreSQL", "the server closed the connection");
    }
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            return connection_lost("PostgreSQL", &super::server_errors::io_cause(io));
        }
        source = s.source();
    }
    EngineError {
        code: "CLIENT".into(),
        message: e.to_string(),
        meaning: text(
            format!("PostgreSQL client error: {e}"),
            format!("PostgreSQL 客户端错误：{e}"),
        ),
        kind: ErrorKind::Statement,
    }
}

/// Runs one statement with the session's variables as parameters; keeps at most `max_rows` rows.
pub(crate) fn run(
    client: &mut Client,
    sql: &str,
    vars: &Vars,
    max_rows: usize,
) -> Result<StepOutput, EngineError> {
    let bound = bind(sql, vars, Style::Dollar)?;
    let params: Vec<_> = bound.values.iter().map(param).collect();
    let types: Vec<_> = params.iter().map(|(_, t)| t.clone()).collect();
    let stmt = client
        .prepare_typed(&bound.sql, &types)
        .map_err(|e| translate(&e))?;
    let refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
        params.iter().map(|(v, _)| v.as_ref()).collect();
    if stmt.columns().is_empty() {
        let n = client.execute(&stmt, &refs).map_err(|e| translate(&e))?;
        return Ok(StepOutput::Changed(n));
    }
    let columns: Vec<String> = stmt
        .columns()
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    let mut iter = client
        .query_raw(&stmt, refs.iter().copied())
        .map_err(|e| translate(&e))?;
    let mut rows = Vec::new();
    let mut truncated = false;
    while let Some(row) = iter.next().map_err(|e| translate(&e))? {
        if rows.len() >= max_rows {
            truncated = true;
            break;
        }
        let mut values = Vec::with_capacity(columns.len());
        for i in 0..columns.len() {
            let PgValue(v) = row.try_get(i).map_err(|e| translate(&e))?;
            values.push(v);
        }
        rows.push(values);
    }
    Ok(StepOutput::Rows(Rows {
        columns,
        rows,
        truncated,
    }))
}

pub(crate) struct PostgresSession {
    pub(crate) client: Client,
    pub(crate) level: Level,
    /// None when the server cannot be monitored (the driver then uses its time threshold).
    pub(crate) watcher: Option<Watcher>,
    /// Inside BEGIN … COMMIT on the server.
    in_txn: bool,
    /// A statement failed inside the transaction: PostgreSQL has aborted it.
    failed: bool,
    /// Cancels a statement that outruns its budget, whatever the session set.
    guard: Guard,
}

impl PostgresSession {
    pub(crate) fn new(
        client: Client,
        level: Level,
        watcher: Option<Watcher>,
        guard: Guard,
    ) -> PostgresSession {
        PostgresSession {
            client,
            level,
            watcher,
            in_txn: false,
            failed: false,
            guard,
        }
    }

    /// One round trip, watched by the lock monitor.
    fn watched<T>(&mut self, f: impl FnOnce(&mut Client) -> T) -> T {
        let client = &mut self.client;
        super::lock_monitor::watched(self.watcher.as_ref(), || f(client))
    }

    fn batch(&mut self, sql: &str) -> Result<(), EngineError> {
        self.watched(|c| c.batch_execute(sql))
            .map_err(|e| translate(&e))
    }
}

impl Session for PostgresSession {
    fn level(&self) -> Level {
        self.level
    }

    fn begin(&mut self) -> Result<(), EngineError> {
        self.batch(&format!("BEGIN ISOLATION LEVEL {}", sql_level(self.level)))?;
        self.in_txn = true;
        self.failed = false;
        Ok(())
    }

    fn commit(&mut self) -> Result<(), EngineError> {
        if !self.in_txn {
            return Ok(());
        }
        if self.failed {
            // What PostgreSQL does with COMMIT after an error, made visible instead of silent.
            self.rollback()?;
            return Err(EngineError {
                code: "25P02".into(),
                message: "COMMIT of a failed transaction".into(),
                meaning: text(
                    "an earlier statement of this transaction failed, so PostgreSQL turns COMMIT into ROLLBACK: nothing was committed.",
                    "该事务中较早的一条语句出错了，因此 PostgreSQL 把 COMMIT 变成了 ROLLBACK：什么也没有提交。",
                ),
                kind: ErrorKind::Statement,
            });
        }
        self.in_txn = false;
        self.batch("COMMIT")
    }

    fn rollback(&mut self) -> Result<(), EngineError> {
        self.in_txn = false;
        self.failed = false;
        // Outside a transaction ROLLBACK is only a warning, so this always leaves none open.
        self.batch("ROLLBACK")
    }

    fn execute(
        &mut self,
        sql: &str,
        vars: &Vars,
        limits: &LabLimits,
    ) -> Result<StepOutput, EngineError> {
        let watch = self.guard.watch();
        let result = self.watched(|c| run(c, sql, vars, limits.max_rows));
        drop(watch);
        // Any server error aborts a PostgreSQL transaction; the lab's own (unknown variable,
        // code LAB) never reached the server.
        if let Err(e) = &result
            && self.in_txn
            && e.code != "LAB"
        {
            self.failed = true;
        }
        result
    }
}
