//! Attacks on the server sandbox, as a hostile learner would try them, against both servers.
//! Each attack runs where learner SQL runs (the lab console, as `.lab` in the REPL uses it, and
//! `sqldrill check` of a lab exercise) and must be refused or harmless, and leave no trace.
//! Victims are objects this test creates under its own unique names, and removes afterwards.
//!
//! Servers as in tests/lab_servers.rs: with `CI=true` an unreachable server fails the test.

use std::time::{Duration, Instant};

use assert_cmd::Command;
use mysql::prelude::Queryable;
use sqldrill::lab::engine_url::ServerKind;
use sqldrill::lab::{
    Backend, LabConsole, LabLimits, Level, MysqlBackend, PostgresBackend, StepResult, Value,
};

mod common;
use common::{mysql_admin, postgres_admin, server};

const SETUP: &str = "CREATE TABLE test (id INT PRIMARY KEY, value INT); \
                     INSERT INTO test (id, value) VALUES (1, 10), (2, 20);";

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{prefix}_{}_{}", std::process::id(), nanos % 1_000_000_000)
}

/// Short limits so the time attacks end quickly: 1 s statements, 1 s lock waits.
fn console(backend: &dyn Backend) -> LabConsole {
    let limits = LabLimits {
        statement: Duration::from_secs(1),
        lock_wait: Duration::from_secs(1),
        ..LabLimits::default()
    };
    LabConsole::with_limits(backend, SETUP, Level::ReadCommitted, limits).unwrap()
}

/// Runs one statement in session A and waits for its result.
fn run(c: &mut LabConsole, sql: &str) -> StepResult {
    let mut events = c.execute("A", sql).unwrap();
    if events.iter().all(|e| e.result().is_none()) {
        events = c.wait_idle(Duration::from_secs(60));
    }
    events
        .iter()
        .find_map(|e| e.result().cloned())
        .unwrap_or_else(|| panic!("no result for {sql}"))
}

fn refused(c: &mut LabConsole, sql: &str) -> String {
    match run(c, sql) {
        StepResult::Failed { error, .. } => error.code,
        other => panic!("{sql} was not refused: {other:?}"),
    }
}

fn scalar(c: &mut LabConsole, sql: &str) -> Value {
    match run(c, sql) {
        StepResult::Rows { rows } => rows.rows[0][0].clone(),
        other => panic!("{sql}: {other:?}"),
    }
}

#[test]
fn postgres_learner_sql_stays_in_its_schema() {
    let Some(pg) = server(ServerKind::Postgres, PostgresBackend::connect) else {
        return;
    };
    let mut admin = postgres_admin();
    let victim = unique("sqldrill_victim");
    admin
        .batch_execute(&format!(
            "CREATE SCHEMA {victim}; CREATE TABLE {victim}.t (x int); INSERT INTO {victim}.t VALUES (1)"
        ))
        .unwrap();
    let file = std::env::temp_dir().join(unique("sqldrill_attack"));
    let slot = unique("sqldrill_attack_slot");
    let mut c = console(&pg);

    let Value::Text(role) = scalar(&mut c, "SELECT current_user") else {
        panic!("no role name")
    };
    assert!(role.starts_with("sqldrill_u_"), "{role}");
    assert_eq!(
        scalar(
            &mut c,
            "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user"
        ),
        Value::Text("false".into())
    );
    for attack in [
        format!("DELETE FROM {victim}.t"),
        format!("DROP TABLE {victim}.t"),
        "SELECT pg_read_file('/etc/hostname')".into(),
        format!(
            "SELECT lo_export(lo_from_bytea(0, 'x'), '{}')",
            file.display()
        ),
        "SELECT rolpassword FROM pg_authid".into(),
        format!("SELECT pg_create_physical_replication_slot('{slot}')"),
        format!("COPY (SELECT 1) TO PROGRAM 'touch {}'", file.display()),
        "ALTER SYSTEM SET work_mem = '1GB'".into(),
        "CREATE ROLE sqldrill_attack_role".into(),
        "SELECT 1; DROP TABLE test".into(),
    ] {
        refused(&mut c, &attack);
        // A failed statement aborts nothing here (autocommit), but be explicit.
        let _ = c.execute("A", "ROLLBACK");
    }
    // A statement budget the session switched off still holds: the watchdog cancels it.
    run(&mut c, "SELECT set_config('statement_timeout', '0', false)");
    let started = Instant::now();
    assert_eq!(refused(&mut c, "SELECT pg_sleep(60)"), "57014");
    assert!(started.elapsed() < Duration::from_secs(20));
    // A large object is the role's own, and goes with it.
    let Value::Integer(lo) = scalar(&mut c, "SELECT lo_from_bytea(0, 'x')::bigint") else {
        panic!("no large object id")
    };
    drop(c);

    let rows: i64 = admin
        .query_one(&format!("SELECT count(*) FROM {victim}.t"), &[])
        .unwrap()
        .get(0);
    assert_eq!(rows, 1, "the victim table was changed");
    assert!(!file.exists(), "a server file was written");
    let left: i64 = admin
        .query_one(
            "SELECT (SELECT count(*) FROM pg_roles WHERE rolname = $1) \
                  + (SELECT count(*) FROM pg_replication_slots WHERE slot_name = $2) \
                  + (SELECT count(*) FROM pg_largeobject_metadata WHERE oid = $3::bigint::oid)",
            &[&role, &slot, &lo],
        )
        .unwrap()
        .get(0);
    assert_eq!(
        left, 0,
        "the role, a slot or a large object was left behind"
    );
    admin
        .batch_execute(&format!("DROP SCHEMA {victim} CASCADE"))
        .unwrap();
}

#[test]
fn mariadb_learner_sql_stays_in_its_database() {
    let Some(my) = server(ServerKind::Mysql, MysqlBackend::connect) else {
        return;
    };
    let mut admin = mysql_admin();
    let victim = unique("sqldrill_victim");
    admin
        .query_drop(format!(
            "CREATE DATABASE {victim}; CREATE TABLE {victim}.t (x int); INSERT INTO {victim}.t VALUES (1)"
        ))
        .unwrap();
    let file = std::env::temp_dir().join(unique("sqldrill_attack"));
    let mut c = console(&my);

    let Value::Text(user) = scalar(&mut c, "SELECT CURRENT_USER()") else {
        panic!("no user name")
    };
    assert!(user.starts_with("sqldrill_u_"), "{user}");
    for attack in [
        format!("DELETE FROM {victim}.t"),
        format!("SELECT 1 INTO OUTFILE '{}'", file.display()),
        "SELECT * FROM mysql.global_priv".into(),
        format!("SELECT '\\\\'; DROP DATABASE {victim}; SELECT ''"),
        format!("SELECT 1 # ; DROP DATABASE {victim}\n; DROP DATABASE {victim}"),
        "SET GLOBAL max_connections = 1000".into(),
        "CREATE USER sqldrill_attack_user".into(),
        format!("GRANT ALL ON {victim}.* TO CURRENT_USER"),
    ] {
        refused(&mut c, &attack);
    }
    // The client has no local-infile handler: a LOCAL load gets an empty file.
    assert!(matches!(
        run(
            &mut c,
            "LOAD DATA LOCAL INFILE '/etc/hostname' INTO TABLE test"
        ),
        StepResult::Failed { .. } | StepResult::Changed { count: 0 }
    ));
    // Without FILE, LOAD_FILE reads nothing.
    assert_eq!(
        scalar(&mut c, "SELECT LOAD_FILE('/etc/hostname')"),
        Value::Null
    );
    run(&mut c, "SET SESSION max_statement_time = 0");
    let started = Instant::now();
    let _ = run(&mut c, "SELECT SLEEP(60)");
    assert!(started.elapsed() < Duration::from_secs(20));
    drop(c);

    let rows: Option<i64> = admin
        .query_first(format!("SELECT count(*) FROM {victim}.t"))
        .unwrap();
    assert_eq!(rows, Some(1), "the victim table was changed");
    assert!(!file.exists(), "a server file was written");
    let name = user.split('@').next().unwrap().to_string();
    let left: Option<i64> = admin
        .exec_first("SELECT count(*) FROM mysql.user WHERE user = ?", (name,))
        .unwrap();
    assert_eq!(left, Some(0), "the sandbox user was left behind");
    admin.query_drop(format!("DROP DATABASE {victim}")).unwrap();
}

/// The attack from the security review: a lab exercise answer smuggling a second statement
/// past a splitter that does not know MySQL's backslash escapes.
#[test]
fn mariadb_lab_answer_cannot_smuggle_a_statement() {
    if server(ServerKind::Mysql, MysqlBackend::connect).is_none() {
        return;
    }
    let mut admin = mysql_admin();
    let victim = unique("sqldrill_victim");
    admin
        .query_drop(format!("CREATE DATABASE {victim}"))
        .unwrap();
    let home = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("sqldrill")
        .unwrap()
        .env("SQLDRILL_HOME", home.path())
        .env("SQLDRILL_ENGINE", "mysql")
        .env("NO_COLOR", "1")
        .args(["check", "19", "--sql"])
        .arg(format!(
            "INSERT INTO orders (id, customer, amount) VALUES (3, 'carol', 150); SELECT '\\'; DROP DATABASE {victim}; SELECT ''"
        ))
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0), "the smuggling answer passed");
    let exists: Option<i64> = admin
        .exec_first(
            "SELECT count(*) FROM information_schema.schemata WHERE schema_name = ?",
            (victim.as_str(),),
        )
        .unwrap();
    assert_eq!(exists, Some(1), "the victim database was dropped");
    admin.query_drop(format!("DROP DATABASE {victim}")).unwrap();
}

/// Something that accepts the TCP connection and never answers: the lab says so within the
/// connect bound instead of hanging.
#[test]
fn a_silent_server_fails_clearly_instead_of_hanging() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let held = std::thread::spawn(move || {
        let mut kept = Vec::new();
        for s in listener.incoming().take(4).flatten() {
            kept.push(s);
        }
        std::thread::sleep(Duration::from_secs(30));
    });
    for scheme in ["postgres", "mysql"] {
        let home = tempfile::tempdir().unwrap();
        let started = Instant::now();
        let out = Command::cargo_bin("sqldrill")
            .unwrap()
            .env("SQLDRILL_HOME", home.path())
            .env("NO_COLOR", "1")
            .env("LANG", "C")
            .args(["lab", "dirty-read", "--engine"])
            .arg(format!("{scheme}://root@127.0.0.1:{port}/test"))
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{scheme}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("never completed the handshake"),
            "{scheme}: {err}"
        );
        assert!(started.elapsed() < Duration::from_secs(30), "{scheme}");
    }
    drop(held);
}

/// A killed run's sandbox role is dropped by the next connect when it is old and its run's lock
/// is free; a live run's role (lock held) is kept.
#[test]
fn postgres_stale_sandbox_roles_are_swept_on_connect() {
    if server(ServerKind::Postgres, PostgresBackend::connect).is_none() {
        return;
    }
    let mut admin = postgres_admin();
    let id = (std::process::id() % 100_000) * 10_000 + 17;
    let stale = format!("sqldrill_u_1000000000_{id}");
    let live = format!("sqldrill_u_1000000000_{}", id + 1);
    for r in [&stale, &live] {
        admin
            .batch_execute(&format!("CREATE ROLE {r} LOGIN"))
            .unwrap();
    }
    let mut holder = postgres_admin();
    let key = i32::from_ne_bytes((id + 1).to_ne_bytes());
    holder
        .query("SELECT pg_advisory_lock($1, $2)", &[&0x5344_524C_i32, &key])
        .unwrap();
    server(ServerKind::Postgres, PostgresBackend::connect).unwrap();
    let exists = |admin: &mut postgres::Client, r: &str| -> bool {
        admin
            .query_one("SELECT count(*) FROM pg_roles WHERE rolname = $1", &[&r])
            .unwrap()
            .get::<_, i64>(0)
            == 1
    };
    assert!(!exists(&mut admin, &stale), "stale role kept");
    assert!(exists(&mut admin, &live), "live role dropped");
    drop(holder);
    admin.batch_execute(&format!("DROP ROLE {live}")).unwrap();
}

#[test]
fn mariadb_stale_sandbox_users_are_swept_on_connect() {
    if server(ServerKind::Mysql, MysqlBackend::connect).is_none() {
        return;
    }
    let mut admin = mysql_admin();
    let id = (std::process::id() % 100_000) * 10_000 + 17;
    let stale = format!("sqldrill_u_1000000000_{id}");
    let live = format!("sqldrill_u_1000000000_{}", id + 1);
    for u in [&stale, &live] {
        admin.query_drop(format!("CREATE USER '{u}'@'%'")).unwrap();
    }
    let mut holder = mysql_admin();
    let run = format!("sqldrill_lab_1000000000_{}", id + 1);
    let got: Option<i64> = holder.exec_first("SELECT GET_LOCK(?, 0)", (run,)).unwrap();
    assert_eq!(got, Some(1));
    server(ServerKind::Mysql, MysqlBackend::connect).unwrap();
    let mut exists = |u: &str| -> bool {
        let n: Option<i64> = admin
            .exec_first("SELECT count(*) FROM mysql.user WHERE user = ?", (u,))
            .unwrap();
        n == Some(1)
    };
    assert!(!exists(&stale), "stale user kept");
    assert!(exists(&live), "live user dropped");
    drop(holder);
    admin.query_drop(format!("DROP USER '{live}'@'%'")).unwrap();
}
