//! MySQL/MariaDB (InnoDB) as a lab engine: native isolation levels, one throwaway database per
//! run, and MariaDB's `innodb_snapshot_isolation` switch where the server has it.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use mysql::consts::CapabilityFlags;
use mysql::prelude::Queryable;
use mysql::{Conn, Opts, OptsBuilder};

use super::backend::{Backend, LabDatabase, LevelNote, Session, StepOutput, Vars, WaitProbe};
use super::engine_url::ServerUrl;
use super::error::LabError;
use super::lab_names::{self, LabName};
use super::level::Level;
use super::limits::LabLimits;
use super::lock_monitor::Monitor;
use super::mysql_sandbox;
use super::mysql_session::{MysqlSession, run, sql_level, translate};
use super::mysql_waits::InnodbWaits;
use super::server_errors::{io_cause, unreachable};
use super::statement::split;
use super::statement_guard::Guard;
use super::text_json::text;
use super::value::Rows;
use crate::engine::watchdog::Watchdog;
use crate::lang::Text;

/// No read or write on a connection waits longer than this.
const READ_TIMEOUT: Duration = Duration::from_secs(75);

/// The keeper's own bounds (seconds): setup SQL and cleanup may not hang a run.
const KEEPER_STATEMENT_SECS: u32 = 60;
const KEEPER_LOCK_SECS: u32 = 10;

/// What the server does about `innodb_snapshot_isolation`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Snapshot {
    /// The variable does not exist (MySQL, older MariaDB).
    Unsupported,
    /// The value sessions run with: the URL's choice, else the server's default.
    Set(bool),
}

pub struct MysqlBackend {
    url: ServerUrl,
    product: &'static str,
    version: String,
    mariadb: bool,
    snapshot: Snapshot,
    /// `SHOW ENGINE INNODB STATUS` works (it needs the PROCESS privilege).
    monitor_ok: bool,
}

fn opts(url: &ServerUrl, database: &str) -> Opts {
    OptsBuilder::new()
        .ip_or_hostname(Some(url.host.clone()))
        .tcp_port(url.port)
        .user(Some(url.user.clone()))
        .pass(url.password.clone())
        .db_name(Some(database.to_string()))
        .prefer_socket(false)
        .tcp_connect_timeout(Some(super::server_connect::TIMEOUT))
        // Bounds the handshake and every later read: the keeper's own 60 s statement bound and
        // a session's lock wait plus budget fit inside; a silent server does not hang the lab.
        .read_timeout(Some(READ_TIMEOUT))
        .write_timeout(Some(READ_TIMEOUT))
        // Affected rows = rows matched, as PostgreSQL and SQLite count them. By default MySQL
        // counts only rows whose value changed, so a lost update that writes the value already
        // there (Hermitage P4: both write 11) would report 0 rows and hide itself.
        .additional_capabilities(CapabilityFlags::CLIENT_FOUND_ROWS)
        .into()
}

/// Connects within `server_connect::TIMEOUT`, handshake included.
fn connect(url: &ServerUrl, database: &str) -> Result<Conn, LabError> {
    let (u, d) = (url.clone(), database.to_string());
    match super::server_connect::within(move || connect_now(&u, &d)) {
        Some(result) => result,
        None => Err(LabError::Unreachable(unreachable(
            url,
            super::server_connect::NO_ANSWER,
            false,
        ))),
    }
}

fn connect_now(url: &ServerUrl, database: &str) -> Result<Conn, LabError> {
    Conn::new(opts(url, database)).map_err(|e| {
        LabError::Unreachable(match &e {
            mysql::Error::MySqlError(server) => unreachable(url, &server.message, true),
            mysql::Error::IoError(io) => unreachable(url, &io_cause(io), false),
            mysql::Error::DriverError(mysql::DriverError::CouldNotConnect(Some((_, _, kind)))) => {
                unreachable(url, &io_cause(&std::io::Error::from(*kind)), false)
            }
            mysql::Error::DriverError(mysql::DriverError::ConnectTimeout) => {
                unreachable(url, "timed out", false)
            }
            other => unreachable(url, &other.to_string(), false),
        })
    })
}

fn engine(context: &str, e: &mysql::Error) -> LabError {
    LabError::Engine {
        context: context.into(),
        error: Box::new(translate(e)),
    }
}

impl MysqlBackend {
    /// Checks that the server answers, learns what it is, checks the snapshot-isolation switch,
    /// and drops leftovers of runs that were killed (see `lab_names`).
    pub fn connect(url: &ServerUrl) -> Result<MysqlBackend, LabError> {
        let mut conn = connect(url, &url.database)?;
        let full: String = conn
            .query_first("SELECT VERSION()")
            .map_err(|e| engine("server version", &e))?
            .unwrap_or_default();
        let mariadb = full.contains("MariaDB");
        let version = full.split('-').next().unwrap_or_default().to_string();
        let product = if mariadb { "MariaDB" } else { "MySQL" };
        let server_default = conn
            .query_first::<i64, _>("SELECT @@SESSION.innodb_snapshot_isolation")
            .ok()
            .flatten();
        let snapshot = match (server_default, url.snapshot_isolation) {
            (None, None) => Snapshot::Unsupported,
            (None, Some(_)) => {
                return Err(LabError::BadEngine(text(
                    format!(
                        "{product} {version} at {} has no innodb_snapshot_isolation: the switch exists only in recent MariaDB releases (added to the maintained series in 2024; on by default from 11.6.2), not in MySQL. Leave innodb_snapshot_isolation out of the URL to run with this server's behaviour.",
                        url.address()
                    ),
                    format!(
                        "位于 {} 的 {product} {version} 没有 innodb_snapshot_isolation：这个开关只存在于较新的 MariaDB 版本中（2024 年加入各维护分支；从 11.6.2 起默认开启），MySQL 没有。请从 URL 中去掉 innodb_snapshot_isolation，按该服务器本来的行为运行。",
                        url.address()
                    ),
                )));
            }
            (Some(default), choice) => Snapshot::Set(choice.unwrap_or(default != 0)),
        };
        let monitor_ok = conn.query_drop("SHOW ENGINE INNODB STATUS").is_ok();
        mysql_sandbox::sweep(&mut conn);
        Ok(MysqlBackend {
            url: url.clone(),
            product,
            version,
            mariadb,
            snapshot,
            monitor_ok,
        })
    }

    pub fn url(&self) -> &ServerUrl {
        &self.url
    }

    /// Whether sessions run with `innodb_snapshot_isolation=ON`; None when the server lacks it.
    pub fn snapshot_isolation(&self) -> Option<bool> {
        match self.snapshot {
            Snapshot::Unsupported => None,
            Snapshot::Set(on) => Some(on),
        }
    }
}

impl Backend for MysqlBackend {
    fn name(&self) -> &'static str {
        "mysql"
    }

    fn server(&self) -> Option<String> {
        let snapshot = match self.snapshot {
            Snapshot::Unsupported => "no innodb_snapshot_isolation",
            Snapshot::Set(true) => "innodb_snapshot_isolation=ON",
            Snapshot::Set(false) => "innodb_snapshot_isolation=OFF",
        };
        Some(format!("{} {}, {snapshot}", self.product, self.version))
    }

    fn describe_level(&self, level: Level) -> LevelNote {
        describe(level, self.snapshot)
    }

    fn observes_lock_waits(&self) -> bool {
        self.monitor_ok
    }

    fn create_database(
        &self,
        setup_sql: &str,
        _levels: &[Level],
    ) -> Result<Arc<dyn LabDatabase>, LabError> {
        let mut keeper = connect(&self.url, &self.url.database)?;
        let mut settings =
            String::from("SET SESSION innodb_lock_wait_timeout = ?, lock_wait_timeout = ?");
        settings += if self.mariadb {
            ", max_statement_time = ?"
        } else {
            ", max_execution_time = ? * 1000"
        };
        keeper
            .exec_drop(
                settings,
                (KEEPER_LOCK_SECS, KEEPER_LOCK_SECS, KEEPER_STATEMENT_SECS),
            )
            .map_err(|e| engine("keeper settings", &e))?;
        // The lock first, then the database: a cleanup never sees our database without our lock.
        let name = loop {
            let candidate = lab_names::fresh();
            let got: Option<i64> = keeper
                .exec_first("SELECT GET_LOCK(?, 0)", (candidate.name.as_str(),))
                .map_err(|e| engine("lock the lab database", &e))?;
            if got == Some(1) {
                break candidate;
            }
        };
        keeper
            .query_drop(format!("CREATE DATABASE `{}`", name.name))
            .map_err(|e| engine("create the lab database", &e))?;
        // From here on, dropping `db` removes the database and the user, also when setup fails.
        let mut db = MysqlDatabase {
            sandbox_url: self.url.clone(),
            name,
            mariadb: self.mariadb,
            snapshot: self.snapshot,
            monitor: None,
            watchdog: Arc::new(Watchdog::start()),
            inspector: Mutex::new(None),
            keeper: Arc::new(Mutex::new(keeper)),
        };
        let user = mysql_sandbox::create(&mut db.keeper(), &db.name)
            .map_err(|e| engine("create the sandbox user", &e))?;
        db.sandbox_url.user = user.name;
        db.sandbox_url.password = Some(user.password);
        {
            let mut k = db.keeper();
            k.select_db(&db.name.name)
                .map_err(|e| engine("setup SQL", &e))?;
            for stmt in split(setup_sql) {
                k.query_drop(&stmt).map_err(|e| engine("setup SQL", &e))?;
            }
        }
        if self.monitor_ok {
            let source = InnodbWaits {
                keeper: db.keeper.clone(),
            };
            db.monitor = Some(Monitor::start_required(Box::new(source))?);
        }
        Ok(Arc::new(db))
    }
}

/// One run's database and sandbox user. Field order matters: the monitor stops before the
/// keeper closes.
struct MysqlDatabase {
    /// The URL with the sandbox user's name and password: every session connects with it.
    sandbox_url: ServerUrl,
    name: LabName,
    mariadb: bool,
    snapshot: Snapshot,
    monitor: Option<Monitor>,
    watchdog: Arc<Watchdog>,
    /// A connection as the sandbox user for the detectors' queries (never the URL account,
    /// which a learner's routine or view must not borrow).
    inspector: Mutex<Option<Conn>>,
    /// The URL's account: setup, lock monitor, watchdog's KILL QUERY, cleanup.
    keeper: Arc<Mutex<Conn>>,
}

impl MysqlDatabase {
    fn keeper(&self) -> MutexGuard<'_, Conn> {
        self.keeper.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for MysqlDatabase {
    /// Drop guard: the database goes with the run, whatever happened in it. The named lock goes
    /// with the keeper connection.
    fn drop(&mut self) {
        self.monitor.take();
        self.inspector
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        let name = self.name.clone();
        mysql_sandbox::drop_run(&mut self.keeper(), &name);
    }
}

impl LabDatabase for MysqlDatabase {
    fn open_session(
        &self,
        level: Level,
        probe: WaitProbe,
        limits: &LabLimits,
    ) -> Result<Box<dyn Session>, LabError> {
        // Server-side bounds as they stand now (a graded check's deadline may be near); the
        // statement guard keeps cutting them per statement.
        let limits = &limits.now();
        let mut conn = connect(&self.sandbox_url, &self.name.name)?;
        // innodb_lock_wait_timeout counts whole seconds (at least 1).
        let lock_secs = limits.lock_wait.as_secs_f64().ceil().max(1.0) as u64;
        let budget = (limits.statement + limits.lock_wait).as_secs_f64() + 1.0;
        conn.query_drop(format!(
            "SET SESSION TRANSACTION ISOLATION LEVEL {}",
            sql_level(level)
        ))
        .map_err(|e| engine("open session", &e))?;
        if self.mariadb {
            conn.exec_drop(
                "SET SESSION innodb_lock_wait_timeout = ?, lock_wait_timeout = ?, max_statement_time = ?",
                (lock_secs, lock_secs, budget),
            )
        } else {
            conn.exec_drop(
                "SET SESSION innodb_lock_wait_timeout = ?, lock_wait_timeout = ?, max_execution_time = ?",
                (lock_secs, lock_secs, (budget * 1000.0) as u64),
            )
        }
        .map_err(|e| engine("open session", &e))?;
        if let Snapshot::Set(on) = self.snapshot {
            conn.query_drop(if on {
                "SET SESSION innodb_snapshot_isolation = ON"
            } else {
                "SET SESSION innodb_snapshot_isolation = OFF"
            })
            .map_err(|e| engine("open session", &e))?;
        }
        let id = conn.connection_id();
        let watcher = self
            .monitor
            .as_ref()
            .map(|m| m.watch(id, probe, limits.wait_threshold));
        let keeper = Arc::clone(&self.keeper);
        let guard = Guard::new(
            &self.watchdog,
            limits,
            Arc::new(move || {
                let mut k = keeper.lock().unwrap_or_else(PoisonError::into_inner);
                let _ = k.query_drop(format!("KILL QUERY {id}"));
            }),
        );
        Ok(Box::new(MysqlSession::new(conn, level, watcher, guard)))
    }

    fn query(&self, sql: &str) -> Result<Rows, LabError> {
        let mut inspector = self
            .inspector
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if inspector.is_none() {
            *inspector = Some(connect(&self.sandbox_url, &self.name.name)?);
        }
        let Some(conn) = inspector.as_mut() else {
            return Ok(Rows::default());
        };
        match run(conn, sql, &Vars::new(), LabLimits::default().max_rows) {
            Ok(StepOutput::Rows(rows)) => Ok(rows),
            Ok(StepOutput::Changed(_)) => Ok(Rows::default()),
            Err(error) => Err(LabError::Engine {
                context: "invariant query".into(),
                error: Box::new(error),
            }),
        }
    }
}

fn snapshot_note(snapshot: Snapshot) -> Text {
    match snapshot {
        Snapshot::Set(true) => text(
            " innodb_snapshot_isolation is ON: writing a row that another transaction changed after your snapshot fails with error 1020 (first updater wins, like PostgreSQL), so lost updates are aborted; write skew still happens.",
            " innodb_snapshot_isolation 已开启：写入在你的快照之后被其他事务修改过的行会以错误 1020 失败（先更新者胜，与 PostgreSQL 相同），因此丢失更新会被中止；写偏斜仍会发生。",
        ),
        Snapshot::Set(false) => text(
            " innodb_snapshot_isolation is OFF (MariaDB's default before 11.6): an UPDATE silently overwrites a row another transaction changed after your snapshot, so lost updates (P4) happen. Add ?innodb_snapshot_isolation=on to the URL to compare.",
            " innodb_snapshot_isolation 已关闭（MariaDB 11.6 之前的默认值）：UPDATE 会悄悄覆盖在你的快照之后被其他事务修改过的行，因此会发生丢失更新（P4）。在 URL 后加上 ?innodb_snapshot_isolation=on 可以对比。",
        ),
        Snapshot::Unsupported => text(
            " This server has no innodb_snapshot_isolation, so an UPDATE silently overwrites a row another transaction changed after your snapshot: lost updates (P4) happen.",
            " 该服务器没有 innodb_snapshot_isolation，UPDATE 会悄悄覆盖在你的快照之后被其他事务修改过的行：会发生丢失更新（P4）。",
        ),
    }
}

fn describe(level: Level, snapshot: Snapshot) -> LevelNote {
    match level {
        Level::ReadUncommitted => LevelNote {
            how: text(
                "SET SESSION TRANSACTION ISOLATION LEVEL READ UNCOMMITTED, then START TRANSACTION. InnoDB's plain reads return the newest version of each row, committed or not: dirty reads. Writes still lock rows until commit, so a second writer of the same row waits.",
                "SET SESSION TRANSACTION ISOLATION LEVEL READ UNCOMMITTED，然后 START TRANSACTION。InnoDB 的普通读返回每行的最新版本，无论是否已提交：脏读。写操作仍然会锁行直到提交，所以同一行的第二个写者要等待。",
            ),
            differs: text(
                "PostgreSQL runs read-uncommitted as read-committed, so it never shows a dirty read. SQLite shows dirty reads only between connections of one shared cache.",
                "PostgreSQL 把读未提交当作读已提交执行，所以永远不会出现脏读。SQLite 只在共享同一缓存的连接之间出现脏读。",
            ),
        },
        Level::ReadCommitted => LevelNote {
            how: text(
                "READ COMMITTED: each plain SELECT reads a fresh consistent snapshot (MVCC). UPDATE and DELETE lock the rows they change; one that meets a locked row waits, then works on the row's latest committed version. There are no gap locks, so a range read with SELECT … FOR UPDATE does not keep other sessions from inserting into it.",
                "READ COMMITTED：每条普通 SELECT 读取一个新的一致性快照（MVCC）。UPDATE 和 DELETE 锁住要修改的行；遇到被锁的行会等待，然后基于该行最新已提交的版本操作。没有间隙锁，所以用 SELECT … FOR UPDATE 读取的范围并不能阻止其他会话往里插入。",
            ),
            differs: text(
                "PostgreSQL read-committed behaves much the same. SQLite has one write lock for the whole database, so writers queue.",
                "PostgreSQL 的读已提交行为基本相同。SQLite 整个数据库只有一把写锁，写者只能排队。",
            ),
        },
        Level::RepeatableRead => {
            let note = snapshot_note(snapshot);
            LevelNote {
                how: text(
                    format!(
                        "REPEATABLE READ (InnoDB's default): plain SELECTs read the snapshot taken at the transaction's first read, so they repeat and show no phantoms. Locking reads (SELECT … FOR UPDATE / FOR SHARE), UPDATE and DELETE read the latest committed rows instead (a \"current read\") and take next-key locks — the row plus the gap before it — which block other sessions' inserts into a range that was read with a lock.{}",
                        note.en
                    ),
                    format!(
                        "REPEATABLE READ（InnoDB 的默认级别）：普通 SELECT 读取事务第一次读时建立的快照，所以结果可重复，也没有幻读。加锁读（SELECT … FOR UPDATE / FOR SHARE）、UPDATE 和 DELETE 则读取最新已提交的行（“当前读”），并加临键锁——行本身加上它前面的间隙——从而阻止其他会话往加锁读过的范围里插入。{}",
                        note.zh
                    ),
                ),
                differs: text(
                    "PostgreSQL repeatable-read is snapshot isolation: it aborts lost updates (40001) but allows write skew. SQLite repeatable-read aborts any writer whose snapshot is stale, so neither happens there.",
                    "PostgreSQL 的可重复读是快照隔离：会中止丢失更新（40001），但允许写偏斜。SQLite 的可重复读会中止任何快照已过期的写者，所以两者都不会发生。",
                ),
            }
        }
        Level::Serializable => LevelNote {
            how: text(
                "SERIALIZABLE: like repeatable-read, but inside a transaction every plain SELECT becomes a locking read (FOR SHARE). Readers take shared next-key locks, so a writer waits for them, and two transactions that both read and then write the same rows deadlock — InnoDB rolls one back (1213).",
                "SERIALIZABLE：与可重复读类似，但在事务中每条普通 SELECT 都变成加锁读（FOR SHARE）。读者加共享临键锁，写者要等待它们；两个事务先读后写同样的行会形成死锁——InnoDB 回滚其中一个（1213）。",
            ),
            differs: text(
                "PostgreSQL serializable (SSI) does not block readers; it aborts a transaction with 40001 when a dangerous cycle appears. SQLite runs writing transactions one at a time.",
                "PostgreSQL 的可串行化（SSI）不阻塞读者；出现危险环时以 40001 中止事务。SQLite 一次只运行一个写事务。",
            ),
        },
    }
}
