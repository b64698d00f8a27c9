//! The built-in catalog, other catalogs, listing, showing and verifying.

use super::{Env, test_catalog_dir};
use predicates::prelude::*;

#[test]
fn list_shows_the_builtin_exercises() {
    let out = Env::new().cmd().arg("list").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for n in 1..=20 {
        assert!(text.contains(&format!("exercise-{n:02}")), "missing {n}");
    }
    assert!(text.contains("0/20 solved"), "{text}");
}

#[test]
fn list_json_and_topic_filter() {
    let out = Env::new()
        .cmd()
        .args(["--json", "list", "--topic", "pagination"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = doc["exercises"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|e| e["topic"] == "pagination"));
    assert!(items[0]["solved"].is_boolean());
}

#[test]
fn no_arguments_reads_stdin_and_help_still_shows_the_usage() {
    // Without a terminal, no arguments means statements from stdin (the REPL's piped mode).
    let env = Env::new();
    env.cmd()
        .write_stdin("SELECT 1 AS one;\n")
        .assert()
        .success()
        .stdout("one\n1\n");
    let out = env.cmd().arg("--help").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Usage:"));
}

#[test]
fn chinese_titles_and_messages_with_lang_zh() {
    let env = Env::new();
    env.cmd()
        .args(["--lang", "zh", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("总分第二高的学生"));
    env.cmd()
        .args([
            "--lang",
            "zh",
            "check",
            "5",
            "--sql",
            "SELECT 1 AS name, 2 AS total",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("未通过"));
}

#[test]
fn show_prints_prompt_schema_columns_and_order_rule() {
    let out = Env::new()
        .cmd()
        .args(["show", "exercise-01"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("CREATE TABLE student"), "{text}");
    assert!(text.contains("Expected columns: name, birth_date"));
    assert!(text.contains("Order: required"));
    let out = Env::new().cmd().args(["show", "05"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Order: any order"));
}

#[test]
fn show_never_reveals_the_reference() {
    let env = Env::new();
    let out = env
        .test_catalog()
        .args(["--json", "show", "1"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["order_required"], true);
    assert!(!doc.to_string().contains("IS NOT NULL ORDER BY"));
}

#[test]
fn ids_resolve_by_number_padding_and_slug() {
    let env = Env::new();
    for id in [
        "5",
        "05",
        "exercise-05",
        "exercise-5",
        "second-highest-total",
    ] {
        let out = env.cmd().args(["--json", "show", id]).output().unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(doc["id"], "exercise-05", "{id}");
    }
}

#[test]
fn builtin_catalog_verifies() {
    Env::new()
        .cmd()
        .arg("verify")
        .assert()
        .success()
        .stdout(predicate::str::contains("all passed"));
}

#[test]
fn verify_catches_a_wrong_answer_that_passes_and_a_mislabelled_one() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&test_catalog_dir(), dir.path());
    let ex = dir.path().join("exercises/exercise-01-ranked/wrong");
    // A "wrong" answer that is right, and one whose header names the wrong reason.
    std::fs::write(ex.join("actually-right.sql"), "-- wrong: rows\nSELECT name, score FROM p WHERE score IS NOT NULL ORDER BY score DESC, name;").unwrap();
    std::fs::write(
        ex.join("mislabelled.sql"),
        "-- wrong: rows\nSELECT name, score FROM p WHERE score IS NOT NULL;",
    )
    .unwrap();
    let out = Env::new()
        .cmd()
        .args(["--exercises"])
        .arg(dir.path())
        .args(["--json", "verify", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let failed: Vec<String> = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["ok"] == false)
        .map(|c| c["item"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        failed,
        vec!["wrong/actually-right.sql", "wrong/mislabelled.sql"]
    );
}

#[test]
fn verify_catches_a_reference_that_cuts_ties() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&test_catalog_dir(), dir.path());
    std::fs::write(
        dir.path().join("exercises/exercise-03-page/solution.sql"),
        "SELECT id, name FROM p ORDER BY score DESC LIMIT 1 OFFSET 1;",
    )
    .unwrap();
    let out = Env::new()
        .cmd()
        .arg("--exercises")
        .arg(dir.path())
        .args(["verify", "3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("reference"));
}

#[test]
fn a_broken_catalog_directory_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("exercises/exercise-01-x")).unwrap();
    std::fs::write(
        dir.path().join("exercises/exercise-01-x/exercise.toml"),
        "title = 3",
    )
    .unwrap();
    Env::new()
        .cmd()
        .arg("--exercises")
        .arg(dir.path())
        .arg("list")
        .assert()
        .code(3)
        .stderr(predicate::str::contains("exercise.toml"));
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
