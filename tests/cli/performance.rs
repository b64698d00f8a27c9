//! Issue 6 (performance): the large-fixture exercise reports the answer's time next to the
//! reference's. Shapes only: a test never asserts a time value.

use super::Env;
use serde_json::Value;
use std::path::PathBuf;

/// The 1,000,000-row datasets, built once for every run of this test binary.
fn shared_cache() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("sqldrill-dataset-cache")
}

const DEEP_OFFSET: &str = "SELECT id, title, published_at FROM article \
    ORDER BY published_at DESC, id DESC LIMIT 10 OFFSET 399180";

const KEYSET: &str = "SELECT id, title, published_at FROM (SELECT id, title, published_at \
    FROM article WHERE (published_at, id) > ('2024-01-06 05:11:00', 926205) \
    ORDER BY published_at, id LIMIT 10) ORDER BY published_at DESC, id DESC";

fn check(env: &Env, id: &str, sql: &str) -> (i32, Value) {
    let out = env
        .cmd()
        .env("SQLDRILL_CACHE_DIR", shared_cache())
        .args(["--json", "check", id, "--sql", sql])
        .output()
        .unwrap();
    let doc = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), doc)
}

fn assert_timing(doc: &Value) {
    let t = &doc["timing"];
    assert_eq!(t["dataset"], "base", "{doc}");
    for key in ["answer_ms", "reference_ms"] {
        assert!(t[key].as_f64().is_some_and(|ms| ms >= 0.0), "{key}: {doc}");
    }
}

#[test]
fn deep_offset_on_the_large_fixture_gets_both_times_and_fails_when_the_feed_moves() {
    let env = Env::new();
    let (exit, doc) = check(&env, "20", DEEP_OFFSET);
    assert_eq!(exit, 1, "{doc}");
    assert_eq!(doc["code"], "rows");
    assert_eq!(doc["failed_dataset"], "new-articles");
    assert_timing(&doc);
    let notes: Vec<&str> = doc["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        notes.iter().any(|n| n.starts_with("Your query took ")
            && n.contains(" on dataset 'base'; the reference solution takes ")),
        "{doc}"
    );
}

#[test]
fn a_keyset_pass_on_the_large_fixture_states_the_times_in_its_message() {
    let env = Env::new();
    let (exit, doc) = check(&env, "20", KEYSET);
    assert_eq!(exit, 0, "{doc}");
    assert_timing(&doc);
    let message = doc["message"].as_str().unwrap();
    assert!(message.contains("Your query took "), "{message}");
    assert!(
        message.contains("the reference solution takes "),
        "{message}"
    );
}

#[test]
fn small_fixtures_get_no_timing() {
    let env = Env::new();
    let (exit, doc) = check(
        &env,
        "5",
        "SELECT name, total FROM (SELECT s.name, SUM(sc.score) AS total, \
         DENSE_RANK() OVER (ORDER BY SUM(sc.score) DESC) AS r FROM student s \
         JOIN score sc ON sc.student_id = s.id GROUP BY s.id) WHERE r = 2",
    );
    assert!(exit == 0 || exit == 1, "{doc}");
    assert!(doc["timing"].is_null(), "{doc}");
}

#[test]
fn structural_rules_are_judged_before_the_answer_runs() {
    // The answer breaks exercise-07's `forbids = ["window"]` and would also fail at run time
    // (integer overflow). It is not run: the structural verdict comes first.
    let env = Env::new();
    let (exit, doc) = super::check_json(
        &env,
        "7",
        "SELECT name, score FROM p WHERE score IS NOT NULL AND abs(-9223372036854775808) > 0 \
         ORDER BY rank() OVER (ORDER BY score DESC)",
    );
    assert_eq!(exit, 1, "{doc}");
    assert_eq!(doc["code"], "forbids", "{doc}");
}
