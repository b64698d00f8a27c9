//! `sqldrill lab` through the binary; the lab's own behaviour is tested in tests/lab_sqlite.rs.

use super::Env;
use predicates::prelude::*;

#[test]
fn lists_scenarios_with_what_they_demonstrate() {
    Env::new().cmd().arg("lab").assert().success().stdout(
        predicate::str::contains("phantom-read").and(predicate::str::contains("g2-two-edges")),
    );
}

#[test]
fn one_scenario_at_one_level_prints_a_timeline_and_verdict() {
    Env::new()
        .cmd()
        .args(["lab", "phantom-read", "--level", "read-committed"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("ANOMALY — phantom read").and(predicate::str::contains(
                "How read-committed is realised on SQLite",
            )),
        );
}

#[test]
fn matrix_json_has_the_documented_shape() {
    let out = Env::new()
        .cmd()
        .args(["--json", "lab", "--matrix"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["engine"], "sqlite");
    assert_eq!(doc["levels"].as_array().unwrap().len(), 4);
    let rows = doc["scenarios"].as_array().unwrap();
    assert_eq!(rows.len(), 21, "the scenarios that list sqlite");
    let phantom = rows.iter().find(|r| r["id"] == "phantom-read").unwrap();
    assert_eq!(phantom["cells"]["read-committed"], "anomaly");
    assert_eq!(phantom["cells"]["repeatable-read"], "prevented");
}

#[test]
fn unknown_scenario_level_or_engine_is_bad_input() {
    let env = Env::new();
    env.cmd()
        .args(["lab", "phantom-reed"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("phantom-read"));
    env.cmd()
        .args(["lab", "phantom-read", "--level", "snapshot"])
        .assert()
        .code(2);
    env.cmd()
        .args(["lab", "phantom-read", "--engine", "oracle://x"])
        .assert()
        .code(2);
    env.cmd()
        .args([
            "lab",
            "phantom-read",
            "--innodb-snapshot-isolation",
            "maybe",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("on or off"));
}

#[test]
fn lab_exercises_are_graded_by_running_the_schedule() {
    let env = Env::new();
    env.cmd()
        .args(["check", "17", "--sql", "repeatable-read"])
        .assert()
        .code(0);
    env.cmd()
        .args(["check", "17", "--sql", "serializable"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("stronger than needed"));
    env.cmd()
        .args([
            "check",
            "18",
            "--sql",
            "UPDATE account SET balance = balance - :amount WHERE id = 1",
        ])
        .assert()
        .code(0);
    env.cmd()
        .args(["check", "17", "--sql", "fast"])
        .assert()
        .code(2);
}
