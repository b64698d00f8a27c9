//! Progress: solving records the answer; hints are progressive; solutions unlock.

use super::Env;
use predicates::prelude::*;

const RIGHT: &str = "SELECT name, score FROM p WHERE score IS NOT NULL ORDER BY score DESC, name";

#[test]
fn passing_records_the_exercise_as_solved_with_the_answer() {
    let env = Env::new();
    env.test_catalog()
        .args(["check", "1", "--sql", RIGHT])
        .assert()
        .code(0);
    let p = env.progress().unwrap();
    let key = super::test_catalog_dir()
        .canonicalize()
        .unwrap()
        .display()
        .to_string();
    let entry = &p["catalogs"][key.as_str()]["exercise-01"];
    assert_eq!(entry["solved"], true);
    assert_eq!(entry["answer"], RIGHT);
    env.test_catalog()
        .arg("list")
        .assert()
        .stdout(predicate::str::contains("1/7 solved"));
    // The built-in catalog's exercise-01 is another exercise.
    env.cmd()
        .arg("list")
        .assert()
        .stdout(predicate::str::contains("0/20 solved"));
}

#[test]
fn answer_from_a_file_and_from_stdin() {
    let env = Env::new();
    let file = env.home.path().join("answer.sql");
    std::fs::write(&file, RIGHT).unwrap();
    env.test_catalog()
        .args(["check", "1"])
        .arg(&file)
        .assert()
        .code(0);
    env.test_catalog()
        .args(["check", "1", "-"])
        .write_stdin(RIGHT)
        .assert()
        .code(0);
}

#[test]
fn hints_are_progressive_and_remembered() {
    let env = Env::new();
    env.test_catalog()
        .args(["hint", "1"])
        .assert()
        .stdout(predicate::str::contains("Hint 1/2: ORDER BY two keys."));
    env.test_catalog()
        .args(["hint", "1"])
        .assert()
        .stdout(predicate::str::contains("Hint 2/2"));
    env.test_catalog()
        .args(["hint", "1"])
        .assert()
        .stdout(predicate::str::contains("last hint"));
}

#[test]
fn solution_is_locked_until_solved_or_revealed() {
    let env = Env::new();
    env.test_catalog()
        .args(["solution", "1"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--reveal"));
    env.test_catalog()
        .args(["solution", "1", "--reveal"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("ORDER BY score DESC, name"));
    let env = Env::new();
    env.test_catalog()
        .args(["check", "1", "--sql", RIGHT])
        .assert()
        .code(0);
    env.test_catalog().args(["solution", "1"]).assert().code(0);
}

#[test]
fn a_corrupt_progress_file_is_reported_and_kept() {
    let env = Env::new();
    let path = env.home.path().join("progress.json");
    std::fs::write(&path, "{ broken").unwrap();
    env.test_catalog()
        .args(["check", "1", "--sql", RIGHT])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("could not be read"));
    let kept: Vec<_> = std::fs::read_dir(env.home.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("corrupt"))
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(std::fs::read_to_string(kept[0].path()).unwrap(), "{ broken");
    assert_eq!(
        env.progress().unwrap()["catalogs"]
            .as_object()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_failed_check_counts_an_attempt_but_does_not_solve() {
    let env = Env::new();
    env.test_catalog()
        .args(["check", "1", "--sql", "SELECT name, score FROM p"])
        .assert()
        .code(1);
    let p = env.progress().unwrap();
    let entry = p["catalogs"].as_object().unwrap().values().next().unwrap()["exercise-01"].clone();
    assert_eq!(entry["solved"], false);
    assert_eq!(entry["attempts"], 1);
}
