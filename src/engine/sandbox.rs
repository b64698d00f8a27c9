//! The sandbox every piece of learner SQL runs in (ARCHITECTURE.md § Sandbox): a private copy
//! of a dataset, an authorizer, DEFENSIVE mode, lowered limits, temp storage in memory under a
//! process-wide heap cap, a per-statement time budget enforced by a progress handler and backed
//! by the process-level [`hard_stop`](super::hard_stop), and a total budget per check.

use super::error::EngineError;
use super::hard_stop;
use super::image::Image;
use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::limits::Limit;
use rusqlite::{Connection, OpenFlags, config::DbConfig};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
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

/// Resource caps: time budgets, result caps, SQL size cap.
#[derive(Clone, Debug)]
pub struct Caps {
    pub timeout: Duration,
    pub max_rows: usize,
    /// The result's size: values' bytes added up (a row cap alone lets 10,000 rows of 1 MB
    /// strings through).
    pub max_result_bytes: usize,
    pub max_sql_bytes: usize,
}

/// A check may spend this many per-statement budgets in all: enough for a few slow but
/// legitimate statements, not for a 64 KiB script of them.
pub const CHECK_BUDGET_STATEMENTS: u32 = 5;

/// SQLite's allocations in one process may not exceed this. Temp tables and sorts live in
/// memory (temp_store = MEMORY), so this caps them too; trusted fixture builds (the
/// 1,000,000-row one needs about 200 MiB) fit well under it.
pub const HEAP_LIMIT_MIB: i64 = 1024;

impl Default for Caps {
    fn default() -> Self {
        Caps {
            timeout: Duration::from_secs(2),
            max_rows: 10_000,
            max_result_bytes: 32 * 1024 * 1024,
            max_sql_bytes: 64 * 1024,
        }
    }
}

impl Caps {
    /// The total budget of one check.
    pub fn check_budget(&self) -> Duration {
        self.timeout * CHECK_BUDGET_STATEMENTS
    }
}

thread_local! {
    /// When the check running on this thread must be over. Thread-local because sandboxes are
    /// pooled across checks and `verify` runs checks on several threads at once; a statement
    /// runs on the thread of the check that started it.
    static CHECK_DEADLINE: Cell<Option<(Instant, Duration)>> = const { Cell::new(None) };
}

/// A check's total budget, in force on this thread until dropped.
#[must_use]
pub struct CheckScope(Option<(Instant, Duration)>);

impl CheckScope {
    pub fn start(budget: Duration) -> CheckScope {
        let before = CHECK_DEADLINE.get();
        // A check inside a check (none today) keeps the outer, earlier deadline.
        let own = (Instant::now() + budget, budget);
        CHECK_DEADLINE.set(Some(
            before.map_or(own, |b| if b.0 <= own.0 { b } else { own }),
        ));
        CheckScope(before)
    }
}

impl CheckScope {
    /// No total budget until dropped: for trusted work inside a check (the reference's own
    /// run), which must not be charged to the learner nor starved by the learner's answer.
    pub fn suspend() -> CheckScope {
        CheckScope(CHECK_DEADLINE.replace(None))
    }
}

impl Drop for CheckScope {
    fn drop(&mut self) {
        CHECK_DEADLINE.set(self.0);
    }
}

fn check_deadline() -> Option<(Instant, Duration)> {
    CHECK_DEADLINE.get()
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
    /// The hard stop for the statement running now.
    armed: Mutex<Option<hard_stop::Armed>>,
    /// The running statement met the check's total budget rather than its own.
    check_budget_hit: Arc<AtomicBool>,
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
        let check_budget_hit = Arc::new(AtomicBool::new(false));
        let hit = Arc::clone(&check_budget_hit);
        conn.progress_handler(
            1000,
            Some(move || {
                let now = Instant::now();
                if check_deadline().is_some_and(|(t, _)| now >= t) {
                    hit.store(true, Ordering::Relaxed);
                    return true;
                }
                matches!(*d.lock().unwrap_or_else(PoisonError::into_inner), Some(t) if now >= t)
            }),
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
            armed: Mutex::new(None),
            check_budget_hit,
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
        let now = Instant::now();
        let mut budget = self.caps.timeout;
        if let Some((t, _)) = check_deadline() {
            budget = budget.min(t.saturating_duration_since(now));
        }
        *self.deadline.lock().unwrap_or_else(PoisonError::into_inner) = Some(now + budget);
        *self.denied.lock().unwrap_or_else(PoisonError::into_inner) = None;
        self.check_budget_hit.store(false, Ordering::Relaxed);
        *self.armed.lock().unwrap_or_else(PoisonError::into_inner) = Some(hard_stop::arm(budget));
    }

    /// Once a check's total budget is spent, no further statement of it runs at all.
    pub(crate) fn check_budget_left(&self) -> Result<(), EngineError> {
        match check_deadline() {
            Some((t, budget)) if Instant::now() >= t => Err(EngineError::CheckBudget(budget)),
            _ => Ok(()),
        }
    }

    pub(crate) fn disarm(&self) {
        *self.deadline.lock().unwrap_or_else(PoisonError::into_inner) = None;
        self.armed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
    }

    /// Turns a SQLite error into the sandbox's own words where the sandbox caused it.
    pub(crate) fn explain(&self, err: rusqlite::Error) -> EngineError {
        if let Some(why) = self
            .denied
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        {
            return EngineError::Denied(why);
        }
        let err = EngineError::from_sqlite(err, self.caps.timeout);
        match err {
            EngineError::Timeout(_) if self.check_budget_hit.load(Ordering::Relaxed) => {
                EngineError::CheckBudget(check_deadline().map_or(self.caps.timeout, |(_, b)| b))
            }
            other => other,
        }
    }
}

/// Connection settings shared by every sandbox: DEFENSIVE on, untrusted schema, lowered limits.
fn harden(conn: &Connection) -> Result<(), EngineError> {
    set_heap_limit();
    // Sorts and temp tables in memory, where the heap limit caps them, never in /var/tmp.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
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

/// The process-wide cap on SQLite's heap (SQLite has no per-connection one). It works only
/// with SQLite's memory statistics on (its default), which cost a mutex per allocation: the
/// price of a cap that holds.
pub(crate) fn set_heap_limit() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: a plain setter of a global limit; callable at any time.
        unsafe {
            rusqlite::ffi::sqlite3_hard_heap_limit64(HEAP_LIMIT_MIB * 1024 * 1024);
        }
    });
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
    fn a_sandbox_caps_sqlite_heap_and_keeps_temp_storage_in_memory() {
        let image = Image::from_sql("CREATE TABLE t(x);").unwrap();
        let mut sb = Sandbox::open(&image, Access::Script, &Caps::default()).unwrap();
        // SAFETY: a negative argument only reads the limit.
        let limit = unsafe { rusqlite::ffi::sqlite3_hard_heap_limit64(-1) };
        assert_eq!(limit, HEAP_LIMIT_MIB * 1024 * 1024);
        // The authorizer denies reading this pragma to learners; ask it with the hook off.
        sb.conn
            .authorizer(None::<fn(AuthContext<'_>) -> Authorization>)
            .unwrap();
        let store: i64 = sb
            .conn
            .query_row("PRAGMA temp_store", [], |r| r.get(0))
            .unwrap();
        assert_eq!(store, 2, "2 is MEMORY");
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
