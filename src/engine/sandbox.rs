//! The sandbox every piece of learner SQL runs in (DESIGN.md § Sandbox): a private in-memory
//! copy of a dataset, an authorizer, DEFENSIVE mode, lowered limits and a per-statement time
//! budget enforced by a progress handler.

use super::error::EngineError;
use super::image::Image;
use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::limits::Limit;
use rusqlite::{Connection, OpenFlags, config::DbConfig};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What a piece of SQL may do, by exercise kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// `query` exercises: reads only.
    ReadOnly,
    /// `script` exercises and the REPL's scratch copy: DDL and DML on the copy.
    Script,
    /// `plan` exercises: reads plus CREATE/DROP INDEX and ANALYZE.
    Plan,
}

/// Resource caps (DESIGN.md: time budget, row cap, SQL size cap).
#[derive(Clone, Debug)]
pub struct Caps {
    pub timeout: Duration,
    pub max_rows: usize,
    pub max_sql_bytes: usize,
}

impl Default for Caps {
    fn default() -> Self {
        Caps {
            timeout: Duration::from_secs(2),
            max_rows: 10_000,
            max_sql_bytes: 64 * 1024,
        }
    }
}

/// Pragmas that only read the schema; every other pragma is denied.
const READ_ONLY_PRAGMAS: &[&str] = &[
    "table_info",
    "table_xinfo",
    "table_list",
    "index_list",
    "index_info",
    "index_xinfo",
    "foreign_key_list",
    "collation_list",
    "function_list",
    "pragma_list",
    "database_list",
];

/// Decides one authorizer request. Pure, so each rule is unit-tested directly.
pub fn authorize(access: Access, action: &AuthAction<'_>) -> Result<(), String> {
    use AuthAction as A;
    let schema_or_data_write = || match access {
        Access::Script => Ok(()),
        Access::ReadOnly => Err("writes are not allowed in a query exercise".to_string()),
        Access::Plan => Err(
            "only CREATE INDEX, DROP INDEX and ANALYZE are allowed in an index exercise"
                .to_string(),
        ),
    };
    // CREATE INDEX also asks to write the schema table itself; DEFENSIVE mode already stops
    // direct writes to it, so the request is allowed wherever index DDL is.
    let schema_table = |t: &str| {
        let t = t.to_ascii_lowercase();
        t == "sqlite_master" || t == "sqlite_schema" || t == "sqlite_stat1" || t == "sqlite_stat4"
    };
    match action {
        A::Select | A::Read { .. } | A::Recursive => Ok(()),
        A::Function { function_name } => {
            if function_name.eq_ignore_ascii_case("load_extension") {
                Err("load_extension() is not allowed".into())
            } else {
                Ok(())
            }
        }
        A::Attach { .. } => Err("ATTACH is not allowed".into()),
        A::Detach { .. } => Err("DETACH is not allowed".into()),
        A::Pragma { pragma_name, .. } => {
            let name = pragma_name.to_ascii_lowercase();
            if READ_ONLY_PRAGMAS.contains(&name.as_str()) {
                Ok(())
            } else {
                Err(format!("PRAGMA {name} is not allowed"))
            }
        }
        A::CreateIndex { .. } | A::DropIndex { .. } | A::Analyze { .. } | A::Reindex { .. } => {
            match access {
                Access::ReadOnly => {
                    Err("schema changes are not allowed in a query exercise".into())
                }
                _ => Ok(()),
            }
        }
        A::Insert { table_name } | A::Delete { table_name } | A::Update { table_name, .. }
            if access == Access::Plan && schema_table(table_name) =>
        {
            Ok(())
        }
        A::CreateVtable { .. } | A::DropVtable { .. } => {
            Err("virtual tables are not allowed".into())
        }
        A::CreateTable { .. }
        | A::CreateTempTable { .. }
        | A::CreateTempIndex { .. }
        | A::CreateTempTrigger { .. }
        | A::CreateTempView { .. }
        | A::CreateTrigger { .. }
        | A::CreateView { .. }
        | A::DropTable { .. }
        | A::DropTempIndex { .. }
        | A::DropTempTable { .. }
        | A::DropTempTrigger { .. }
        | A::DropTempView { .. }
        | A::DropTrigger { .. }
        | A::DropView { .. }
        | A::AlterTable { .. }
        | A::Insert { .. }
        | A::Update { .. }
        | A::Delete { .. }
        | A::Transaction { .. }
        | A::Savepoint { .. } => schema_or_data_write(),
        _ => schema_or_data_write(),
    }
}

/// A hardened connection over a private copy of one dataset.
pub struct Sandbox {
    conn: Connection,
    deadline: Arc<Mutex<Option<Instant>>>,
    denied: Arc<Mutex<Option<String>>>,
    caps: Caps,
}

impl Sandbox {
    pub fn open(image: &Image, access: Access, caps: &Caps) -> Result<Sandbox, EngineError> {
        // A query only reads: a file image is opened in place instead of copied.
        let mut conn = if access == Access::ReadOnly {
            image.open_read_only()?
        } else {
            image.open_copy()?
        };
        harden(&conn)?;
        let deadline: Arc<Mutex<Option<Instant>>> = Arc::new(Mutex::new(None));
        let d = Arc::clone(&deadline);
        conn.progress_handler(
            1000,
            Some(move || matches!(*d.lock().unwrap(), Some(t) if Instant::now() >= t)),
        )?;
        let denied = Arc::new(Mutex::new(None));
        let record = Arc::clone(&denied);
        conn.authorizer(Some(move |ctx: AuthContext<'_>| {
            match authorize(access, &ctx.action) {
                Ok(()) => Authorization::Allow,
                Err(why) => {
                    *record.lock().unwrap() = Some(why);
                    Authorization::Deny
                }
            }
        }))?;
        Ok(Sandbox {
            conn,
            deadline,
            denied,
            caps: caps.clone(),
        })
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn caps(&self) -> &Caps {
        &self.caps
    }

    /// Starts the time budget of one statement.
    pub(crate) fn arm(&self) {
        *self.deadline.lock().unwrap() = Some(Instant::now() + self.caps.timeout);
        *self.denied.lock().unwrap() = None;
    }

    pub(crate) fn disarm(&self) {
        *self.deadline.lock().unwrap() = None;
    }

    /// Turns a SQLite error into the sandbox's own words where the sandbox caused it.
    pub(crate) fn explain(&self, err: rusqlite::Error) -> EngineError {
        if let Some(why) = self.denied.lock().unwrap().take() {
            return EngineError::Denied(why);
        }
        EngineError::from_sqlite(err, self.caps.timeout)
    }
}

/// Connection settings shared by every sandbox: DEFENSIVE on, untrusted schema, lowered limits.
fn harden(conn: &Connection) -> Result<(), EngineError> {
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    conn.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 0)?;
    conn.set_limit(Limit::SQLITE_LIMIT_SQL_LENGTH, 100_000)?;
    conn.set_limit(Limit::SQLITE_LIMIT_COLUMN, 200)?;
    conn.set_limit(Limit::SQLITE_LIMIT_EXPR_DEPTH, 200)?;
    // Caps single strings/blobs so zeroblob()/printf() cannot eat the machine's memory.
    conn.set_limit(Limit::SQLITE_LIMIT_LENGTH, 1_000_000)?;
    conn.set_limit(Limit::SQLITE_LIMIT_TRIGGER_DEPTH, 10)?;
    Ok(())
}

/// Flags for trusted in-memory connections (fixtures, patches, variants).
pub(crate) fn memory_flags() -> OpenFlags {
    OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_MEMORY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attach_and_detach_are_denied_everywhere() {
        for access in [Access::ReadOnly, Access::Script, Access::Plan] {
            assert!(authorize(access, &AuthAction::Attach { filename: "x.db" }).is_err());
            assert!(authorize(access, &AuthAction::Detach { database_name: "x" }).is_err());
        }
    }

    #[test]
    fn load_extension_is_denied() {
        let a = AuthAction::Function {
            function_name: "load_extension",
        };
        assert!(authorize(Access::Script, &a).is_err());
        let ok = AuthAction::Function {
            function_name: "round",
        };
        assert!(authorize(Access::ReadOnly, &ok).is_ok());
    }

    #[test]
    fn only_read_only_pragmas_pass() {
        let read = AuthAction::Pragma {
            pragma_name: "table_info",
            pragma_value: Some("student"),
        };
        assert!(authorize(Access::ReadOnly, &read).is_ok());
        let write = AuthAction::Pragma {
            pragma_name: "journal_mode",
            pragma_value: Some("off"),
        };
        assert!(authorize(Access::Script, &write).is_err());
    }

    #[test]
    fn schema_writes_depend_on_kind() {
        let drop = AuthAction::DropTable {
            table_name: "student",
        };
        assert!(authorize(Access::ReadOnly, &drop).is_err());
        assert!(authorize(Access::Plan, &drop).is_err());
        assert!(authorize(Access::Script, &drop).is_ok());
        let index = AuthAction::CreateIndex {
            index_name: "i",
            table_name: "score",
        };
        assert!(authorize(Access::ReadOnly, &index).is_err());
        assert!(authorize(Access::Plan, &index).is_ok());
    }
}
