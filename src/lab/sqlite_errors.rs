//! Translates SQLite result codes into lab errors with a meaning in English and Chinese.

use rusqlite::ffi;

use super::backend::{EngineError, ErrorKind};
use super::text_json::text;

/// `waited`: the statement spent time in the busy handler / retry loop before failing, which
/// tells a lock timeout apart from SQLite refusing to wait at all.
pub(crate) fn translate(err: &rusqlite::Error, waited: bool) -> EngineError {
    let (primary, extended, message) = match err {
        rusqlite::Error::SqliteFailure(e, msg) => (
            e.extended_code & 0xff,
            e.extended_code,
            msg.clone().unwrap_or_else(|| e.to_string()),
        ),
        rusqlite::Error::MultipleStatement => {
            return lab_error(
                "one statement per step",
                "每一步只能有一条语句",
                "several statements in one step: run them one at a time",
            );
        }
        rusqlite::Error::InvalidParameterName(name) => {
            return lab_error(
                &format!(
                    "no value for {name}: a SELECT earlier in this session binds its columns by name"
                ),
                &format!("{name} 没有值：本会话中较早的 SELECT 会按列名绑定变量"),
                &format!("unknown parameter {name}"),
            );
        }
        other => {
            return EngineError {
                code: "SQLITE_MISUSE".into(),
                message: other.to_string(),
                meaning: text(other.to_string(), other.to_string()),
                kind: ErrorKind::Statement,
            };
        }
    };
    let (code, kind, meaning) = match (primary, extended) {
        (_, ffi::SQLITE_BUSY_SNAPSHOT) => (
            "SQLITE_BUSY_SNAPSHOT",
            ErrorKind::StaleSnapshot,
            text(
                "your snapshot is stale — another transaction committed after you first read; on SQLite this is how repeatable-read prevents lost updates and write skew; retry the transaction.",
                "你的快照已过期——在你第一次读取之后，另一个事务已经提交；在 SQLite 上，可重复读正是这样防止丢失更新和写偏斜的；请重试整个事务。",
            ),
        ),
        (ffi::SQLITE_BUSY, _) if waited => (
            "SQLITE_BUSY",
            ErrorKind::LockTimeout,
            text(
                "lock wait timed out — another transaction held the write lock longer than the lab's bound; SQLite gave up instead of waiting forever (a deadlock would end the same way); retry the transaction.",
                "等待锁超时——另一个事务持有写锁的时间超过了实验室的上限；SQLite 放弃等待而不是无限等待（死锁也会这样结束）；请重试事务。",
            ),
        ),
        (ffi::SQLITE_BUSY, _) => (
            "SQLITE_BUSY",
            ErrorKind::LockConflict,
            text(
                "database is locked — another transaction holds the write lock, and yours already read a snapshot; waiting cannot help (once the other commits your snapshot is stale), so SQLite fails at once. On SQLite this is how repeatable-read prevents lost updates and write skew; retry the transaction.",
                "数据库被锁定——另一个事务持有写锁，而你的事务已经读取了快照；等待也没有用（对方一提交，你的快照就过期了），所以 SQLite 立即报错。在 SQLite 上，可重复读正是这样防止丢失更新和写偏斜的；请重试事务。",
            ),
        ),
        (ffi::SQLITE_LOCKED, ffi::SQLITE_LOCKED_SHAREDCACHE) => (
            "SQLITE_LOCKED_SHAREDCACHE",
            ErrorKind::LockTimeout,
            text(
                "table lock wait timed out — another connection in the shared cache kept its write transaction open longer than the lab's bound.",
                "等待表锁超时——共享缓存中的另一个连接保持写事务的时间超过了实验室的上限。",
            ),
        ),
        (ffi::SQLITE_LOCKED, _) => (
            "SQLITE_LOCKED",
            ErrorKind::LockConflict,
            text(
                "a table is locked by another statement or connection.",
                "表被另一条语句或另一个连接锁定。",
            ),
        ),
        (ffi::SQLITE_INTERRUPT, _) => (
            "SQLITE_INTERRUPT",
            ErrorKind::Interrupted,
            text(
                "the statement ran past its time budget and was stopped.",
                "语句超出了时间预算，已被中止。",
            ),
        ),
        (ffi::SQLITE_AUTH, _) => (
            "SQLITE_AUTH",
            ErrorKind::Denied,
            text(
                "not allowed in the lab: ATTACH, DETACH, PRAGMA and load_extension are disabled.",
                "实验室中不允许：ATTACH、DETACH、PRAGMA 和 load_extension 均已禁用。",
            ),
        ),
        (ffi::SQLITE_CONSTRAINT, _) => (
            "SQLITE_CONSTRAINT",
            ErrorKind::Statement,
            text(
                format!("a constraint failed: {message}"),
                format!("违反约束：{message}"),
            ),
        ),
        (ffi::SQLITE_ERROR, _) => (
            "SQLITE_ERROR",
            ErrorKind::Statement,
            text(
                format!("SQL error: {message}"),
                format!("SQL 错误：{message}"),
            ),
        ),
        (ffi::SQLITE_TOOBIG, _) => (
            "SQLITE_TOOBIG",
            ErrorKind::Statement,
            text(
                "the statement or a value is too large.",
                "语句或某个值过大。",
            ),
        ),
        (ffi::SQLITE_READONLY, _) => (
            "SQLITE_READONLY",
            ErrorKind::Statement,
            text("the database is read-only here.", "此处数据库是只读的。"),
        ),
        _ => (
            "SQLITE_ERROR",
            ErrorKind::Statement,
            text(
                format!("SQLite error: {message}"),
                format!("SQLite 错误：{message}"),
            ),
        ),
    };
    let code = if code == "SQLITE_ERROR" && primary != ffi::SQLITE_ERROR {
        format!("SQLITE_ERROR({extended})")
    } else {
        code.to_string()
    };
    EngineError {
        code,
        message,
        meaning,
        kind,
    }
}

/// An error the lab raises itself, phrased like the engine's.
pub(crate) fn lab_error(en: &str, zh: &str, message: &str) -> EngineError {
    EngineError {
        code: "LAB".into(),
        message: message.into(),
        meaning: text(en, zh),
        kind: ErrorKind::Statement,
    }
}

/// True for the shared-cache table lock a read-uncommitted writer meets; the session retries.
pub(crate) fn is_sharedcache_locked(err: &rusqlite::Error) -> bool {
    matches!(err, rusqlite::Error::SqliteFailure(e, _) if e.extended_code == ffi::SQLITE_LOCKED_SHAREDCACHE)
}
