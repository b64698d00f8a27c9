//! State in SQLDRILL_HOME is never lost, never silently replaced, and safe under concurrent
//! processes (README § Commands, State).

use super::{Env, test_catalog_dir};
use predicates::prelude::*;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

const RIGHT: &str = "SELECT name, score FROM p WHERE score IS NOT NULL ORDER BY score DESC, name";

/// Every test-catalog exercise with its reference solution (a right answer).
fn solutions() -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = fs::read_dir(test_catalog_dir().join("exercises"))
        .unwrap()
        .flatten()
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let id = name.split('-').take(2).collect::<Vec<_>>().join("-");
            let sql = fs::read_to_string(e.path().join("solution.sql")).unwrap();
            (id, sql)
        })
        .collect();
    v.sort();
    v
}

/// The test catalog's entries in progress.json.
fn entries(env: &Env) -> serde_json::Map<String, Value> {
    let key = test_catalog_dir()
        .canonicalize()
        .unwrap()
        .display()
        .to_string();
    env.progress().expect("progress.json")["catalogs"][key.as_str()]
        .as_object()
        .cloned()
        .unwrap_or_default()
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn parallel_checks_of_different_exercises_are_all_recorded() {
    let env = Env::new();
    let solutions = solutions();
    assert!(solutions.len() >= 7);
    // Three processes per exercise, all at once: every pass and every attempt must count.
    let children: Vec<_> = (0..3)
        .flat_map(|_| solutions.iter())
        .map(|(id, sql)| {
            let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_sqldrill"));
            c.env("SQLDRILL_HOME", env.home.path())
                .arg("--exercises")
                .arg(test_catalog_dir())
                .args(["check", id, "--sql", sql])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null());
            c.spawn().unwrap()
        })
        .collect();
    for mut c in children {
        assert_eq!(c.wait().unwrap().code(), Some(0));
    }
    let entries = entries(&env);
    for (id, _) in &solutions {
        let e = &entries[id.as_str()];
        assert_eq!(e["solved"], true, "{id}: {e}");
        assert_eq!(e["attempts"], 3, "{id}: {e}");
    }
}

#[test]
fn an_unreadable_progress_file_is_an_error_and_left_untouched() {
    let env = Env::new();
    // A directory in its place fails every read, for root too.
    let path = env.home.path().join("progress.json");
    fs::create_dir(&path).unwrap();
    fs::write(path.join("keep"), "x").unwrap();
    env.test_catalog()
        .arg("list")
        .assert()
        .code(3)
        .stderr(predicate::str::contains("cannot read the progress file"))
        .stderr(predicate::str::contains(path.display().to_string()));
    env.test_catalog()
        .args(["check", "1", "--sql", RIGHT])
        .assert()
        .code(3)
        .stdout(predicate::str::contains("PASS"))
        .stderr(predicate::str::contains("progress not saved"));
    assert!(path.is_dir());
    assert_eq!(fs::read(path.join("keep")).unwrap(), b"x");
    assert!(!names(env.home.path()).iter().any(|n| n.contains("corrupt")));
}

#[cfg(unix)]
#[test]
fn a_progress_file_without_read_permission_is_left_untouched() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    env.test_catalog()
        .args(["check", "1", "--sql", RIGHT])
        .assert()
        .code(0);
    let path = env.home.path().join("progress.json");
    let before = fs::read(&path).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&path).is_ok() {
        eprintln!("skipped: running as root, chmod 000 does not stop reads");
        return;
    }
    env.test_catalog().arg("list").assert().code(3).stderr(
        predicate::str::contains("Permission denied")
            .or(predicate::str::contains("permission denied")),
    );
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn two_corruptions_in_a_row_keep_both_backups() {
    let env = Env::new();
    let path = env.home.path().join("progress.json");
    // Whatever the old naming (`progress.json.corrupt-<seconds>`) would pick now, it is taken.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let decoys: Vec<PathBuf> = (now - 1..now + 30)
        .map(|s| env.home.path().join(format!("progress.json.corrupt-{s}")))
        .collect();
    for d in &decoys {
        fs::write(d, "decoy").unwrap();
    }
    for text in ["{ first", "{ second"] {
        fs::write(&path, text).unwrap();
        env.test_catalog()
            .args(["check", "1", "--sql", RIGHT])
            .assert()
            .code(0)
            .stderr(predicate::str::contains("could not be read"));
    }
    for d in &decoys {
        assert_eq!(fs::read_to_string(d).unwrap(), "decoy");
    }
    let mut kept: Vec<String> = names(env.home.path())
        .into_iter()
        .filter(|n| n.contains("corrupt") && !decoys.iter().any(|d| d.ends_with(n)))
        .map(|n| fs::read_to_string(env.home.path().join(n)).unwrap())
        .collect();
    kept.sort();
    assert_eq!(kept, ["{ first", "{ second"]);
}

#[test]
fn stale_temporary_files_are_swept() {
    let env = Env::new();
    let stale = env.home.path().join("progress.json.tmp-4194301");
    fs::write(&stale, "{ half a fi").unwrap();
    env.test_catalog()
        .args(["check", "1", "--sql", RIGHT])
        .assert()
        .code(0);
    assert!(!stale.exists());
    assert!(
        !names(env.home.path()).iter().any(|n| n.contains(".tmp")),
        "{:?}",
        names(env.home.path())
    );
}

#[test]
fn without_any_home_state_is_refused_not_written_to_the_current_directory() {
    let env = Env::new();
    let cwd = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let mut c = env.test_catalog();
        c.env_remove("SQLDRILL_HOME")
            .env_remove("XDG_DATA_HOME")
            .env_remove("HOME")
            .env_remove("SQLDRILL_CACHE_DIR")
            .current_dir(cwd.path())
            .args(args);
        c.assert()
    };
    run(&["check", "1", "--sql", RIGHT])
        .code(3)
        .stdout(predicate::str::contains("PASS"))
        .stderr(predicate::str::contains("SQLDRILL_HOME"));
    run(&["list"])
        .code(3)
        .stderr(predicate::str::contains("HOME is not set"));
    assert!(names(cwd.path()).is_empty(), "{:?}", names(cwd.path()));
}

#[cfg(unix)]
#[test]
fn a_symlinked_progress_file_stays_a_symlink() {
    let env = Env::new();
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("my-progress.json");
    let link = env.home.path().join("progress.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    for _ in 0..2 {
        env.test_catalog()
            .args(["check", "1", "--sql", RIGHT])
            .assert()
            .code(0);
    }
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(entries(&env)["exercise-01"]["attempts"], 2);
    assert_eq!(
        names(elsewhere.path()),
        ["my-progress.json", "my-progress.json.lock"]
    );
}

#[test]
fn when_progress_cannot_be_saved_the_verdict_is_still_shown() {
    let env = Env::new();
    // The lock file's path is a directory: progress reads fine but cannot be written, for
    // root too.
    fs::create_dir(env.home.path().join("progress.json.lock")).unwrap();
    env.test_catalog()
        .args(["check", "1", "--sql", RIGHT])
        .assert()
        .code(3)
        .stdout(predicate::str::contains("PASS"))
        .stderr(predicate::str::contains("progress not saved"))
        .stderr(predicate::str::contains("progress.json.lock"));
    env.test_catalog()
        .args(["check", "1", "--sql", "SELECT name, score FROM p"])
        .assert()
        .code(3)
        .stdout(predicate::str::contains("FAIL"))
        .stderr(predicate::str::contains("progress not saved"));
    let out = env
        .test_catalog()
        .args(["--json", "check", "1", "--sql", RIGHT])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(doc["verdict"], "pass");
    assert!(String::from_utf8_lossy(&out.stderr).contains("progress not saved"));
    assert!(env.progress().is_none());
}

#[test]
fn a_home_below_a_regular_file_reports_the_verdict_then_the_error() {
    let env = Env::new();
    let file = env.home.path().join("not-a-dir");
    fs::write(&file, "x").unwrap();
    env.test_catalog()
        .env("SQLDRILL_HOME", file.join("home"))
        .args(["check", "1", "--sql", RIGHT])
        .assert()
        .code(3)
        .stdout(predicate::str::contains("PASS"))
        .stderr(predicate::str::contains("not-a-dir"));
}
