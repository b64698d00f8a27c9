//! Integration tests: the real binary, run as a user would (one test target, as in
//! ripgrep). Each test gets its own SQLDRILL_HOME.

mod bad_input;
mod bounds;
mod cache;
mod catalog;
mod escaping;
mod grading;
mod hostile_catalog;
mod lab;
mod leftovers;
mod performance;
mod piped_input;
mod progress;
mod repl;
mod repl_tmux;
mod robustness;
mod state;

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

#[derive(Default)]
pub struct Env {
    pub home: TempHome,
}

/// A private SQLDRILL_HOME, removed afterwards.
pub struct TempHome(tempfile::TempDir);

impl Default for TempHome {
    fn default() -> Self {
        TempHome(tempfile::tempdir().unwrap())
    }
}

impl TempHome {
    pub fn path(&self) -> &Path {
        self.0.path()
    }
}

impl Env {
    pub fn new() -> Env {
        Env::default()
    }

    /// The binary with a private home, English, no colour.
    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("sqldrill").unwrap();
        c.env("SQLDRILL_HOME", self.home.path())
            .env("LANG", "C")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("SQLDRILL_ENGINE")
            .env_remove("SQLDRILL_POSTGRES_URL")
            .env_remove("SQLDRILL_MYSQL_URL")
            .env("NO_COLOR", "1");
        c
    }

    /// The binary on the test catalog in tests/catalog.
    pub fn test_catalog(&self) -> Command {
        let mut c = self.cmd();
        c.arg("--exercises").arg(test_catalog_dir());
        c
    }

    pub fn progress(&self) -> Option<Value> {
        let text = std::fs::read_to_string(self.home.path().join("progress.json")).ok()?;
        serde_json::from_str(&text).ok()
    }
}

pub fn test_catalog_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/catalog")
}

/// Runs `check` with `--json` on the test catalog; returns (exit code, document).
pub fn check_json(env: &Env, id: &str, sql: &str) -> (i32, Value) {
    let out = env
        .test_catalog()
        .args(["--json", "check", id, "--sql", sql])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), doc)
}
