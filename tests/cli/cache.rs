//! The on-disk dataset cache: a damaged, foreign or strange file under a cache name never
//! changes a verdict and never hangs a check; it is rebuilt.

use super::Env;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

const RIGHT: &str = "SELECT v, count(*) AS n FROM big GROUP BY v ORDER BY v";
/// Right only on a one-row stand-in for the data.
const WRONG: &str = "SELECT 1 AS v, 1 AS n ORDER BY v";

/// A catalog whose fixture (about 2.5 MB, built in a blink) is over the cache's 1 MiB floor.
fn big_catalog() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("fixtures")).unwrap();
    fs::write(
        dir.path().join("fixtures/big.sql"),
        "CREATE TABLE big(id INTEGER PRIMARY KEY, v INTEGER NOT NULL, pad TEXT NOT NULL);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
         INSERT INTO big SELECT i, i % 97, printf('%0100d', i) FROM n;",
    )
    .unwrap();
    let ex = dir.path().join("exercises/exercise-01-big");
    fs::create_dir_all(&ex).unwrap();
    fs::write(
        ex.join("exercise.toml"),
        r#"title.en = "Big"
title.zh = "大表"
prompt.en = "Rows per v, by v."
prompt.zh = "按 v 统计行数，按 v 排序。"
topic = "aggregation"
difficulty = "easy"
fixture = "big"
kind = "query"
tables = ["big"]
columns = ["v", "n"]
"#,
    )
    .unwrap();
    fs::write(ex.join("solution.sql"), format!("{RIGHT};\n")).unwrap();
    dir
}

struct Setup {
    env: Env,
    catalog: tempfile::TempDir,
}

impl Setup {
    fn new() -> Setup {
        let s = Setup {
            env: Env::new(),
            catalog: big_catalog(),
        };
        assert_eq!(s.check(RIGHT).0, 0);
        assert_eq!(s.files().len(), 2, "base and reversed are cached");
        s
    }

    fn cache_dir(&self) -> PathBuf {
        self.env.home.path().join("cache")
    }

    /// `check --json`, bounded in time so that a hang fails instead of blocking the suite.
    fn check(&self, sql: &str) -> (i32, Value) {
        let out = self
            .env
            .cmd()
            .env("SQLDRILL_CACHE_DIR", self.cache_dir())
            .env_remove("SQLDRILL_NO_CACHE")
            .arg("--exercises")
            .arg(self.catalog.path())
            .args(["--json", "check", "1", "--sql", sql])
            .timeout(Duration::from_secs(120))
            .output()
            .unwrap();
        let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (out.status.code().unwrap_or(-1), doc)
    }

    /// The cached database files.
    fn files(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = fs::read_dir(self.cache_dir())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "db"))
            .collect();
        v.sort();
        v
    }
}

/// Waits past the file system's timestamp granularity, so a rewrite gets a new ctime.
fn tick() {
    std::thread::sleep(Duration::from_millis(50));
}

#[test]
fn a_flipped_byte_in_a_cache_file_does_not_fail_a_right_answer() {
    let s = Setup::new();
    tick();
    for f in s.files() {
        let mut bytes = fs::read(&f).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x5a;
        fs::write(&f, bytes).unwrap();
    }
    let (code, doc) = s.check(RIGHT);
    assert_eq!((code, &doc["verdict"]), (0, &Value::from("pass")), "{doc}");
    assert_eq!(s.check(WRONG).0, 1);
}

#[test]
fn a_foreign_database_under_a_cache_name_is_not_graded_against() {
    let s = Setup::new();
    let fake = tempfile::tempdir().unwrap();
    let fake_db = fake.path().join("fake.db");
    let conn = rusqlite::Connection::open(&fake_db).unwrap();
    conn.execute_batch(
        "CREATE TABLE big(id INTEGER PRIMARY KEY, v INTEGER NOT NULL, pad TEXT NOT NULL);
         INSERT INTO big VALUES (1, 1, 'x');",
    )
    .unwrap();
    drop(conn);
    tick();
    for f in s.files() {
        fs::copy(&fake_db, &f).unwrap();
    }
    // On the stand-in data this wrong answer would pass 'base' (and fail only later, on
    // generated data).
    let (code, doc) = s.check(WRONG);
    assert_eq!(code, 1, "{doc}");
    assert_eq!(doc["failed_dataset"], "base", "{doc}");
    assert_eq!(s.check(RIGHT).0, 0);
}

#[cfg(unix)]
#[test]
fn a_fifo_under_a_cache_name_does_not_hang_a_check() {
    let s = Setup::new();
    for f in s.files() {
        fs::remove_file(&f).unwrap();
        let made = std::process::Command::new("mkfifo").arg(&f).status();
        if !made.is_ok_and(|st| st.success()) {
            eprintln!("skipped: no mkfifo");
            return;
        }
    }
    let (code, doc) = s.check(RIGHT);
    assert_eq!(code, 0, "{doc}");
    for f in s.files() {
        assert!(fs::symlink_metadata(&f).unwrap().is_file());
    }
}

/// Damage the seal cannot see (as from a bad disk sector): every page but the first gets an
/// invalid page type, and the seal is made to record the damaged file as verified.
#[cfg(unix)]
fn damage_unseen(db: &Path) {
    use std::os::unix::fs::MetadataExt;
    let mut bytes = fs::read(db).unwrap();
    let page = match u16::from_be_bytes([bytes[16], bytes[17]]) {
        1 => 65536,
        n => usize::from(n),
    };
    for start in (page..bytes.len()).step_by(page) {
        bytes[start] = 0x77;
    }
    fs::write(db, &bytes).unwrap();
    let seal = db.with_extension("sum");
    let text = fs::read_to_string(&seal).unwrap();
    let fields: Vec<&str> = text.split_whitespace().collect();
    assert_eq!(
        fields.len(),
        6,
        "magic, sum, len, mtime, ctime, inode: {text}"
    );
    let m = fs::metadata(db).unwrap();
    let mtime = m
        .modified()
        .unwrap()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let ctime = i128::from(m.ctime()) * 1_000_000_000 + i128::from(m.ctime_nsec());
    let resealed = format!(
        "{} {} {} {mtime} {ctime} {}\n",
        fields[0],
        fields[1],
        fields[2],
        m.ino()
    );
    fs::write(&seal, resealed).unwrap();
}

#[cfg(unix)]
#[test]
fn damage_the_seal_misses_is_rebuilt_and_the_answer_graded_again() {
    let s = Setup::new();
    for f in s.files() {
        damage_unseen(&f);
    }
    let (code, doc) = s.check(RIGHT);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["verdict"], "pass");
    // The files were rebuilt: they are whole again.
    for f in s.files() {
        let bytes = fs::read(&f).unwrap();
        assert_ne!(bytes[4096], 0x77, "{}", f.display());
    }
    let (code, doc) = s.check(WRONG);
    assert_eq!(code, 1, "{doc}");
}
