//! Every bound holds whatever the SQL calls: the process-level hard stop behind the statement
//! budget, a check's total budget, and the result size cap.

use crate::Env;
use std::time::{Duration, Instant};

/// One LIKE over long strings: minutes of work inside a single function call, where SQLite's
/// progress handler never runs.
const STUCK: &str = "printf('%.*c', 999000, 'a') LIKE '%' || printf('%.*c', 49000, 'a') || 'b'";

#[test]
fn a_statement_stuck_in_one_function_call_is_stopped_near_its_budget() {
    let env = Env::new();
    let started = Instant::now();
    let out = env
        .test_catalog()
        .args(["--timeout", "0.5", "check", "1", "--sql"])
        .arg(format!("SELECT name, {STUCK} FROM p ORDER BY 1"))
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("inside a single SQL function call"), "{err}");
    // Budget 0.5 s plus the hard stop's grace; generous for a loaded machine.
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(
        env.progress()
            .is_none_or(|p| !p.to_string().contains("\"solved\":true"))
    );
}

#[test]
fn the_hard_stop_answers_in_json_too() {
    let env = Env::new();
    let out = env
        .test_catalog()
        .args(["--json", "--timeout", "0.5", "check", "1", "--sql"])
        .arg(format!("SELECT name, {STUCK} FROM p ORDER BY 1"))
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["verdict"], "fail");
    assert_eq!(doc["code"], "hard-timeout");
    assert_eq!(doc["exercise"], "exercise-01");
}

#[test]
fn piped_statements_are_stopped_too() {
    let env = Env::new();
    let out = env
        .test_catalog()
        .args(["--timeout", "0.5"])
        .write_stdin(format!("SELECT {STUCK};\n"))
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("inside a single SQL function call"));
}

#[test]
fn a_lab_answer_on_sqlite_is_stopped_too() {
    let env = Env::new();
    // The lab's SQLite files live in the temporary directory: the hard stop removes them.
    let tmp = tempfile::tempdir().unwrap();
    let out = env
        .cmd()
        .env("TMPDIR", tmp.path())
        .args(["--timeout", "0.5", "check", "19", "--sql"])
        .arg(format!(
            "INSERT INTO orders (id, customer, amount) SELECT 3, 'carol', 150 WHERE {STUCK}"
        ))
        .timeout(Duration::from_secs(90))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("inside a single SQL function call"), "{err}");
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().flatten().collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// Runs `check ID --sql SQL` with `flags` first; it must fail (exit 1) with `needle` in its
/// feedback.
fn fails_with(mut cmd: assert_cmd::Command, flags: &[&str], id: &str, sql: &str, needle: &str) {
    let out = cmd
        .args(flags)
        .args(["check", id, "--sql", sql])
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(needle), "{text}");
}

#[test]
fn a_lab_check_has_a_total_budget() {
    let env = Env::new();
    fails_with(
        env.cmd(),
        &["--timeout", "0.3"],
        "18",
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r",
        "total budget of 1.5 s",
    );
}

#[test]
fn a_script_check_has_a_total_budget() {
    let env = Env::new();
    let slow = "CREATE TABLE IF NOT EXISTS w AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) AS c FROM r;\n";
    let script = format!(
        "{}CREATE VIEW top(name) AS SELECT name FROM p WHERE score >= 80;",
        slow.repeat(12)
    );
    fails_with(
        env.test_catalog(),
        &["--timeout", "0.3"],
        "5",
        &script,
        "total budget of 1.5 s",
    );
}

#[test]
fn results_are_capped_in_bytes_as_well_as_rows() {
    let env = Env::new();
    fails_with(
        env.test_catalog(),
        &[],
        "1",
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 60) \
         SELECT printf('%.*c', 900000, 'a'), n FROM r ORDER BY n",
        "bytes of data (the result size cap)",
    );
}

/// A sort of 1.35 GB stays in memory, where the heap cap stops it, instead of spilling to
/// temporary files or taking the machine's memory.
#[test]
fn a_huge_sort_meets_the_memory_cap() {
    let env = Env::new();
    fails_with(
        env.test_catalog(),
        &["--timeout", "60"],
        "1",
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 1500) \
         SELECT length(s), n FROM (SELECT printf('%.*c', 900000, 'a') || n AS s, n FROM r) \
         ORDER BY s",
        "ran out of its memory cap",
    );
}
