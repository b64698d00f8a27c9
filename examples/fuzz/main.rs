//! A bounded fuzzer for sqldrill's untrusted-input paths, run by hand or in a benchmark job:
//!
//! ```sh
//! cargo run --release --example fuzz -- --minutes 30 --seed 7
//! ```
//!
//! It drives the real binary (`check ID -`, `check ID FILE`, `--json check`, the piped REPL)
//! with hostile inputs from `grammar.rs`, each process with a private SQLDRILL_HOME, TMPDIR
//! and working directory, and checks after every input: no panic, an exit code in {0,1,2,3},
//! the process ends within the time budget plus a few seconds, no raw ESC or BEL on a
//! terminal-bound stream (outside `--json` and the piped REPL's CSV), and no file created
//! outside SQLDRILL_HOME (its working and temporary directories stay empty; no new
//! `/tmp/sqldrill-fuzz*`, the names its ATTACH/VACUUM INTO attempts use, nor `/tmp/sqldrill*`
//! with the child's pid). The same seed gives the same inputs. On a violation it saves the input
//! to `fuzz-failures/` and exits 1.
//!
//! Options: `--minutes M` (default 1), `--seed N` (default 1), `--runs N` (stop after N
//! inputs), `--bin PATH` (default: the sqldrill beside this example's binary), `--timeout S`
//! (the statement budget given to sqldrill, default 2), `--out DIR` (default fuzz-failures).

mod grammar;

use grammar::Rng;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

struct Options {
    minutes: f64,
    seed: u64,
    runs: Option<u64>,
    bin: PathBuf,
    timeout: f64,
    out: PathBuf,
}

fn options() -> Result<Options, String> {
    let mut o = Options {
        minutes: 1.0,
        seed: 1,
        runs: None,
        bin: default_bin(),
        timeout: 2.0,
        out: PathBuf::from("fuzz-failures"),
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        let bad = |e: &dyn std::fmt::Display| format!("{flag}: {e}");
        match flag.as_str() {
            "--minutes" => o.minutes = value()?.parse().map_err(|e| bad(&e))?,
            "--seed" => o.seed = value()?.parse().map_err(|e| bad(&e))?,
            "--runs" => o.runs = Some(value()?.parse().map_err(|e| bad(&e))?),
            "--bin" => o.bin = value()?.into(),
            "--timeout" => o.timeout = value()?.parse().map_err(|e| bad(&e))?,
            "--out" => o.out = value()?.into(),
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(o)
}

/// `target/<profile>/sqldrill`, beside `target/<profile>/examples/fuzz`.
fn default_bin() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    let profile = exe
        .parent()
        .and_then(Path::parent)
        .unwrap_or(Path::new("."));
    profile.join("sqldrill")
}

/// How the binary is driven.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Driver {
    CheckStdin,
    CheckFile,
    CheckJson,
    ReplCsv,
    ReplTable,
}

const DRIVERS: [Driver; 5] = [
    Driver::CheckStdin,
    Driver::CheckFile,
    Driver::CheckJson,
    Driver::ReplCsv,
    Driver::ReplTable,
];

struct Outcome {
    pid: u32,
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    elapsed: Duration,
}

/// Runs one process in fresh private directories under `root`; returns what it did and the
/// files it left in its working and temporary directories.
fn run_one(
    o: &Options,
    root: &Path,
    cache: &Path,
    driver: Driver,
    id: &str,
    input: &[u8],
    limit: Duration,
) -> std::io::Result<(Outcome, Vec<PathBuf>)> {
    let work = tempfile::tempdir_in(root)?;
    let (home, cwd, tmp) = (
        work.path().join("home"),
        work.path().join("cwd"),
        work.path().join("tmp"),
    );
    for d in [&home, &cwd, &tmp] {
        std::fs::create_dir(d)?;
    }
    let mut cmd = Command::new(&o.bin);
    cmd.current_dir(&cwd)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("SQLDRILL_HOME", &home)
        .env("SQLDRILL_CACHE_DIR", cache)
        .env("TMPDIR", &tmp)
        .env("LANG", "C")
        .env("NO_COLOR", "1")
        .arg(format!("--timeout={}", o.timeout))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut stdin_bytes = input.to_vec();
    match driver {
        Driver::CheckStdin => {
            cmd.args(["check", id, "-"]);
        }
        Driver::CheckJson => {
            cmd.args(["--json", "check", id, "-"]);
        }
        Driver::CheckFile => {
            // The answer file lives in the home, so the working directory must stay empty.
            let file = home.join("answer.sql");
            std::fs::write(&file, input)?;
            cmd.args(["check", id]).arg(&file);
            stdin_bytes.clear();
        }
        Driver::ReplCsv | Driver::ReplTable => {
            let mut prefix = format!(".exercise {id}\n");
            if driver == Driver::ReplTable {
                prefix.push_str(".mode table\n");
            }
            stdin_bytes.splice(0..0, prefix.into_bytes());
        }
    }
    let start = Instant::now();
    let mut child = cmd.spawn()?;
    let pid = child.id();
    let mut stdin = child.stdin.take();
    let writer = std::thread::spawn(move || {
        if let Some(s) = stdin.as_mut() {
            let _ = s.write_all(&stdin_bytes);
        }
    });
    let reader = |r: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut buf);
            }
            buf
        })
    };
    let out = reader(
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let err = reader(
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let code = loop {
        if let Some(status) = child.try_wait()? {
            break status.code();
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = start.elapsed();
    let _ = writer.join();
    let outcome = Outcome {
        pid,
        code,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
        elapsed,
    };
    let mut left = Vec::new();
    for d in [&cwd, &tmp] {
        for e in std::fs::read_dir(d)?.flatten() {
            left.push(e.path());
        }
    }
    Ok((outcome, left))
}

/// `/tmp/sqldrill*` entries: what a path escaping the sandbox would most likely create. Other
/// sqldrill processes on the machine create such entries too, so only new ones named by the
/// grammar (`sqldrill-fuzz…`) or carrying the child's pid count (see `main`).
fn tmp_entries() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir("/tmp")
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with("sqldrill"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// What is wrong with one run, if anything.
fn violations(driver: Driver, o: &Outcome, left: &[PathBuf], new_tmp: &[String]) -> Vec<String> {
    let mut v = Vec::new();
    let stderr = String::from_utf8_lossy(&o.stderr);
    match o.code {
        None => v.push(format!(
            "no exit within {:.1} s (killed)",
            o.elapsed.as_secs_f64()
        )),
        Some(101) => v.push("exit 101 (panic)".into()),
        Some(c) if !(0..=3).contains(&c) => v.push(format!("exit code {c}")),
        _ => {}
    }
    if stderr.contains("panicked") {
        v.push("'panicked' on stderr".into());
    }
    let raw = |b: &[u8]| b.iter().any(|c| *c == 0x1b || *c == 0x07);
    if raw(&o.stderr) {
        v.push("raw ESC/BEL on stderr".into());
    }
    // JSON escapes for itself; the piped REPL's CSV to a pipe is data, not a terminal.
    if !matches!(driver, Driver::CheckJson | Driver::ReplCsv) && raw(&o.stdout) {
        v.push("raw ESC/BEL on stdout".into());
    }
    if driver == Driver::CheckJson
        && serde_json::from_slice::<serde_json::Value>(&o.stdout).is_err()
    {
        v.push("--json stdout is not one JSON document".into());
    }
    for p in left {
        v.push(format!(
            "left a file outside SQLDRILL_HOME: {}",
            p.display()
        ));
    }
    for n in new_tmp {
        v.push(format!("new /tmp/{n}"));
    }
    v
}

fn save_failure(
    o: &Options,
    n: u64,
    driver: Driver,
    id: &str,
    input: &[u8],
    why: &[String],
    outcome: &Outcome,
) -> PathBuf {
    let _ = std::fs::create_dir_all(&o.out);
    let base = o.out.join(format!("seed{}-run{n}", o.seed));
    let _ = std::fs::write(base.with_extension("sql"), input);
    let report = format!(
        "seed {} run {n}\ndriver {driver:?}\nexercise {id}\nexit {:?} after {:.2} s\n{}\n--- stdout\n{}\n--- stderr\n{}\n",
        o.seed,
        outcome.code,
        outcome.elapsed.as_secs_f64(),
        why.join("\n"),
        String::from_utf8_lossy(&outcome.stdout),
        String::from_utf8_lossy(&outcome.stderr),
    );
    let _ = std::fs::write(base.with_extension("txt"), report);
    base.with_extension("sql")
}

fn exercise_ids(o: &Options) -> Result<Vec<String>, String> {
    let out = Command::new(&o.bin)
        .args(["--json", "list"])
        .env(
            "SQLDRILL_HOME",
            std::env::temp_dir().join("sqldrill-fuzz-list-home-unused"),
        )
        .output()
        .map_err(|e| format!("{}: {e}", o.bin.display()))?;
    let _ = std::fs::remove_dir_all(std::env::temp_dir().join("sqldrill-fuzz-list-home-unused"));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())?;
    Ok(doc["exercises"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| e["id"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default())
}

fn main() -> ExitCode {
    let o = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("fuzz: {e}");
            return ExitCode::from(2);
        }
    };
    let ids = match exercise_ids(&o) {
        Ok(ids) if !ids.is_empty() => ids,
        Ok(_) => return fail_setup("no exercises listed"),
        Err(e) => return fail_setup(&e),
    };
    let Ok(root) = tempfile::Builder::new().prefix("fuzz-sqldrill").tempdir() else {
        return fail_setup("cannot create a temporary directory");
    };
    let cache = root.path().join("cache");
    let _ = std::fs::create_dir(&cache);
    // Datasets of the large fixture are built once, into the shared cache, before timing.
    eprintln!("fuzz: warming the dataset cache");
    for id in &ids {
        let long = Duration::from_secs(300);
        if let Err(e) = run_one(
            &o,
            root.path(),
            &cache,
            Driver::CheckStdin,
            id,
            b"SELECT 1;",
            long,
        ) {
            return fail_setup(&e.to_string());
        }
    }
    let mut rng = Rng::new(o.seed);
    let end = Instant::now() + Duration::from_secs_f64(o.minutes * 60.0);
    let (mut n, mut failures) = (0u64, 0u64);
    let mut codes: BTreeMap<(Driver, Option<i32>), u64> = BTreeMap::new();
    let mut slowest = (Duration::ZERO, String::new());
    eprintln!(
        "fuzz: seed {}, {} exercises, {} minutes, {}",
        o.seed,
        ids.len(),
        o.minutes,
        o.bin.display()
    );
    while Instant::now() < end && o.runs.is_none_or(|r| n < r) {
        n += 1;
        let driver = *rng.pick(&DRIVERS);
        let id = rng.pick(&ids).clone();
        let input = grammar::input(&mut rng);
        // Every statement may use its whole budget (plus about a second, README § The sandbox); a check
        // runs the answer and the reference, and stops at the first failing dataset.
        let statements = input.iter().filter(|b| **b == b';').count().clamp(1, 8) as f64;
        let limit = Duration::from_secs_f64(5.0 + (o.timeout + 1.0) * (statements + 2.0));
        let before = tmp_entries();
        let (outcome, left) = match run_one(&o, root.path(), &cache, driver, &id, &input, limit) {
            Ok(r) => r,
            Err(e) => return fail_setup(&e.to_string()),
        };
        let pid = format!("-{}-", outcome.pid);
        let new_tmp: Vec<String> = tmp_entries()
            .into_iter()
            .filter(|e| !before.contains(e))
            .filter(|e| e.starts_with("sqldrill-fuzz") || e.contains(&pid))
            .collect();
        *codes.entry((driver, outcome.code)).or_default() += 1;
        if outcome.elapsed > slowest.0 {
            slowest = (outcome.elapsed, format!("run {n} ({driver:?} {id})"));
        }
        let why = violations(driver, &outcome, &left, &new_tmp);
        if !why.is_empty() {
            failures += 1;
            let saved = save_failure(&o, n, driver, &id, &input, &why, &outcome);
            eprintln!(
                "fuzz: run {n} ({driver:?} {id}): {} — saved {}",
                why.join("; "),
                saved.display()
            );
        }
        if n % 100 == 0 {
            eprintln!("fuzz: {n} runs, {failures} failing");
        }
    }
    println!("fuzz: seed {}: {n} runs, {failures} failing", o.seed);
    for ((driver, code), count) in &codes {
        println!(
            "  {driver:?} exit {}: {count}",
            code.map_or("killed".into(), |c| c.to_string())
        );
    }
    println!("  slowest: {:.2} s, {}", slowest.0.as_secs_f64(), slowest.1);
    if failures > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn fail_setup(why: &str) -> ExitCode {
    eprintln!("fuzz: {why}");
    ExitCode::from(2)
}
