//! `--exercises DIR` is a user's directory: its SQL is trusted to be correct, not to end, and
//! its folders may hold link loops. Both end with a clear catalog error or are ignored.

use super::{Env, test_catalog_dir};
use std::path::Path;
use std::time::Duration;

/// A copy of the test catalog to spoil.
fn copy_catalog(to: &Path) {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap().flatten() {
            let target = to.join(e.file_name());
            if e.file_type().unwrap().is_dir() {
                copy(&e.path(), &target);
            } else {
                std::fs::copy(e.path(), &target).unwrap();
            }
        }
    }
    copy(&test_catalog_dir(), to);
}

const ENDLESS: &str = "SELECT count(*) FROM (WITH RECURSIVE r(n) AS \
                       (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r);";

/// `check 1` on `dir` with a 1 s build budget; killed (and failed) after 20 s.
fn check_with_budget(env: &Env, dir: &Path) -> std::process::Output {
    env.cmd()
        .env("SQLDRILL_BUILD_TIMEOUT", "1")
        .arg("--exercises")
        .arg(dir)
        .args([
            "check",
            "1",
            "--sql",
            "SELECT name, score FROM p ORDER BY score DESC, name",
        ])
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap()
}

#[test]
fn an_endless_fixture_ends_with_a_catalog_error() {
    let env = Env::new();
    let dir = tempfile::tempdir().unwrap();
    copy_catalog(dir.path());
    let people = dir.path().join("fixtures/people.sql");
    let sql = std::fs::read_to_string(&people).unwrap() + ENDLESS;
    std::fs::write(&people, sql).unwrap();
    let out = check_with_budget(&env, dir.path());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains("fixture people") && err.contains("time budget"),
        "{err}"
    );
}

#[test]
fn an_endless_hidden_case_patch_ends_with_a_catalog_error() {
    let env = Env::new();
    let dir = tempfile::tempdir().unwrap();
    copy_catalog(dir.path());
    let toml = dir
        .path()
        .join("exercises/exercise-01-ranked/exercise.toml");
    let text = std::fs::read_to_string(&toml).unwrap().replace(
        "patch = \"DELETE FROM p WHERE score IS NULL;\"",
        &format!("patch = \"{ENDLESS}\""),
    );
    std::fs::write(&toml, text).unwrap();
    let out = check_with_budget(&env, dir.path());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains("case no-nulls") && err.contains("time budget"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_in_the_catalog_are_not_followed() {
    let env = Env::new();
    let dir = tempfile::tempdir().unwrap();
    copy_catalog(dir.path());
    // Two links back up in each folder: following them is a walk of 2^40 paths.
    for sub in ["fixtures", "exercises", "exercises/exercise-01-ranked"] {
        for name in ["a", "b"] {
            std::os::unix::fs::symlink("..", dir.path().join(sub).join(name)).unwrap();
        }
    }
    let out = env
        .cmd()
        .arg("--exercises")
        .arg(dir.path())
        .arg("list")
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("exercise-07"));
}
