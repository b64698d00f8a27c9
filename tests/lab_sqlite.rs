//! The isolation lab on real SQLite: every scenario × level outcome, timeline snapshots, the
//! interactive console, and the graded lab exercises.
//!
//! Lab tests share one lock: each run spawns session threads, and running them one at a time
//! keeps a busy 2-core CI machine from starving them. No assertion depends on timing below
//! 100 ms; "waiting" is decided from lock-retry evidence, not from a stopwatch.

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use sqldrill::lab::{
    self, Cell, EventKind, LabConsole, LabError, LabLimits, Level, SqliteBackend, StepResult,
    Verdict, exercise, render,
};
use sqldrill::lang::Lang;

static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

fn run(id: &str, level: Level) -> (lab::Scenario, lab::Run) {
    let all = lab::builtin();
    let s = lab::find(&all, id).unwrap().clone();
    let r = lab::run_scenario(&s, level, &SqliteBackend::new()).unwrap();
    (s, r)
}

use Cell::{Aborted as X, Anomaly as A, Prevented as P};

/// What real SQLite produces, found by running each cell. Columns: read-uncommitted,
/// read-committed, repeatable-read, serializable.
const EXPECTED: &[(&str, [Cell; 4])] = &[
    // RU: B reads A's uncommitted page in the shared cache. RC+: autocommit reads see committed data only.
    ("dirty-read", [A, P, P, P]),
    // RU/RC: each read is a fresh autocommit statement. RR: A's BEGIN DEFERRED snapshot. S: B waits for A's BEGIN IMMEDIATE.
    ("non-repeatable-read", [A, A, P, P]),
    // RU/RC: the second read sees B's committed insert. RR: snapshot hides it. S: B's BEGIN waits until A commits.
    ("phantom-read", [A, A, P, P]),
    // RU/RC: B's write waits for A's lock, then overwrites with its stale :balance. RR: B's upgrade fails (SQLITE_BUSY). S: B reads after A commits.
    ("lost-update", [A, A, X, P]),
    // RU/RC: B waits for the write lock, then commits on its stale count. RR: B's upgrade fails (SQLITE_BUSY). S: B reads count 1.
    ("write-skew", [A, A, X, P]),
    // All: one writer at a time (shared-cache table lock / WAL write lock), so writes never interleave.
    ("g0", [P, P, P, P]),
    // RU: dirty read of 101 in the shared cache. RC+: never sees uncommitted data.
    ("g1a", [A, P, P, P]),
    // RU: dirty read of the intermediate 101. RC+: never sees uncommitted data.
    ("g1b", [A, P, P, P]),
    // All: B's write waits for A's commit, so B never has an uncommitted write for A to see.
    ("g1c", [P, P, P, P]),
    // All: T2 writes only after T1 commits (single writer), so T3 never sees T2 vanish.
    ("otv", [P, P, P, P]),
    // RU/RC: the predicate read after B's commit sees (3, 30). RR: snapshot. S: B runs after A.
    ("pmp", [A, A, P, P]),
    // All: B's delete waits for A's commit and then evaluates its predicate on fresh data.
    ("pmp-write", [P, P, P, P]),
    // RU/RC: B's update waits, then both commit after reading 10. RR: B's upgrade fails (SQLITE_BUSY). S: B reads 11.
    ("p4", [A, A, X, P]),
    // RU/RC: A's second read sees B's commit. RR: snapshot. S: B waits for A.
    ("g-single", [A, A, P, P]),
    // RU/RC: A's second predicate read sees 12. RR: snapshot. S: B waits for A.
    ("g-single-dependencies", [A, A, P, P]),
    // RU/RC: A's delete runs on B's committed state. RR: A's snapshot is stale (SQLITE_BUSY_SNAPSHOT). S: B waits for A.
    ("g-single-write-1", [A, A, X, P]),
    // RU/RC: A's delete waits for B, then runs on B's state. RR: A's upgrade fails while B holds the lock (SQLITE_BUSY). S: B waits.
    ("g-single-write-2", [A, A, X, P]),
    // RU/RC: B's update waits, then commits on its stale read. RR: B's upgrade fails (SQLITE_BUSY). S: B reads after A.
    ("g2-item", [A, A, X, P]),
    // RU/RC: B's insert waits, then commits on its empty read. RR: B's upgrade fails (SQLITE_BUSY). S: B reads after A.
    ("g2", [A, A, X, P]),
    // RU/RC: A's read predates B's commit, C's follows it. RR: A's snapshot is stale (SQLITE_BUSY_SNAPSHOT). S: all serial.
    ("g2-two-edges", [A, A, X, P]),
    // All: A's transaction holds the single write lock from its CREATE INDEX on, so B's INSERT waits for A's COMMIT.
    ("index-build-insert", [A, A, A, A]),
];

#[test]
fn every_scenario_at_every_level_matches_real_sqlite() {
    let _g = serial();
    let all: Vec<_> = lab::builtin()
        .into_iter()
        .filter(|s| s.applies_to("sqlite"))
        .collect();
    assert_eq!(
        all.len(),
        EXPECTED.len(),
        "every built-in SQLite scenario has an expected row"
    );
    let m = lab::matrix(&all, &Level::ALL, &SqliteBackend::new());
    let mut wrong = Vec::new();
    for (id, cells) in EXPECTED {
        let row = m
            .row(id)
            .unwrap_or_else(|| panic!("{id} missing from the matrix"));
        for (level, want) in Level::ALL.iter().zip(cells) {
            let got = row.cell(*level).unwrap();
            if got != *want {
                wrong.push(format!(
                    "{id} at {level}: got {}, expected {}",
                    got.word(),
                    want.word()
                ));
            }
        }
        assert!(row.errors.is_empty(), "{id}: {:?}", row.errors);
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn matrix_json_has_the_documented_shape() {
    let _g = serial();
    let all = lab::builtin();
    let subset: Vec<_> = all.into_iter().filter(|s| s.id == "phantom-read").collect();
    let m = lab::matrix(&subset, &Level::ALL, &SqliteBackend::new());
    let json = serde_json::to_value(&m).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "engine": "sqlite",
            "levels": ["read-uncommitted", "read-committed", "repeatable-read", "serializable"],
            "scenarios": [{"id": "phantom-read", "cells": {
                "read-uncommitted": "anomaly", "read-committed": "anomaly",
                "repeatable-read": "prevented", "serializable": "prevented"}}]
        })
    );
    let text = render::matrix(&m, Lang::En);
    assert!(
        text.contains("phantom-read") && text.contains("prevented"),
        "{text}"
    );
}

#[test]
fn timeline_phantom_read_read_committed() {
    let _g = serial();
    let (s, r) = run("phantom-read", Level::ReadCommitted);
    insta::assert_snapshot!(render::timeline(&s, &r, Lang::En));
}

#[test]
fn timeline_lost_update_shows_waiting_and_resumed() {
    let _g = serial();
    let (s, r) = run("lost-update", Level::ReadCommitted);
    insta::assert_snapshot!(render::timeline(&s, &r, Lang::En));
}

#[test]
fn timeline_write_skew_repeatable_read_aborts() {
    let _g = serial();
    let (s, r) = run("write-skew", Level::RepeatableRead);
    insta::assert_snapshot!(render::timeline(&s, &r, Lang::En));
}

#[test]
fn timeline_dirty_read_in_chinese() {
    let _g = serial();
    let (s, r) = run("dirty-read", Level::ReadUncommitted);
    insta::assert_snapshot!(render::timeline(&s, &r, Lang::Zh));
}

#[test]
fn level_all_gives_one_line_per_level() {
    let _g = serial();
    let all = lab::builtin();
    let s = lab::find(&all, "write-skew").unwrap();
    let lines: Vec<String> = Level::ALL
        .iter()
        .map(|l| {
            render::level_summary(
                &lab::run_scenario(s, *l, &SqliteBackend::new()).unwrap(),
                Lang::En,
            )
        })
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn scenario_list_names_every_scenario() {
    let all = lab::builtin();
    let en = render::scenario_list(&all, Lang::En);
    let zh = render::scenario_list(&all, Lang::Zh);
    for s in &all {
        assert!(en.contains(&s.id), "{} missing", s.id);
    }
    assert!(en.contains("Write skew: two doctors go off"));
    assert!(zh.contains("写偏斜：两位医生同时下班"));
    insta::assert_snapshot!(en);
}

#[test]
fn verdict_texts_name_the_anomaly_or_the_abort() {
    let _g = serial();
    let (_, r) = run("phantom-read", Level::ReadCommitted);
    assert_eq!(r.outcome.verdict, Verdict::Anomaly);
    assert!(
        r.outcome
            .detail
            .en
            .starts_with("phantom read: A's second read returned a row that B inserted")
    );
    let (_, r) = run("g-single-write-1", Level::RepeatableRead);
    assert_eq!(r.outcome.verdict, Verdict::Aborted);
    assert_eq!(r.outcome.aborts[0].error.code, "SQLITE_BUSY_SNAPSHOT");
    assert!(
        r.outcome.detail.en.contains("your snapshot is stale"),
        "{}",
        r.outcome.detail.en
    );
    assert!(
        r.outcome.detail.zh.contains("快照已过期"),
        "{}",
        r.outcome.detail.zh
    );
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["outcome"]["verdict"], "aborted");
    assert_eq!(json["level"], "repeatable-read");
}

#[test]
fn scenario_that_leaves_a_transaction_open_is_bounded_and_reported() {
    let _g = serial();
    // A never commits; B's write can only proceed when the lab rolls A back at the end.
    let toml = r#"
id = "open-end"
title.en = "Open end"
description.en = "d"
explanation.en = "e"
anomaly.en = "a"
setup = "CREATE TABLE t (x INT); INSERT INTO t VALUES (1);"
steps = ["A: BEGIN", "A: UPDATE t SET x = 2", "B: UPDATE t SET x = 3"]
[[detector]]
invariant = "SELECT x <> 3 FROM t"
"#;
    let s = lab::Scenario::from_toml(toml, "test").unwrap();
    let r = lab::run_scenario(&s, Level::ReadCommitted, &SqliteBackend::new()).unwrap();
    let kinds: Vec<&EventKind> = r.events.iter().map(|e| &e.kind).collect();
    assert!(kinds.contains(&&EventKind::Waiting), "{kinds:?}");
    assert!(kinds.contains(&&EventKind::ClosedRolledBack), "{kinds:?}");
    assert!(
        matches!(r.result(3), Some(StepResult::Changed { count: 1 })),
        "{:?}",
        r.result(3)
    );
    assert_eq!(r.outcome.verdict, Verdict::Anomaly);
}

#[test]
fn scenario_files_load_from_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let text = include_str!("../scenarios/phantom-read.toml")
        .replace("id = \"phantom-read\"", "id = \"my-phantom\"");
    std::fs::write(dir.path().join("mine.toml"), text).unwrap();
    let extra = lab::load_dir(dir.path()).unwrap();
    assert_eq!(extra[0].id, "my-phantom");
    let all = lab::with_extra(lab::builtin(), extra);
    assert!(lab::find(&all, "my-phantom").is_ok());
    std::fs::write(dir.path().join("bad.toml"), "id = 3").unwrap();
    assert!(matches!(
        lab::load_dir(dir.path()),
        Err(LabError::Scenario { .. })
    ));
}

#[test]
fn temp_databases_are_removed_after_runs() {
    let _g = serial();
    let prefix = format!("sqldrill-lab-{}-", std::process::id());
    let ours = || {
        std::fs::read_dir(std::env::temp_dir())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
            .count()
    };
    let before = ours();
    let _ = run("write-skew", Level::RepeatableRead);
    let _ = run("lost-update", Level::Serializable);
    let all = lab::builtin();
    let s = lab::find(&all, "g0").unwrap();
    let mut broken = s.clone();
    broken.detectors = vec![lab::Detector {
        conditions: vec![lab::Condition::Invariant {
            sql: "SELECT no_such_column FROM test".into(),
        }],
    }];
    assert!(lab::run_scenario(&broken, Level::ReadCommitted, &SqliteBackend::new()).is_err());
    assert_eq!(ours(), before, "a temp database was left behind");
}

// ---- interactive console ----

const SETUP: &str =
    "CREATE TABLE test (id INT PRIMARY KEY, value INT); INSERT INTO test VALUES (1, 10), (2, 20);";

fn kinds(events: &[lab::Event]) -> Vec<(String, usize, &'static str)> {
    events
        .iter()
        .map(|e| {
            let k = match &e.kind {
                EventKind::Done { .. } => "done",
                EventKind::Waiting => "waiting",
                EventKind::Queued { .. } => "queued",
                EventKind::Resumed { .. } => "resumed",
                EventKind::Ran { .. } => "ran",
                EventKind::ClosedRolledBack => "closed",
            };
            (e.session.clone(), e.step, k)
        })
        .collect()
}

#[test]
fn console_blocked_writer_waits_while_the_other_session_stays_usable() {
    let _g = serial();
    let mut c = LabConsole::open(&SqliteBackend::new(), SETUP, Level::ReadCommitted).unwrap();
    c.execute("A", "BEGIN").unwrap();
    c.execute("A", "UPDATE test SET value = 11 WHERE id = 1")
        .unwrap();
    assert!(c.in_transaction("A").unwrap());
    let ev = c
        .execute("B", "UPDATE test SET value = 12 WHERE id = 2")
        .unwrap();
    assert_eq!(kinds(&ev), vec![("B".into(), 3, "waiting")]);
    assert!(c.is_waiting("B").unwrap());
    assert!(c.render(&ev, Lang::En).contains("waiting…"));

    // A is still usable and sees its own write.
    let ev = c
        .execute("A", "SELECT value FROM test WHERE id = 1")
        .unwrap();
    let rows = ev[0].result().and_then(StepResult::rows).unwrap();
    assert_eq!(rows.rows, vec![vec![lab::Value::Integer(11)]]);
    // B queues a second statement behind the waiting one.
    let ev = c
        .execute("B", "SELECT value FROM test WHERE id = 2")
        .unwrap();
    assert_eq!(kinds(&ev), vec![("B".into(), 5, "queued")]);
    assert!(
        c.poll().is_empty(),
        "nothing finishes while A holds the lock"
    );

    let ev = c.execute("A", "COMMIT").unwrap();
    assert_eq!(
        kinds(&ev),
        vec![
            ("A".into(), 6, "done"),
            ("B".into(), 3, "resumed"),
            ("B".into(), 5, "ran")
        ]
    );
    assert!(!c.is_waiting("B").unwrap());
    assert!(!c.in_transaction("A").unwrap());
    let rendered = c.render(&ev, Lang::En);
    assert!(rendered.contains("step 3 resumed"), "{rendered}");
}

#[test]
fn console_reproduces_a_phantom_and_prevents_it_after_changing_level() {
    let _g = serial();
    let mut c = LabConsole::open(&SqliteBackend::new(), SETUP, Level::ReadCommitted).unwrap();
    let count = |c: &mut LabConsole| {
        let ev = c
            .execute("A", "SELECT count(*) AS n FROM test WHERE value > 15")
            .unwrap();
        ev[0].result().and_then(StepResult::rows).unwrap().rows[0][0].clone()
    };
    c.command("A: BEGIN").unwrap();
    assert_eq!(count(&mut c), lab::Value::Integer(1));
    c.command("B: INSERT INTO test VALUES (3, 30)").unwrap();
    assert_eq!(
        count(&mut c),
        lab::Value::Integer(2),
        "phantom at read-committed"
    );

    // Levels change between transactions only.
    let err = c.command(".level A repeatable-read").unwrap_err();
    assert!(matches!(err, LabError::SessionState { .. }), "{err}");
    c.command("A: COMMIT").unwrap();
    c.command(".level A repeatable-read").unwrap();
    assert_eq!(c.level("A").unwrap(), Level::RepeatableRead);

    c.command("A: BEGIN").unwrap();
    assert_eq!(count(&mut c), lab::Value::Integer(2));
    c.command("B: INSERT INTO test VALUES (4, 40)").unwrap();
    assert_eq!(
        count(&mut c),
        lab::Value::Integer(2),
        "snapshot at repeatable-read"
    );
    c.command("A: COMMIT").unwrap();
    assert_eq!(count(&mut c), lab::Value::Integer(3));

    let lab::interactive::Reply::Status { sessions } = c.command(".status").unwrap() else {
        panic!("expected status")
    };
    assert_eq!(sessions[0].level, Level::RepeatableRead);
    assert_eq!(sessions[1].level, Level::ReadCommitted);
    assert!(matches!(
        c.command("Z: SELECT 1"),
        Err(LabError::UnknownSession(_))
    ));
}

#[test]
fn console_dirty_read_between_read_uncommitted_sessions() {
    let _g = serial();
    let mut c = LabConsole::open(&SqliteBackend::new(), SETUP, Level::ReadUncommitted).unwrap();
    c.execute("A", "BEGIN").unwrap();
    c.execute("A", "UPDATE test SET value = 101 WHERE id = 1")
        .unwrap();
    let ev = c
        .execute("B", "SELECT value FROM test WHERE id = 1")
        .unwrap();
    assert_eq!(
        ev[0].result().and_then(StepResult::rows).unwrap().rows[0][0],
        lab::Value::Integer(101)
    );
    // B's write meets A's shared-cache table lock and waits; A's rollback releases it.
    let ev = c
        .execute("B", "UPDATE test SET value = 21 WHERE id = 2")
        .unwrap();
    assert_eq!(kinds(&ev), vec![("B".into(), 4, "waiting")]);
    let ev = c.execute("A", "ROLLBACK").unwrap();
    assert_eq!(
        kinds(&ev),
        vec![("A".into(), 5, "done"), ("B".into(), 4, "resumed")]
    );
}

#[test]
fn console_lock_wait_is_bounded_and_reported() {
    let _g = serial();
    let limits = LabLimits {
        lock_wait: Duration::from_millis(600),
        ..LabLimits::default()
    };
    let mut c =
        LabConsole::with_limits(&SqliteBackend::new(), SETUP, Level::Serializable, limits).unwrap();
    c.execute("A", "BEGIN").unwrap();
    let ev = c.execute("B", "BEGIN").unwrap();
    assert_eq!(kinds(&ev), vec![("B".into(), 2, "waiting")]);
    let ev = c.wait_idle(Duration::from_secs(30));
    assert_eq!(kinds(&ev), vec![("B".into(), 2, "resumed")]);
    let err = ev[0].result().and_then(StepResult::error).unwrap();
    assert_eq!(err.code, "SQLITE_BUSY");
    assert_eq!(err.kind, lab::ErrorKind::LockTimeout);
    // The timed-out BEGIN leaves B in an aborted transaction until it ends it.
    let ev = c.execute("B", "SELECT 1").unwrap();
    assert_eq!(ev[0].result(), Some(&StepResult::Skipped));
    c.execute("B", "ROLLBACK").unwrap();
    assert!(!c.in_transaction("B").unwrap());
}

#[test]
fn console_denies_attach_and_pragma() {
    let _g = serial();
    let mut c = LabConsole::open(&SqliteBackend::new(), SETUP, Level::ReadCommitted).unwrap();
    for sql in [
        "ATTACH DATABASE ':memory:' AS x",
        "PRAGMA read_uncommitted = 1",
        "SELECT load_extension('x')",
    ] {
        let ev = c.execute("A", sql).unwrap();
        let err = ev[0]
            .result()
            .and_then(StepResult::error)
            .unwrap_or_else(|| panic!("{sql} ran"));
        assert!(
            matches!(err.kind, lab::ErrorKind::Denied | lab::ErrorKind::Statement),
            "{sql}: {err:?}"
        );
    }
}

// ---- graded lab exercises ----

#[test]
fn exercise_weakest_level() {
    let _g = serial();
    let all = lab::builtin();
    let b = SqliteBackend::new();
    let g = exercise::weakest_level(&all, "write-skew", "repeatable-read", &b).unwrap();
    assert!(g.passed, "{}", g.explanation.en);
    let g = exercise::weakest_level(&all, "write-skew", "serializable", &b).unwrap();
    assert!(!g.passed);
    assert!(
        g.explanation.en.contains("stronger than needed"),
        "{}",
        g.explanation.en
    );
    let g = exercise::weakest_level(&all, "write-skew", "read committed", &b).unwrap();
    assert!(!g.passed);
    assert!(
        g.explanation.en.contains("still happens"),
        "{}",
        g.explanation.en
    );
    let g = exercise::weakest_level(&all, "dirty-read", "rc", &b).unwrap();
    assert!(g.passed, "{}", g.explanation.en);
    assert!(matches!(
        exercise::weakest_level(&all, "write-skew", "snapshot", &b),
        Err(LabError::UnknownLevel(_))
    ));
}

#[test]
fn exercise_lost_update() {
    let _g = serial();
    let limits = LabLimits::default();
    let naive = "SELECT balance FROM account WHERE id = 1;\nUPDATE account SET balance = :balance - :amount WHERE id = 1;";
    let g = exercise::lost_update(naive, &limits, &SqliteBackend::new()).unwrap();
    assert!(!g.passed);
    assert!(
        g.explanation.en.contains("lost update"),
        "{}",
        g.explanation.en
    );
    assert!(
        g.checks.iter().any(|c| c.passed),
        "serial schedules pass even for the naive answer"
    );

    let atomic = "UPDATE account SET balance = balance - :amount WHERE id = 1";
    let g = exercise::lost_update(atomic, &limits, &SqliteBackend::new()).unwrap();
    assert!(g.passed, "{}", g.explanation.en);
    assert_eq!(g.checks.len(), 4);

    assert!(matches!(
        exercise::lost_update(
            "BEGIN; UPDATE account SET balance = 0",
            &limits,
            &SqliteBackend::new()
        ),
        Err(LabError::BadAnswer(_))
    ));
    assert!(matches!(
        exercise::lost_update("-- nothing", &limits, &SqliteBackend::new()),
        Err(LabError::BadAnswer(_))
    ));
    // Only data statements are accepted; the authorizer still guards what they call.
    assert!(matches!(
        exercise::lost_update(
            "ATTACH DATABASE '/tmp/x.db' AS x",
            &limits,
            &SqliteBackend::new()
        ),
        Err(LabError::BadAnswer(_))
    ));
    let g = exercise::lost_update(
        "SELECT load_extension('/tmp/x')",
        &limits,
        &SqliteBackend::new(),
    )
    .unwrap();
    assert!(
        !g.passed && g.explanation.en.contains("not authorized"),
        "{}",
        g.explanation.en
    );
}

#[test]
fn exercise_lost_update_runaway_sql_is_stopped() {
    let _g = serial();
    let limits = LabLimits {
        statement: Duration::from_millis(300),
        ..LabLimits::default()
    };
    let runaway =
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";
    let g = exercise::lost_update(runaway, &limits, &SqliteBackend::new()).unwrap();
    assert!(
        !g.passed && g.explanation.en.contains("SQLITE_INTERRUPT"),
        "{}",
        g.explanation.en
    );
}

#[test]
fn exercise_phantom() {
    let _g = serial();
    let limits = LabLimits::default();
    let g = exercise::phantom(
        "INSERT INTO orders (id, customer, amount) VALUES (3, 'carol', 150)",
        &limits,
        &SqliteBackend::new(),
    )
    .unwrap();
    assert!(g.passed, "{}", g.explanation.en);
    let g = exercise::phantom(
        "UPDATE orders SET amount = 130 WHERE id = 1",
        &limits,
        &SqliteBackend::new(),
    )
    .unwrap();
    assert!(
        !g.passed && g.explanation.en.contains("non-repeatable"),
        "{}",
        g.explanation.en
    );
    let g = exercise::phantom(
        "INSERT INTO orders (id, customer, amount) VALUES (3, 'carol', 50)",
        &limits,
        &SqliteBackend::new(),
    )
    .unwrap();
    assert!(
        !g.passed && g.explanation.en.contains("identical"),
        "{}",
        g.explanation.en
    );
    let g = exercise::phantom(
        "UPDATE orders SET amount = 150 WHERE id = 2",
        &limits,
        &SqliteBackend::new(),
    )
    .unwrap();
    assert!(
        g.passed,
        "a row moving into the predicate is a phantom too: {}",
        g.explanation.en
    );
}
