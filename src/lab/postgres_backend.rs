//! PostgreSQL as a lab engine: native isolation levels, one throwaway schema per run.
//!
//! Why a schema and not a database: `CREATE SCHEMA` is one catalog row, while `CREATE DATABASE`
//! copies template1 (megabytes of WAL, seconds on a busy machine) and `DROP DATABASE` must wait
//! for every connection to leave. Isolation behaviour does not depend on it: locks and SSI's
//! predicate locks are per relation, so runs in sibling schemas never interfere. Each session's
//! `search_path` is the schema alone, so the scenario's unqualified names resolve only there.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use postgres::{Client, Config, NoTls};

use super::backend::{Backend, LabDatabase, LevelNote, Session, StepOutput, Vars, WaitProbe};
use super::engine_url::ServerUrl;
use super::error::LabError;
use super::lab_names::{self, LabName, PG_LOCK_CLASS};
use super::level::Level;
use super::limits::LabLimits;
use super::lock_monitor::{Monitor, WaitSource};
use super::postgres_sandbox;
use super::postgres_session::{PostgresSession, run, sql_level, translate};
use super::server_errors::{io_cause, unreachable};
use super::statement_guard::Guard;
use super::text_json::text;
use super::value::Rows;
use crate::engine::watchdog::Watchdog;

/// Sessions blocked on a lock (a lock request not yet granted: the holder flips `granted` when
/// it releases, so this is never stale) or building an index (a long statement the script
/// should not wait for).
const BLOCKED_SQL: &str = "SELECT pid FROM pg_locks WHERE NOT granted AND pid = ANY($1) \
     UNION SELECT pid FROM pg_stat_progress_create_index WHERE pid = ANY($1)";

/// The keeper's own bound: setup SQL and cleanup may not hang a run.
const KEEPER_TIMEOUT: &str = "60s";
const KEEPER_LOCK_TIMEOUT: &str = "10s";

pub struct PostgresBackend {
    url: ServerUrl,
    version: String,
    /// The monitor query works here (it needs nothing but `pg_locks`, readable by every role).
    monitor_ok: bool,
}

/// Opens a connection, turning failures into the one-line "is the server running?" message.
/// The whole handshake is bounded: a server that accepts the connection and never answers
/// would otherwise hang the lab (the driver's connect timeout covers only the TCP connect).
fn connect(url: &ServerUrl) -> Result<Client, LabError> {
    let u = url.clone();
    match super::server_connect::within(move || connect_now(&u)) {
        Some(result) => result,
        None => Err(LabError::Unreachable(unreachable(
            url,
            super::server_connect::NO_ANSWER,
            false,
        ))),
    }
}

fn connect_now(url: &ServerUrl) -> Result<Client, LabError> {
    let mut cfg = Config::new();
    cfg.host(&url.host)
        .port(url.port)
        .user(&url.user)
        .dbname(&url.database)
        .application_name("sqldrill-lab")
        .connect_timeout(super::server_connect::TIMEOUT);
    if let Some(p) = &url.password {
        cfg.password(p);
    }
    cfg.connect(NoTls).map_err(|e| {
        if let Some(db) = e.as_db_error() {
            return LabError::Unreachable(unreachable(url, db.message(), true));
        }
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            if let Some(io) = s.downcast_ref::<std::io::Error>() {
                return LabError::Unreachable(unreachable(url, &io_cause(io), false));
            }
            source = s.source();
        }
        LabError::Unreachable(unreachable(url, &e.to_string(), false))
    })
}

fn engine(context: &str, e: &postgres::Error) -> LabError {
    LabError::Engine {
        context: context.into(),
        error: Box::new(translate(e)),
    }
}

impl PostgresBackend {
    /// Checks that the server answers, learns its version, and drops leftovers of runs that
    /// were killed (see `lab_names`).
    pub fn connect(url: &ServerUrl) -> Result<PostgresBackend, LabError> {
        let mut client = connect(url)?;
        let version = client
            .query_one("SHOW server_version", &[])
            .and_then(|r| r.try_get::<_, String>(0))
            .map_err(|e| engine("server version", &e))?;
        let version = version
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string();
        let monitor_ok = client.query(BLOCKED_SQL, &[&Vec::<i32>::new()]).is_ok();
        postgres_sandbox::sweep(&mut client);
        Ok(PostgresBackend {
            url: url.clone(),
            version,
            monitor_ok,
        })
    }

    pub fn url(&self) -> &ServerUrl {
        &self.url
    }
}

impl Backend for PostgresBackend {
    fn name(&self) -> &'static str {
        "postgres"
    }

    fn server(&self) -> Option<String> {
        Some(format!("PostgreSQL {}", self.version))
    }

    fn describe_level(&self, level: Level) -> LevelNote {
        describe(level)
    }

    fn observes_lock_waits(&self) -> bool {
        self.monitor_ok
    }

    fn create_database(
        &self,
        setup_sql: &str,
        _levels: &[Level],
    ) -> Result<Arc<dyn LabDatabase>, LabError> {
        let mut keeper = connect(&self.url)?;
        keeper
            .query(
                "SELECT set_config('statement_timeout', $1, false), set_config('lock_timeout', $2, false)",
                &[&KEEPER_TIMEOUT, &KEEPER_LOCK_TIMEOUT],
            )
            .map_err(|e| engine("keeper settings", &e))?;
        // The lock first, then the schema: a cleanup never sees our schema without our lock.
        let name = loop {
            let candidate = lab_names::fresh();
            let got = keeper
                .query_one(
                    "SELECT pg_try_advisory_lock($1, $2)",
                    &[&PG_LOCK_CLASS, &candidate.pg_lock_key()],
                )
                .and_then(|r| r.try_get::<_, bool>(0))
                .map_err(|e| engine("lock the lab schema", &e))?;
            if got {
                break candidate;
            }
        };
        // From here on, dropping `db` removes the schema and the role, also when setup fails.
        let mut db = PostgresDatabase {
            sandbox_url: self.url.clone(),
            name,
            monitor: None,
            watchdog: Arc::new(Watchdog::start()),
            inspector: Mutex::new(None),
            keeper: Arc::new(Mutex::new(keeper)),
        };
        let role = {
            let mut k = db.keeper();
            postgres_sandbox::create(&mut k, &db.name, &self.url.database, setup_sql)
                .map_err(|e| engine("setup SQL", &e))?
        };
        db.sandbox_url.user = role.name;
        db.sandbox_url.password = Some(role.password);
        if self.monitor_ok {
            let source = PgWaits {
                keeper: db.keeper.clone(),
            };
            db.monitor = Some(Monitor::start_required(Box::new(source))?);
        }
        Ok(Arc::new(db))
    }
}

/// The monitor's questions go through the keeper connection, which is idle while sessions run.
struct PgWaits {
    keeper: Arc<Mutex<Client>>,
}

impl WaitSource for PgWaits {
    fn blocked(&mut self, ids: &[u32]) -> Result<Vec<u32>, String> {
        let pids: Vec<i32> = ids.iter().filter_map(|i| i32::try_from(*i).ok()).collect();
        let mut client = self.keeper.lock().unwrap_or_else(PoisonError::into_inner);
        let rows = client
            .query(BLOCKED_SQL, &[&pids])
            .map_err(|e| e.to_string())?;
        Ok(rows
            .iter()
            .filter_map(|r| r.try_get::<_, i32>(0).ok())
            .filter_map(|p| u32::try_from(p).ok())
            .collect())
    }
}

/// One run's schema and sandbox role. Field order matters: the monitor stops before the
/// keeper closes.
struct PostgresDatabase {
    /// The URL with the sandbox role's name and password: every session connects with it.
    sandbox_url: ServerUrl,
    name: LabName,
    monitor: Option<Monitor>,
    watchdog: Arc<Watchdog>,
    /// A connection as the sandbox role for the detectors' queries: a learner may have
    /// replaced a table with a view that calls its own function, which must never run with the
    /// URL account's rights.
    inspector: Mutex<Option<Client>>,
    /// The URL's account: setup, lock monitor, cleanup. Never runs learner SQL.
    keeper: Arc<Mutex<Client>>,
}

impl PostgresDatabase {
    fn keeper(&self) -> MutexGuard<'_, Client> {
        self.keeper.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for PostgresDatabase {
    /// Drop guard: the schema goes with the run, whatever happened in it. The advisory lock goes
    /// with the keeper connection.
    fn drop(&mut self) {
        self.monitor.take();
        self.inspector
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        let name = self.name.clone();
        postgres_sandbox::drop_run(&mut self.keeper(), &name);
    }
}

impl LabDatabase for PostgresDatabase {
    fn open_session(
        &self,
        level: Level,
        probe: WaitProbe,
        limits: &LabLimits,
    ) -> Result<Box<dyn Session>, LabError> {
        // Server-side bounds as they stand now (a graded check's deadline may be near); the
        // statement guard keeps cutting them per statement.
        let limits = &limits.now();
        let mut client = connect(&self.sandbox_url)?;
        let ms = |d: Duration| format!("{}ms", d.as_millis().max(1));
        let isolation = sql_level(level).to_ascii_lowercase();
        let row = client
            .query_one(
                "SELECT set_config('search_path', $1, false), \
                        set_config('lock_timeout', $2, false), \
                        set_config('statement_timeout', $3, false), \
                        set_config('default_transaction_isolation', $4, false), \
                        pg_backend_pid()",
                &[
                    &self.name.name,
                    &ms(limits.lock_wait),
                    &ms(limits.statement + limits.lock_wait),
                    &isolation,
                ],
            )
            .map_err(|e| engine("open session", &e))?;
        let pid: i32 = row.try_get(4).map_err(|e| engine("open session", &e))?;
        let watcher = self.monitor.as_ref().and_then(|m| {
            u32::try_from(pid)
                .ok()
                .map(|pid| m.watch(pid, probe, limits.wait_threshold))
        });
        let token = client.cancel_token();
        let guard = Guard::new(
            &self.watchdog,
            limits,
            Arc::new(move || {
                let _ = token.cancel_query(NoTls);
            }),
        );
        Ok(Box::new(PostgresSession::new(
            client, level, watcher, guard,
        )))
    }

    fn query(&self, sql: &str) -> Result<Rows, LabError> {
        let mut inspector = self
            .inspector
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if inspector.is_none() {
            let mut client = connect(&self.sandbox_url)?;
            client
                .query(
                    "SELECT set_config('search_path', $1, false), \
                            set_config('statement_timeout', '60s', false)",
                    &[&self.name.name],
                )
                .map_err(|e| engine("inspect", &e))?;
            *inspector = Some(client);
        }
        let Some(client) = inspector.as_mut() else {
            return Ok(Rows::default());
        };
        match run(client, sql, &Vars::new(), LabLimits::default().max_rows) {
            Ok(StepOutput::Rows(rows)) => Ok(rows),
            Ok(StepOutput::Changed(_)) => Ok(Rows::default()),
            Err(error) => Err(LabError::Engine {
                context: "invariant query".into(),
                error: Box::new(error),
            }),
        }
    }
}

fn describe(level: Level) -> LevelNote {
    match level {
        Level::ReadUncommitted => LevelNote {
            how: text(
                "BEGIN ISOLATION LEVEL READ UNCOMMITTED. PostgreSQL accepts the name but runs the transaction as read committed: each statement sees only data committed before it started, so there are no dirty reads — this column of the matrix equals read-committed.",
                "BEGIN ISOLATION LEVEL READ UNCOMMITTED。PostgreSQL 接受这个名字，但按读已提交执行事务：每条语句只看到它开始之前已提交的数据，所以没有脏读——矩阵中这一列与读已提交完全相同。",
            ),
            differs: text(
                "MySQL/InnoDB read-uncommitted really returns uncommitted rows (dirty reads). SQLite shows them only between connections that share one cache.",
                "MySQL/InnoDB 的读未提交确实会返回未提交的行（脏读）。SQLite 只在共享同一缓存的连接之间出现脏读。",
            ),
        },
        Level::ReadCommitted => LevelNote {
            how: text(
                "BEGIN ISOLATION LEVEL READ COMMITTED (PostgreSQL's default): each statement takes a fresh snapshot. A write that meets a row another transaction has locked waits; when that one commits, PostgreSQL re-checks the WHERE clause on the newest version of the row and writes on top of it — so lost updates and write skew can happen, and a predicate can miss rows that changed under it (PMP-write).",
                "BEGIN ISOLATION LEVEL READ COMMITTED（PostgreSQL 的默认级别）：每条语句取一个新快照。写操作遇到被其他事务锁住的行时会等待；对方提交后，PostgreSQL 在该行的最新版本上重新检查 WHERE 条件并在其上写入——因此可能发生丢失更新和写偏斜，谓词也可能漏掉在其执行期间发生变化的行（PMP-write）。",
            ),
            differs: text(
                "MySQL read-committed also reads fresh data per statement and locks rows. SQLite has one write lock for the whole database, so writers queue instead.",
                "MySQL 的读已提交同样每条语句读取最新数据并锁行。SQLite 整个数据库只有一把写锁，写者只能排队。",
            ),
        },
        Level::RepeatableRead => LevelNote {
            how: text(
                "BEGIN ISOLATION LEVEL REPEATABLE READ: snapshot isolation. The first statement fixes one snapshot for the whole transaction (no non-repeatable reads, no phantoms). Writing a row that another transaction changed and committed after the snapshot fails with 40001 — first updater wins — so lost updates are aborted. Reads are not checked against other transactions' writes, so write skew (G2-item, G2) is allowed.",
                "BEGIN ISOLATION LEVEL REPEATABLE READ：快照隔离。第一条语句为整个事务固定一个快照（没有不可重复读，也没有幻读）。写一行在快照之后被其他事务修改并提交过的数据会以 40001 失败——先更新者胜——所以丢失更新会被中止。读操作不会与其他事务的写操作做冲突检查，所以允许写偏斜（G2-item、G2）。",
            ),
            differs: text(
                "MySQL/InnoDB repeatable-read reads from a snapshot too, but its UPDATE and locking reads act on the latest committed rows, so lost updates go through (unless MariaDB's innodb_snapshot_isolation is ON). SQLite repeatable-read aborts any writer whose snapshot is stale, so write skew cannot happen there.",
                "MySQL/InnoDB 的可重复读同样从快照读取，但它的 UPDATE 和加锁读作用于最新已提交的行，所以丢失更新会发生（除非开启 MariaDB 的 innodb_snapshot_isolation）。SQLite 的可重复读会中止任何快照已过期的写者，所以那里不会发生写偏斜。",
            ),
        },
        Level::Serializable => LevelNote {
            how: text(
                "BEGIN ISOLATION LEVEL SERIALIZABLE: serializable snapshot isolation (SSI). Transactions run on snapshots without extra blocking; PostgreSQL records who read what (SIRead predicate locks) and aborts one transaction with 40001 when the read/write dependencies could form a cycle — sometimes only at COMMIT.",
                "BEGIN ISOLATION LEVEL SERIALIZABLE：可串行化快照隔离（SSI）。事务在快照上运行，不额外阻塞；PostgreSQL 记录谁读了什么（SIRead 谓词锁），当读写依赖可能成环时以 40001 中止其中一个事务——有时要到 COMMIT 时才报错。",
            ),
            differs: text(
                "MySQL serializable turns plain reads into shared locks, so conflicts show up as waiting and deadlocks (1213). SQLite simply runs one writing transaction at a time.",
                "MySQL 的可串行化把普通读变成共享锁，冲突表现为等待和死锁（1213）。SQLite 则干脆一次只运行一个写事务。",
            ),
        },
    }
}
