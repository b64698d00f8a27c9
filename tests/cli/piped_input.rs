//! The piped REPL reads untrusted input of any size: the SQL size cap is enforced while
//! reading, a statement over it is refused and skipped to its end, and reading goes on; no
//! line is ever held whole, and the work is linear in the input.

use super::{Env, test_catalog_dir};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The binary on the test catalog with a private home, stdin and stdout piped.
fn spawn(env: &Env) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin!("sqldrill"))
        .arg("--exercises")
        .arg(test_catalog_dir())
        .env("SQLDRILL_HOME", env.home.path())
        .env("LANG", "C")
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("SQLDRILL_ENGINE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits for the child; kills it and fails past `limit` (a generous "finishes at all" bound,
/// not a speed measurement).
fn wait_within(child: &mut Child, limit: Duration) -> i32 {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code().unwrap_or(-1);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn read_all(r: Option<impl std::io::Read + Send + 'static>) -> std::thread::JoinHandle<String> {
    let mut r = r.unwrap();
    std::thread::spawn(move || {
        let mut s = String::new();
        let _ = r.read_to_string(&mut s);
        s
    })
}

#[test]
fn eighty_thousand_lines_without_a_semicolon_end_with_a_clear_error() {
    let env = Env::new();
    let mut child = spawn(&env);
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let input = "SELECT 1 AS x\n".repeat(80_000) + ";\nSELECT 2 AS y;\n";
        let _ = stdin.write_all(input.as_bytes());
    });
    let (out, err) = (read_all(child.stdout.take()), read_all(child.stderr.take()));
    // Was 57 s: every line rescanned the whole statement.
    let code = wait_within(&mut child, Duration::from_secs(20));
    writer.join().unwrap();
    let (out, err) = (out.join().unwrap(), err.join().unwrap());
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        err.trim(),
        "error: near line 1: statement too long: it passed the SQL size cap of 65536 bytes, \
         so it was skipped up to its end."
    );
    // Reading went on after the statement's end.
    assert_eq!(out, "y\n2\n");
}

/// Peak resident memory of a running process, in KiB (Linux).
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn one_eighteen_megabyte_line_is_refused_without_holding_it() {
    let env = Env::new();
    let mut child = spawn(&env);
    let mut stdin = child.stdin.take().unwrap();
    let mut big = b"SELECT '".to_vec();
    big.resize(18 * 1024 * 1024, b'a');
    big.extend_from_slice(b"' AS x; SELECT 2 AS y;\nSELECT 3 AS z;\n");
    let writer = std::thread::spawn(move || {
        stdin.write_all(&big).unwrap();
        stdin
    });
    let err = read_all(child.stderr.take());
    // The answer to the statement after the line proves the line was read, and the process
    // is still alive (stdin is open) to be measured.
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut lines = Vec::new();
    for _ in 0..2 {
        let mut l = String::new();
        out.read_line(&mut l).unwrap();
        lines.push(l);
    }
    assert_eq!(lines, ["z\n", "3\n"]);
    let rss = peak_rss_kib(child.id());
    drop(writer.join().unwrap());
    let code = wait_within(&mut child, Duration::from_secs(20));
    let err = err.join().unwrap();
    assert_eq!(code, 1);
    assert!(
        err.contains("near line 1: statement too long") && err.contains("65536 bytes"),
        "{err}"
    );
    if let Some(kib) = rss {
        // The line is 18 MiB; holding it (let alone copies of it) would pass this.
        assert!(kib < 60 * 1024, "peak RSS {kib} KiB");
    }
}
