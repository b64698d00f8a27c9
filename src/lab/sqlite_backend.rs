//! SQLite as a lab engine: an isolated database per run (a shared-cache in-memory database for
//! read-uncommitted, a WAL file in a private temp dir otherwise) and the level realisations
//! from DESIGN.md.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OpenFlags};

use super::backend::{Backend, LabDatabase, LevelNote, Session, WaitProbe};
use super::error::LabError;
use super::level::Level;
use super::limits::LabLimits;
use super::sqlite_errors::translate;
use super::sqlite_session::{SqliteSession, read_rows};
use super::temp_dir::{TempDir, unique_name};
use super::text_json::text;
use super::value::Rows;

#[derive(Clone, Copy, Debug, Default)]
pub struct SqliteBackend;

impl SqliteBackend {
    pub fn new() -> SqliteBackend {
        SqliteBackend
    }
}

impl Backend for SqliteBackend {
    fn name(&self) -> &'static str {
        "sqlite"
    }

    fn describe_level(&self, level: Level) -> LevelNote {
        match level {
            Level::ReadUncommitted => LevelNote {
                how: text(
                    "Shared-cache in-memory database with PRAGMA read_uncommitted=1: readers take no table locks, so they see rows other sessions have not committed. SQLite allows one writer per shared cache; a second writer meets SQLITE_LOCKED_SHAREDCACHE and the lab retries it every millisecond (bounded) until the first one ends.",
                    "共享缓存的内存数据库，并设置 PRAGMA read_uncommitted=1：读者不加表锁，因此能看到其他会话尚未提交的行。一个共享缓存同时只允许一个写者；第二个写者会遇到 SQLITE_LOCKED_SHAREDCACHE，实验室每毫秒重试一次（有上限），直到前一个写者结束。",
                ),
                differs: text(
                    "PostgreSQL runs read-uncommitted as read-committed, so it never shows a dirty read. MySQL/InnoDB really returns uncommitted rows. On SQLite dirty reads exist only between connections that share one cache.",
                    "PostgreSQL 把读未提交当作读已提交执行，因此永远不会出现脏读。MySQL/InnoDB 确实会返回未提交的行。SQLite 只有在共享同一个缓存的连接之间才会出现脏读。",
                ),
            },
            Level::ReadCommitted => LevelNote {
                how: text(
                    "WAL database file. Until its first write a session runs each statement in autocommit, so every read sees the latest committed data; the first write opens BEGIN IMMEDIATE, which waits for the database's single write lock and holds it until COMMIT.",
                    "WAL 模式的数据库文件。在第一次写之前，会话的每条语句都以自动提交方式执行，所以每次读都能看到最新已提交的数据；第一次写时执行 BEGIN IMMEDIATE，等待整个数据库唯一的写锁，并一直持有到 COMMIT。",
                ),
                differs: text(
                    "PostgreSQL and MySQL read-committed also read fresh data per statement, but lock rows, so two transactions can write different rows at once. SQLite has one write lock for the whole database: writers queue.",
                    "PostgreSQL 和 MySQL 的读已提交同样每条语句读取最新数据，但它们锁的是行，两个事务可以同时写不同的行。SQLite 整个数据库只有一把写锁：写者只能排队。",
                ),
            },
            Level::RepeatableRead => LevelNote {
                how: text(
                    "WAL with BEGIN DEFERRED held for the whole transaction: the first read fixes a snapshot. A transaction that read an old snapshot and then writes fails at once (SQLITE_BUSY while the other writer is active, SQLITE_BUSY_SNAPSHOT after it committed) instead of overwriting newer data — so lost updates and write skew cannot happen.",
                    "WAL 模式，在整个事务期间保持 BEGIN DEFERRED：第一次读取就固定了快照。读过旧快照的事务再去写时会立即失败（对方写者仍活跃时报 SQLITE_BUSY，对方已提交时报 SQLITE_BUSY_SNAPSHOT），而不是覆盖更新的数据——因此不会发生丢失更新和写偏斜。",
                ),
                differs: text(
                    "PostgreSQL repeatable-read (snapshot isolation) also aborts lost updates, but allows write skew (G2-item, G2). MySQL/InnoDB repeatable-read allows lost updates and write skew: its UPDATE reads the latest committed row, not the snapshot. SQLite allows neither.",
                    "PostgreSQL 的可重复读（快照隔离）同样会中止丢失更新，但允许写偏斜（G2-item、G2）。MySQL/InnoDB 的可重复读允许丢失更新和写偏斜：它的 UPDATE 读取最新已提交的行，而不是快照。SQLite 两者都不允许。",
                ),
            },
            Level::Serializable => LevelNote {
                how: text(
                    "BEGIN IMMEDIATE: each transaction takes the single write lock at BEGIN, so transactions run one after another; the others wait.",
                    "BEGIN IMMEDIATE：每个事务在 BEGIN 时就拿到唯一的写锁，事务一个接一个执行，其余的等待。",
                ),
                differs: text(
                    "PostgreSQL serializable (SSI) runs transactions concurrently and aborts one with a serialization failure (40001) when a dangerous cycle appears. MySQL serializable turns plain reads into locking reads and may end in a deadlock (1213). SQLite simply runs them one at a time.",
                    "PostgreSQL 的可串行化（SSI）让事务并发执行，出现危险环时以序列化失败（40001）中止其中一个。MySQL 的可串行化把普通读变成加锁读，可能以死锁（1213）告终。SQLite 则直接让事务一个一个执行。",
                ),
            },
        }
    }

    fn observes_lock_waits(&self) -> bool {
        true
    }

    fn create_database(
        &self,
        setup_sql: &str,
        levels: &[Level],
    ) -> Result<Arc<dyn LabDatabase>, LabError> {
        let only_ru = !levels.is_empty() && levels.iter().all(|l| *l == Level::ReadUncommitted);
        let db = if only_ru {
            SqliteDatabase::in_memory()?
        } else {
            SqliteDatabase::wal_file()?
        };
        {
            let keeper = db.keeper();
            keeper
                .execute_batch(setup_sql)
                .map_err(|e| engine("setup SQL", &e))?;
        }
        Ok(Arc::new(db))
    }
}

fn engine(context: &str, e: &rusqlite::Error) -> LabError {
    LabError::Engine {
        context: context.into(),
        error: Box::new(translate(e, false)),
    }
}

enum Storage {
    /// `file:lab-UNIQUE?mode=memory&cache=shared`: lives while the keeper connection is open.
    Memory { uri: String },
    /// A WAL file in a private temp dir, removed when the database is dropped.
    File { path: PathBuf, _dir: TempDir },
}

/// One run's database. Field order matters: the keeper closes before the temp dir is removed.
pub(crate) struct SqliteDatabase {
    keeper: Mutex<Connection>,
    storage: Storage,
}

const SHARED: OpenFlags = OpenFlags::SQLITE_OPEN_READ_WRITE
    .union(OpenFlags::SQLITE_OPEN_CREATE)
    .union(OpenFlags::SQLITE_OPEN_URI)
    .union(OpenFlags::SQLITE_OPEN_SHARED_CACHE)
    .union(OpenFlags::SQLITE_OPEN_NO_MUTEX);

const PRIVATE: OpenFlags = OpenFlags::SQLITE_OPEN_READ_WRITE
    .union(OpenFlags::SQLITE_OPEN_CREATE)
    .union(OpenFlags::SQLITE_OPEN_PRIVATE_CACHE)
    .union(OpenFlags::SQLITE_OPEN_NO_MUTEX);

/// `file:` URI for a path; escapes the characters a URI would misread.
fn file_uri(path: &Path) -> String {
    let mut s = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => s.push_str("%25"),
            '?' => s.push_str("%3f"),
            '#' => s.push_str("%23"),
            c => s.push(c),
        }
    }
    s + "?cache=shared"
}

impl SqliteDatabase {
    fn in_memory() -> Result<SqliteDatabase, LabError> {
        let uri = format!("file:{}?mode=memory&cache=shared", unique_name("lab"));
        let keeper =
            Connection::open_with_flags(&uri, SHARED).map_err(|e| engine("open database", &e))?;
        Ok(SqliteDatabase {
            keeper: Mutex::new(keeper),
            storage: Storage::Memory { uri },
        })
    }

    fn wal_file() -> Result<SqliteDatabase, LabError> {
        let dir = TempDir::new().map_err(|source| LabError::Io {
            path: std::env::temp_dir(),
            source,
        })?;
        let path = dir.path().join("lab.db");
        let keeper =
            Connection::open_with_flags(&path, PRIVATE).map_err(|e| engine("open database", &e))?;
        // WAL is a property of the file; synchronous=OFF because a throwaway file needs no fsync.
        keeper
            .execute_batch("PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;")
            .map_err(|e| engine("open database", &e))?;
        keeper
            .busy_timeout(std::time::Duration::from_secs(5))
            .map_err(|e| engine("open database", &e))?;
        Ok(SqliteDatabase {
            keeper: Mutex::new(keeper),
            storage: Storage::File { path, _dir: dir },
        })
    }

    fn keeper(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.keeper
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn connect(&self, level: Level) -> rusqlite::Result<Connection> {
        match &self.storage {
            Storage::Memory { uri } => Connection::open_with_flags(uri, SHARED),
            // A read-uncommitted session joins the file's shared cache: dirty reads happen only
            // between connections that share one cache.
            Storage::File { path, .. } if level == Level::ReadUncommitted => {
                Connection::open_with_flags(file_uri(path), SHARED)
            }
            Storage::File { path, .. } => Connection::open_with_flags(path, PRIVATE),
        }
    }
}

impl LabDatabase for SqliteDatabase {
    fn open_session(
        &self,
        level: Level,
        probe: WaitProbe,
        limits: &LabLimits,
    ) -> Result<Box<dyn Session>, LabError> {
        let conn = self
            .connect(level)
            .map_err(|e| engine("open session", &e))?;
        let session = SqliteSession::configure(conn, level, probe, limits)
            .map_err(|e| engine("open session", &e))?;
        Ok(Box::new(session))
    }

    fn query(&self, sql: &str) -> Result<Rows, LabError> {
        let keeper = self.keeper();
        let mut stmt = keeper
            .prepare(sql)
            .map_err(|e| engine("invariant query", &e))?;
        read_rows(&mut stmt, LabLimits::default().max_rows)
            .map_err(|e| engine("invariant query", &e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_dir_is_removed_even_when_a_run_panics() {
        let mut seen = None;
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let db = SqliteDatabase::wal_file().unwrap();
            if let Storage::File { path, .. } = &db.storage {
                seen = Some(path.parent().unwrap().to_path_buf());
                assert!(path.parent().unwrap().exists());
            }
            panic!("simulated failure mid-run");
        }));
        assert!(result.is_err());
        let dir = seen.expect("WAL storage has a directory");
        assert!(!dir.exists(), "{} was left behind", dir.display());
    }

    #[test]
    fn uri_escapes_reserved_characters() {
        assert_eq!(
            file_uri(Path::new("/tmp/a?b#c%d")),
            "file:/tmp/a%3fb%23c%25d?cache=shared"
        );
    }
}
