//! Nothing is left behind after a kill: the next run sweeps (README § The sandbox).

use super::Env;
use std::fs;

/// A lab directory as `kill -9` leaves it: the run's pid is gone and its lock is free.
#[test]
fn a_lab_run_sweeps_directories_of_killed_runs() {
    let env = Env::new();
    let tmp = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead_pid = child.id();
    child.wait().unwrap();
    let killed = tmp.path().join(format!("sqldrill-lab-{dead_pid}-0-12345"));
    fs::create_dir(&killed).unwrap();
    fs::write(killed.join("lab.db"), "x").unwrap();
    fs::write(killed.join(".lock"), "").unwrap();
    // One made by a run that is alive (this test holds its lock) stays.
    let alive = tmp.path().join("sqldrill-lab-1-0-67890");
    fs::create_dir(&alive).unwrap();
    let lock = fs::File::create(alive.join(".lock")).unwrap();
    lock.lock().unwrap();
    env.cmd()
        .env("TMPDIR", tmp.path())
        .args([
            "lab",
            "lost-update",
            "--engine",
            "sqlite",
            "--level",
            "read-committed",
        ])
        .assert()
        .code(0);
    let left: Vec<String> = fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["sqldrill-lab-1-0-67890"]);
}
