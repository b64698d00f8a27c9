//! PostgreSQL SQLSTATEs and MySQL/MariaDB error numbers as lab errors, with what they mean here
//! in English and Chinese; and the one-line "cannot reach the server" messages.

use super::backend::{EngineError, ErrorKind};
use super::engine_url::{ServerKind, ServerUrl};
use super::text_json::text;
use crate::lang::Text;

fn error(code: impl Into<String>, message: &str, kind: ErrorKind, meaning: Text) -> EngineError {
    EngineError {
        code: code.into(),
        message: message.to_string(),
        meaning,
        kind,
    }
}

/// The connection is gone: the server closed it, was restarted, or the network dropped.
pub(crate) fn connection_lost(product: &str, detail: &str) -> EngineError {
    error(
        "CONNECTION",
        detail,
        ErrorKind::ConnectionLost,
        text(
            format!(
                "the connection to {product} was lost ({detail}); the session's transaction is gone — was the server stopped or restarted?"
            ),
            format!(
                "与 {product} 的连接已断开（{detail}）；该会话的事务已不存在——服务器是否被停止或重启了？"
            ),
        ),
    )
}

/// A PostgreSQL error by SQLSTATE.
pub(crate) fn postgres(sqlstate: &str, message: &str) -> EngineError {
    let (kind, meaning) = match sqlstate {
        "40001" if message.contains("read/write dependencies") => (
            ErrorKind::Serialization,
            text(
                "could not serialize access — serializable snapshot isolation (SSI) found that this transaction's reads and another's writes could form a cycle that no serial order explains; PostgreSQL rolled it back; retry it.",
                "无法串行化访问——可串行化快照隔离（SSI）发现本事务的读与另一个事务的写可能构成任何串行顺序都解释不了的环；PostgreSQL 已回滚该事务；请重试。",
            ),
        ),
        "40001" => (
            ErrorKind::Serialization,
            text(
                "could not serialize access — the row was changed by a transaction that committed after this one's snapshot; writing it would lose that change, so the first updater wins and PostgreSQL rolled this transaction back; retry it.",
                "无法串行化访问——这一行被一个在本事务快照之后提交的事务修改过；再写就会丢失那次修改，因此先更新者胜，PostgreSQL 回滚了本事务；请重试。",
            ),
        ),
        "40P01" => (
            ErrorKind::Deadlock,
            text(
                "deadlock detected — two transactions were waiting for each other's locks; PostgreSQL rolled this one back so the other can go on; retry it.",
                "检测到死锁——两个事务在互相等待对方的锁；PostgreSQL 回滚了这一个，让另一个继续；请重试。",
            ),
        ),
        "55P03" => (
            ErrorKind::LockTimeout,
            text(
                "lock wait timed out (lock_timeout, the lab's bound) — another transaction held the lock too long; the transaction is rolled back.",
                "等待锁超时（lock_timeout，实验室设置的上限）——另一个事务持有锁的时间太长；事务已回滚。",
            ),
        ),
        "57014" => (
            ErrorKind::Interrupted,
            text(
                "the statement ran past its time budget (statement_timeout) and was cancelled.",
                "语句超出了时间预算（statement_timeout），已被取消。",
            ),
        ),
        "25P02" => (
            ErrorKind::Statement,
            text(
                "the transaction has already failed: after any error PostgreSQL ignores every statement until ROLLBACK, and COMMIT rolls back.",
                "事务已经失败：出现任何错误后，PostgreSQL 会忽略后续所有语句直到 ROLLBACK，COMMIT 也只会回滚。",
            ),
        ),
        s if s.starts_with("08") || matches!(s, "57P01" | "57P02" | "57P03") => {
            return connection_lost("PostgreSQL", message);
        }
        s if s.starts_with("23") => (
            ErrorKind::Statement,
            text(
                format!("a constraint failed: {message}"),
                format!("违反约束：{message}"),
            ),
        ),
        "42501" => (
            ErrorKind::Denied,
            text(
                format!("permission denied: {message}"),
                format!("权限不足：{message}"),
            ),
        ),
        s if s.starts_with("42") => (
            ErrorKind::Statement,
            text(
                format!("SQL error: {message}"),
                format!("SQL 错误：{message}"),
            ),
        ),
        _ => (
            ErrorKind::Statement,
            text(
                format!("PostgreSQL error: {message}"),
                format!("PostgreSQL 错误：{message}"),
            ),
        ),
    };
    error(sqlstate, message, kind, meaning)
}

/// A MySQL/MariaDB server error by number.
pub(crate) fn mysql(code: u16, message: &str) -> EngineError {
    let (kind, meaning) = match code {
        1213 => (
            ErrorKind::Deadlock,
            text(
                "deadlock found — two transactions were waiting for each other's locks; InnoDB rolled this whole transaction back so the other can go on; retry it.",
                "发现死锁——两个事务在互相等待对方的锁；InnoDB 回滚了这整个事务，让另一个继续；请重试。",
            ),
        ),
        1205 => (
            ErrorKind::LockTimeout,
            text(
                "lock wait timed out (innodb_lock_wait_timeout, the lab's bound) — another transaction held the lock too long. MariaDB itself rolls back only this statement (unless innodb_rollback_on_timeout=ON); the lab rolls back the whole transaction so nothing goes on half-done.",
                "等待锁超时（innodb_lock_wait_timeout，实验室设置的上限）——另一个事务持有锁的时间太长。MariaDB 本身只回滚这一条语句（除非 innodb_rollback_on_timeout=ON）；实验室会回滚整个事务，避免只做了一半的事务继续执行。",
            ),
        ),
        1020 => (
            ErrorKind::Serialization,
            text(
                "record has changed since your snapshot — with innodb_snapshot_isolation=ON, InnoDB refuses to write a row that a transaction committed after your read view was created (first updater wins, as in PostgreSQL repeatable-read), so no update is lost; the transaction is rolled back; retry it.",
                "记录在你的快照之后已被修改——开启 innodb_snapshot_isolation 后，InnoDB 拒绝写入在你的读视图创建之后被其他事务提交修改过的行（先更新者胜，与 PostgreSQL 的可重复读相同），因此不会丢失更新；事务已回滚；请重试。",
            ),
        ),
        1969 | 3024 | 1317 | 1028 => (
            ErrorKind::Interrupted,
            text(
                "the statement ran past its time budget (max_statement_time) and was stopped.",
                "语句超出了时间预算（max_statement_time），已被中止。",
            ),
        ),
        1053 | 1927 | 2006 | 2013 => return connection_lost("MySQL/MariaDB", message),
        1062 | 1451 | 1452 | 1048 | 1364 | 4025 => (
            ErrorKind::Statement,
            text(
                format!("a constraint failed: {message}"),
                format!("违反约束：{message}"),
            ),
        ),
        1044 | 1045 | 1142 | 1143 | 1227 => (
            ErrorKind::Denied,
            text(
                format!("permission denied: {message}"),
                format!("权限不足：{message}"),
            ),
        ),
        _ => (
            ErrorKind::Statement,
            text(
                format!("SQL error: {message}"),
                format!("SQL 错误：{message}"),
            ),
        ),
    };
    error(code.to_string(), message, kind, meaning)
}

/// How to start a server that does not answer, for the one-line report.
fn start_hint(kind: ServerKind) -> (&'static str, &'static str) {
    match kind {
        ServerKind::Postgres => (
            "is the server running? Start it (e.g. `sudo systemctl start postgresql`, or `pg_ctlcluster <version> main start`), or point --engine / SQLDRILL_POSTGRES_URL at one that runs",
            "服务器在运行吗？请启动它（例如 `sudo systemctl start postgresql` 或 `pg_ctlcluster <版本> main start`），或让 --engine / SQLDRILL_POSTGRES_URL 指向正在运行的服务器",
        ),
        ServerKind::Mysql => (
            "is the server running? Start it (e.g. `sudo systemctl start mariadb`, or `mysqld_safe &`), or point --engine / SQLDRILL_MYSQL_URL at one that runs",
            "服务器在运行吗？请启动它（例如 `sudo systemctl start mariadb` 或 `mysqld_safe &`），或让 --engine / SQLDRILL_MYSQL_URL 指向正在运行的服务器",
        ),
    }
}

/// "could not connect to PostgreSQL at 127.0.0.1:5432: connection refused — is the server running? …"
pub(crate) fn unreachable(url: &ServerUrl, cause: &str, server_answered: bool) -> Text {
    let product = url.kind.product();
    let addr = url.address();
    if server_answered {
        // The server is up but refused us: the fix is in the URL or the server's settings.
        return text(
            format!(
                "could not use {product} at {addr} ({}): {cause} — check the user, password and database in the URL",
                url.redacted()
            ),
            format!(
                "无法使用位于 {addr} 的 {product}（{}）：{cause}——请检查 URL 中的用户名、密码和数据库名",
                url.redacted()
            ),
        );
    }
    let (en, zh) = start_hint(url.kind);
    text(
        format!("could not connect to {product} at {addr}: {cause} — {en}"),
        format!("无法连接位于 {addr} 的 {product}：{cause}——{zh}"),
    )
}

/// Short words for the usual socket failures.
pub(crate) fn io_cause(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::ConnectionRefused => "connection refused".into(),
        K::TimedOut | K::WouldBlock => "timed out".into(),
        K::ConnectionReset | K::ConnectionAborted => "connection reset".into(),
        K::AddrNotAvailable | K::NotFound => "address not available".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::engine_url::{EngineSpec, parse};

    #[test]
    fn codes_map_to_kinds_with_both_languages() {
        assert_eq!(postgres("40001", "x").kind, ErrorKind::Serialization);
        assert_eq!(postgres("40P01", "x").kind, ErrorKind::Deadlock);
        assert_eq!(postgres("08006", "x").kind, ErrorKind::ConnectionLost);
        assert_eq!(mysql(1213, "x").kind, ErrorKind::Deadlock);
        assert_eq!(mysql(1205, "x").kind, ErrorKind::LockTimeout);
        assert_eq!(mysql(1020, "x").kind, ErrorKind::Serialization);
        for e in [postgres("40001", "x"), mysql(1213, "x"), mysql(1064, "x")] {
            assert!(!e.meaning.en.is_empty() && !e.meaning.zh.is_empty());
        }
    }

    #[test]
    fn unreachable_names_the_server_and_how_to_start_it() {
        let EngineSpec::Server(url) = parse("postgres://root@127.0.0.1/test").unwrap() else {
            panic!()
        };
        let t = unreachable(&url, "connection refused", false);
        assert!(t.en.starts_with(
            "could not connect to PostgreSQL at 127.0.0.1:5432: connection refused — is the server running?"
        ));
        assert!(t.zh.contains("服务器在运行吗"));
    }
}
