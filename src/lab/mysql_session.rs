//! One MySQL/MariaDB session: its own connection to the run's database, the level set with
//! `SET SESSION TRANSACTION ISOLATION LEVEL`, bounded lock waits, and `START TRANSACTION`.

use mysql::prelude::{Protocol, Queryable};
use mysql::{Column, Conn, Params, QueryResult};

use super::backend::{EngineError, ErrorKind, Session, StepOutput, Vars};
use super::level::Level;
use super::limits::LabLimits;
use super::lock_monitor::Watcher;
use super::mysql_values::{from_mysql, to_mysql};
use super::placeholders::{Style, bind};
use super::server_errors::{connection_lost, io_cause, mysql as my_error};
use super::sqlite_errors::lab_error;
use super::statement::split;
use super::statement_guard::Guard;
use super::text_json::text;
use super::value::Rows;

pub(crate) fn sql_level(level: Level) -> &'static str {
    match level {
        Level::ReadUncommitted => "READ UNCOMMITTED",
        Level::ReadCommitted => "READ COMMITTED",
        Level::RepeatableRead => "REPEATABLE READ",
        Level::Serializable => "SERIALIZABLE",
    }
}

pub(crate) fn translate(e: &mysql::Error) -> EngineError {
    match e {
        mysql::Error::MySqlError(e) => my_error(e.code, &e.message),
        mysql::Error::IoError(io) => connection_lost("MySQL/MariaDB", &io_cause(io)),
        mysql::Error::CodecError(c) => connection_lost("MySQL/MariaDB", &c.to_string()),
        other => EngineError {
            code: "CLIENT".into(),
            message: other.to_string(),
            meaning: text(
                format!("MySQL client error: {other}"),
                format!("MySQL 客户端错误：{other}"),
            ),
            kind: ErrorKind::Statement,
        },
    }
}

fn collect<P: Protocol>(
    mut result: QueryResult<'_, '_, '_, P>,
    max_rows: usize,
) -> Result<StepOutput, EngineError> {
    let columns: Vec<Column> = result.columns().as_ref().to_vec();
    if columns.is_empty() {
        return Ok(StepOutput::Changed(result.affected_rows()));
    }
    let mut rows = Vec::new();
    let mut truncated = false;
    if let Some(set) = result.iter() {
        // Every row must be read off the wire before the next command, kept or not.
        for row in set {
            let row = row.map_err(|e| translate(&e))?;
            if rows.len() >= max_rows {
                truncated = true;
                continue;
            }
            let values = row
                .unwrap_raw()
                .into_iter()
                .zip(&columns)
                .map(|(v, c)| from_mysql(v.unwrap_or(mysql::Value::NULL), c))
                .collect();
            rows.push(values);
        }
    }
    Ok(StepOutput::Rows(Rows {
        columns: columns.iter().map(|c| c.name_str().into_owned()).collect(),
        rows,
        truncated,
    }))
}

/// Runs one statement as a prepared statement, with the session's variables as parameters.
/// The prepared-statement protocol takes exactly one statement, so a string that smuggles a
/// second one (behind a backslash escape or a `#` comment no splitter of ours understood) is
/// refused by the server itself.
pub(crate) fn run(
    conn: &mut Conn,
    sql: &str,
    vars: &Vars,
    max_rows: usize,
) -> Result<StepOutput, EngineError> {
    let bound = bind(sql, vars, Style::Question)?;
    let params = if bound.values.is_empty() {
        Params::Empty
    } else {
        Params::Positional(bound.values.iter().map(to_mysql).collect())
    };
    let result = conn
        .exec_iter(bound.sql.as_str(), params)
        .map_err(|e| several_or(&bound.sql, &e))?;
    collect(result, max_rows)
}

/// A syntax error on a string that holds several statements is said as such.
fn several_or(sql: &str, e: &mysql::Error) -> EngineError {
    if let mysql::Error::MySqlError(server) = e
        && server.code == 1064
        && split(sql).len() > 1
    {
        return lab_error(
            "one statement per step",
            "每一步只能有一条语句",
            "several statements in one step",
        );
    }
    translate(e)
}

pub(crate) struct MysqlSession {
    conn: Conn,
    level: Level,
    watcher: Option<Watcher>,
    /// Kills a statement that outruns its budget, whatever the session set.
    guard: Guard,
}

impl MysqlSession {
    pub(crate) fn new(
        conn: Conn,
        level: Level,
        watcher: Option<Watcher>,
        guard: Guard,
    ) -> MysqlSession {
        MysqlSession {
            conn,
            level,
            watcher,
            guard,
        }
    }

    fn watched<T>(&mut self, f: impl FnOnce(&mut Conn) -> T) -> T {
        let conn = &mut self.conn;
        super::lock_monitor::watched(self.watcher.as_ref(), || f(conn))
    }

    fn plain(&mut self, sql: &str) -> Result<(), EngineError> {
        self.watched(|c| c.query_drop(sql))
            .map_err(|e| translate(&e))
    }
}

impl Session for MysqlSession {
    fn level(&self) -> Level {
        self.level
    }

    fn begin(&mut self) -> Result<(), EngineError> {
        self.plain("START TRANSACTION")
    }

    fn commit(&mut self) -> Result<(), EngineError> {
        self.plain("COMMIT")
    }

    fn rollback(&mut self) -> Result<(), EngineError> {
        self.plain("ROLLBACK")
    }

    fn execute(
        &mut self,
        sql: &str,
        vars: &Vars,
        limits: &LabLimits,
    ) -> Result<StepOutput, EngineError> {
        let _watch = self.guard.watch();
        self.watched(|c| run(c, sql, vars, limits.max_rows))
    }
}
