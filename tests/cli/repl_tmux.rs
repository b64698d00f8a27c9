//! The REPL in a real terminal, driven through tmux: keys go in with send-keys, the screen
//! comes back with capture-pane. Each test has its own tmux server (`-L`), killed on drop
//! even when the test fails. Waits poll the screen (up to 15 s, for a busy machine) instead
//! of sleeping a fixed time. Skipped, saying so, where tmux is not installed.

use super::Env;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const PATIENCE: Duration = Duration::from_secs(15);

struct Tmux {
    socket: String,
    /// The socket file, which tmux leaves behind after kill-server.
    path: Option<std::path::PathBuf>,
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
        if let Some(p) = &self.path {
            let _ = std::fs::remove_file(p);
        }
    }
}

fn tmux_available() -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("skipped: tmux is not installed");
    }
    ok
}

impl Tmux {
    /// Starts sqldrill with `args` in a fresh 150×50 terminal.
    fn start(name: &str, home: &Path, args: &str) -> Tmux {
        let mut t = Tmux {
            socket: format!("sqldrill-test-{}-{name}", std::process::id()),
            path: None,
        };
        let bin = assert_cmd::cargo::cargo_bin("sqldrill");
        let command = format!(
            "env SQLDRILL_HOME='{}' LANG=C LC_ALL= LC_MESSAGES= NO_COLOR=1 EDITOR=true '{}' {args}",
            home.display(),
            bin.display()
        );
        let out = t.tmux(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            "150",
            "-y",
            "50",
            &command,
        ]);
        assert!(out.status.success(), "tmux: {out:?}");
        let socket = t.tmux(&["display-message", "-p", "#{socket_path}"]);
        let socket = String::from_utf8_lossy(&socket.stdout).trim().to_string();
        t.path = (!socket.is_empty()).then(|| socket.into());
        t.wait_for("> ");
        t
    }

    fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .unwrap()
    }

    /// Types text literally. tmux reads an argument ending in `;` as a command separator,
    /// so semicolons go as `\;` on their own.
    fn type_text(&self, text: &str) {
        for (i, part) in text.split(';').enumerate() {
            if i > 0 {
                self.tmux(&["send-keys", "-l", "\\;"]);
            }
            if !part.is_empty() {
                self.tmux(&["send-keys", "-l", part]);
            }
        }
    }

    fn key(&self, key: &str) {
        self.tmux(&["send-keys", key]);
    }

    fn screen(&self) -> String {
        let out = self.tmux(&["capture-pane", "-p", "-J", "-S", "-500"]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Polls the screen until `needle` shows; the screen so far.
    fn wait_for(&self, needle: &str) -> String {
        self.wait_until(needle, |s| s.contains(needle))
    }

    fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if done(&s) {
                return s;
            }
            if start.elapsed() > PATIENCE {
                panic!("waited {PATIENCE:?} for {what:?}; the screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits for sqldrill to leave (its window closes with it).
    fn wait_exit(&self) {
        let start = Instant::now();
        while self.tmux(&["has-session"]).status.success() {
            assert!(
                start.elapsed() < PATIENCE,
                "sqldrill did not exit:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

#[test]
fn tab_completes_a_table_name_and_the_result_is_a_table() {
    if !tmux_available() {
        return;
    }
    let env = Env::new();
    let t = Tmux::start("tab", env.home.path(), "");
    t.wait_for("exercise-01> ");
    t.type_text("SELECT name, birth_date FROM stu");
    t.key("Tab");
    t.wait_for("SELECT name, birth_date FROM student");
    t.type_text(" WHERE id = 1;");
    t.key("Enter");
    let s = t.wait_for("1 row (");
    assert!(s.contains("│ name ┆ birth_date │"), "{s}");
    assert!(s.contains("│ 赵雷 ┆ 1990-01-01 │"), "{s}");
}

#[test]
fn check_solves_exercise_05_and_the_prompt_shows_it() {
    if !tmux_available() {
        return;
    }
    let env = Env::new();
    let t = Tmux::start("check", env.home.path(), "");
    t.wait_for("exercise-01> ");
    t.type_text(".exercise 5");
    t.key("Enter");
    t.wait_for("exercise-05> ");
    t.type_text(
        "WITH t AS (SELECT s.id, s.name, SUM(sc.score) AS total FROM student AS s \
         JOIN score AS sc ON sc.student_id = s.id GROUP BY s.id, s.name) \
         SELECT name, total FROM t WHERE total = \
         (SELECT MAX(total) FROM t WHERE total < (SELECT MAX(total) FROM t));",
    );
    t.key("Enter");
    t.wait_for("2 rows (");
    t.type_text(".check");
    t.key("Enter");
    let s = t.wait_for("exercise-05 ✓> ");
    assert!(s.contains("PASS — exercise-05"), "{s}");
    assert!(s.contains("Solved! `.next` opens exercise-06"), "{s}");
    t.key("C-d");
    t.wait_exit();
    let out = env.cmd().args(["--json", "list"]).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let solved: Vec<&str> = doc["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["solved"] == true)
        .filter_map(|e| e["id"].as_str())
        .collect();
    assert_eq!(solved, vec!["exercise-05"]);
}

#[test]
fn ctrl_c_stops_a_query_ctrl_r_searches_and_ctrl_d_saves_history() {
    if !tmux_available() {
        return;
    }
    let env = Env::new();
    let t = Tmux::start("keys", env.home.path(), "--timeout 60");
    t.wait_for("exercise-01> ");
    t.type_text(
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r;",
    );
    t.key("Enter");
    // Only Ctrl-C can end this query within the test. Press until it has.
    let start = Instant::now();
    while !t.screen().contains("error: interrupted.") {
        assert!(
            start.elapsed() < PATIENCE,
            "not interrupted:\n{}",
            t.screen()
        );
        t.key("C-c");
        std::thread::sleep(Duration::from_millis(300));
    }
    // A statement over two lines, then found again with Ctrl-R and run again.
    t.type_text("SELECT 'two' AS lines");
    t.key("Enter");
    t.wait_for("...> ");
    t.type_text("FROM student LIMIT 1;");
    t.key("Enter");
    t.wait_for("1 row (");
    // History hints: the rest of the entry's first line, then `…`.
    t.type_text("SELECT 'tw");
    t.wait_for("SELECT 'two' AS lines …");
    t.key("C-u");
    t.key("C-r");
    t.type_text("AS lines");
    t.wait_for("reverse-i-search");
    t.key("Enter");
    t.wait_until("the statement to run twice", |s| {
        s.matches("1 row (").count() == 2
    });
    t.key("C-d");
    t.wait_exit();
    let history = std::fs::read_to_string(env.home.path().join("history.jsonl")).unwrap();
    let entries: Vec<String> = history
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        entries.contains(&"SELECT 'two' AS lines\nFROM student LIMIT 1;".to_string()),
        "{entries:?}"
    );
    assert!(entries[0].starts_with("WITH RECURSIVE r(n)"));
}

/// A statement stuck inside one function call cannot be interrupted by SQLite: the REPL's
/// process is stopped past the budget and its supervisor starts a fresh REPL at the same
/// exercise, which works.
#[test]
fn a_stuck_function_call_restarts_the_repl_at_the_same_exercise() {
    if !tmux_available() {
        return;
    }
    let env = Env::new();
    let t = Tmux::start("stuck", env.home.path(), "--timeout 0.5");
    t.wait_for("exercise-01> ");
    t.type_text(".exercise 5");
    t.key("Enter");
    t.wait_for("exercise-05> ");
    t.type_text(
        "SELECT printf('%.*c', 999000, 'a') LIKE '%' || printf('%.*c', 49000, 'a') || 'b';",
    );
    t.key("Enter");
    t.wait_for("started a fresh session");
    t.wait_until("the REPL back at exercise-05", |s| {
        s.rsplit("started a fresh session")
            .next()
            .is_some_and(|rest| rest.contains("exercise-05> "))
    });
    t.type_text("SELECT 40 + 2 AS answer;");
    t.key("Enter");
    t.wait_for("42");
    t.key("C-d");
    t.wait_exit();
}

/// Ctrl-C on a statement stuck inside one function call: SQLite's interrupt is not seen there,
/// so the REPL is stopped within a second of the key, long before the budget, and comes back.
#[test]
fn ctrl_c_on_a_stuck_function_call_restarts_the_repl_at_once() {
    if !tmux_available() {
        return;
    }
    let env = Env::new();
    let t = Tmux::start("stuck-ctrl-c", env.home.path(), "--timeout 600");
    t.wait_for("exercise-01> ");
    t.type_text(
        "SELECT printf('%.*c', 999000, 'a') LIKE '%' || printf('%.*c', 49000, 'a') || 'b';",
    );
    t.key("Enter");
    std::thread::sleep(Duration::from_millis(300));
    t.key("C-c");
    // Without the hurry the statement would run for about a minute: longer than PATIENCE.
    t.wait_for("Ctrl-C could not interrupt that statement");
    t.wait_until("the REPL back", |s| {
        s.rsplit("started a fresh session")
            .next()
            .is_some_and(|rest| rest.contains("exercise-01> "))
    });
    t.key("C-d");
    t.wait_exit();
}
