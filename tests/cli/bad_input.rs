//! DESIGN.md § Sandbox, bad input: a clear error, exit 2, and no change to progress or
//! fixtures.

use super::Env;
use predicates::prelude::*;

/// Runs a bad answer, then checks exit 2, the message, and that nothing was recorded and
/// the fixture still grades a right answer.
fn rejects(env: &Env, args: &[&str], stdin: Option<&[u8]>, message: &str) {
    let mut cmd = env.test_catalog();
    cmd.args(args);
    if let Some(bytes) = stdin {
        cmd.write_stdin(bytes.to_vec());
    }
    cmd.assert()
        .code(2)
        .stderr(predicate::str::contains(message));
    assert!(env.progress().is_none(), "progress was written");
    env.test_catalog()
        .args([
            "check",
            "1",
            "--sql",
            "SELECT name, score FROM p WHERE score IS NOT NULL ORDER BY score DESC, name",
        ])
        .assert()
        .code(0);
}

#[test]
fn empty_sql() {
    rejects(
        &Env::new(),
        &["check", "1", "--sql", "   "],
        None,
        "empty SQL",
    );
}

#[test]
fn comment_only_sql() {
    rejects(
        &Env::new(),
        &["check", "1", "--sql=-- nothing here\n/* or here */"],
        None,
        "empty SQL",
    );
}

#[test]
fn invalid_utf8() {
    rejects(
        &Env::new(),
        &["check", "1", "-"],
        Some(b"SELECT '\xff\xfe'"),
        "not valid UTF-8",
    );
}

#[test]
fn unknown_id_with_suggestions() {
    rejects(
        &Env::new(),
        &["check", "exercse-01", "--sql", "SELECT 1"],
        None,
        "Did you mean: exercise-01",
    );
}

#[test]
fn several_statements_where_one_is_expected() {
    rejects(
        &Env::new(),
        &["check", "1", "--sql", "SELECT 1; SELECT 2;"],
        None,
        "2 statements",
    );
}

#[test]
fn syntax_error_with_line_column_and_caret() {
    let env = Env::new();
    let out = env
        .test_catalog()
        .args(["check", "1", "--sql", "SELECT name\nFROM p WHERE score >"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("at line 2, column 21"), "{err}");
    assert!(
        err.contains("  FROM p WHERE score >\n                      ^"),
        "{err}"
    );
    assert!(env.progress().is_none());
}

#[test]
fn drop_table_in_a_query_exercise() {
    rejects(
        &Env::new(),
        &["check", "1", "--sql", "DROP TABLE p"],
        None,
        "not allowed",
    );
}

#[test]
fn attach_and_load_extension_are_refused() {
    rejects(
        &Env::new(),
        &["check", "1", "--sql", "ATTACH '/tmp/x.db' AS x"],
        None,
        "not allowed",
    );
    rejects(
        &Env::new(),
        &["check", "1", "--sql", "SELECT load_extension('/tmp/x')"],
        None,
        "not allowed",
    );
}

#[test]
fn oversized_sql() {
    let big = format!("SELECT 1 {}", " ".repeat(70_000));
    rejects(
        &Env::new(),
        &["check", "1", "--sql", &big],
        None,
        "SQL too long",
    );
}

#[test]
fn no_answer_given_is_a_usage_error() {
    Env::new()
        .test_catalog()
        .args(["check", "1"])
        .assert()
        .code(2);
}

#[test]
fn json_error_document_for_bad_input() {
    let env = Env::new();
    let out = env
        .test_catalog()
        .args(["--json", "check", "1", "--sql", "SELECT FROM WHERE"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["verdict"], "error");
    assert_eq!(doc["exercise"], "exercise-01");
    assert!(doc["datasets"].as_array().unwrap().is_empty());
    assert!(doc["line"].is_number());
}

#[test]
fn bad_lang_and_timeout_are_usage_errors() {
    let env = Env::new();
    env.cmd().args(["--lang", "fr", "list"]).assert().code(2);
    env.cmd().args(["--timeout", "0", "list"]).assert().code(2);
}

#[test]
fn timeout_outside_its_range_is_a_usage_error() {
    let env = Env::new();
    // 1e-10 used to be accepted and then blamed the reference solution for timing out.
    for t in [
        "1e-10", "0.01", "0", "-1", "NaN", "inf", "-inf", "600.5", "1e300",
    ] {
        env.cmd()
            .arg(format!("--timeout={t}"))
            .args(["check", "1", "--sql", "SELECT 1"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "--timeout takes seconds from 0.05 to 600",
            ));
    }
    for t in ["0.05", "600"] {
        env.cmd()
            .arg(format!("--timeout={t}"))
            .arg("list")
            .assert()
            .code(0);
    }
}

#[test]
fn a_nul_byte_is_refused_from_a_file_and_from_stdin() {
    // (`--sql` cannot carry a NUL: the operating system ends arguments there.) Without the
    // check, SQLite ran the text before the NUL and graded it.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("answer.sql");
    let answer = b"SELECT name, score FROM p WHERE score IS NOT NULL ORDER BY score DESC, name\0 x";
    std::fs::write(&file, answer).unwrap();
    let path = file.to_str().unwrap().to_string();
    let message = "the SQL contains a NUL byte (at byte 75)";
    rejects(&Env::new(), &["check", "1", &path], None, message);
    rejects(&Env::new(), &["check", "1", "-"], Some(answer), message);
    rejects(
        &Env::new(),
        &["check", "5", "-"],
        Some(b"SELECT\0 1"),
        "NUL byte",
    );
}

#[test]
fn a_nul_byte_in_piped_repl_input_is_refused_and_reading_goes_on() {
    let out = Env::new()
        .test_catalog()
        .write_stdin(b"SELECT 1\0 AS x;\nSELECT 2 AS y;\n".to_vec())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("near line 1: the SQL contains a NUL byte"),
        "{stderr}"
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "y\n2\n");
}
