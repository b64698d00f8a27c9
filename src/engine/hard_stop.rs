//! The hard stop behind every SQLite time budget (ARCHITECTURE.md § Sandbox).
//!
//! The budget itself is a progress handler, but SQLite calls it only between virtual-machine
//! steps, never inside a scalar function: one `LIKE`, `trim()` or `replace()` over long strings
//! can run for minutes, and calls chain. No thread can be stopped safely from outside, so the
//! guarantee is at the process level: a watchdog thread sees every armed statement, and one
//! still running [`GRACE`] after its budget ends the process, after saying why. Front ends
//! choose what that means ([`Policy`]): a one-shot command prints a failed verdict and exits 1;
//! the interactive REPL runs under a supervisor that starts it again (see `repl::supervisor`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::Duration;

use super::watchdog::{Watchdog, Watched};
use crate::lang::Lang;
use crate::tr;

/// How long past its budget a statement may run before the process is stopped. With the
/// progress handler's own stop this keeps every statement within its budget plus a second.
pub const GRACE: Duration = Duration::from_millis(750);

/// The exit code of a REPL child stopped this way: its supervisor starts a new one.
pub const RESTART_CODE: i32 = 75;

/// What the process does when a statement overruns.
#[derive(Clone, Debug)]
pub enum Policy {
    /// Print a failed verdict (a JSON document with `json`) and exit 1.
    Exit { lang: Lang, json: bool },
    /// Print the reason, record the exercise to resume at in `state`, exit [`RESTART_CODE`].
    Restart {
        lang: Lang,
        state: std::path::PathBuf,
    },
}

/// What the process knows when a statement overruns.
#[derive(Default)]
struct State {
    policy: Option<Policy>,
    /// The exercise being worked on: named in the verdict, or resumed at by the supervisor.
    exercise: Option<String>,
    /// Ctrl-C brought the stop forward: the message says so instead of blaming the budget.
    hurried: bool,
    /// Directories to remove before stopping: no destructor runs then (the lab's files).
    leftovers: Vec<PathBuf>,
}

fn state() -> std::sync::MutexGuard<'static, State> {
    static STATE: Mutex<State> = Mutex::new(State {
        policy: None,
        exercise: None,
        hurried: false,
        leftovers: Vec::new(),
    });
    STATE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// One watchdog for the process, started with the first statement.
fn watchdog() -> &'static Watchdog {
    static DOG: OnceLock<Watchdog> = OnceLock::new();
    DOG.get_or_init(Watchdog::start)
}

/// Sets what an overrun does; the default is [`Policy::Exit`] in English.
pub fn configure(policy: Policy) {
    state().policy = Some(policy);
}

/// The exercise being worked on, as the catalog names it.
pub fn set_exercise(id: &str) {
    state().exercise = Some(id.to_string());
}

/// `dir` is removed if the process is stopped before it is [`keep_on_stop`]ped: a hard stop
/// runs no destructor.
pub fn remove_on_stop(dir: &Path) {
    state().leftovers.push(dir.to_path_buf());
}

/// `dir` is no longer removed by a hard stop (its owner removes it).
pub fn keep_on_stop(dir: &Path) {
    state().leftovers.retain(|d| d != dir);
}

/// One armed statement; disarmed when dropped.
pub type Armed = Watched;

/// Arms the hard stop for a statement with this budget.
pub fn arm(budget: Duration) -> Armed {
    state().hurried = false;
    watchdog().watch(budget + GRACE, Box::new(move || fire(budget)))
}

/// Ctrl-C: whatever is running now gets [`GRACE`] to stop before the process is stopped.
pub fn hurry() {
    state().hurried = true;
    watchdog().hurry(GRACE);
}

/// Says why and ends the process. Writes go straight to the file descriptors: the main thread
/// may hold the locks of Rust's stdout and stderr, and it is stuck.
fn fire(budget: Duration) {
    let secs = format!("{:.1}", budget.as_secs_f64());
    let (policy, exercise, hurried) = {
        let s = state();
        for dir in &s.leftovers {
            let _ = std::fs::remove_dir_all(dir);
        }
        (s.policy.clone(), s.exercise.clone(), s.hurried)
    };
    match policy.unwrap_or(Policy::Exit {
        lang: Lang::En,
        json: false,
    }) {
        Policy::Exit { lang, json } => {
            let message = tr!(lang, HardStop, secs = secs);
            if json {
                let doc = serde_json::json!({
                    "verdict": "fail",
                    "code": "hard-timeout",
                    "exercise": exercise,
                    "message": message,
                });
                raw_write(1, &format!("{doc:#}\n"));
            } else {
                raw_write(2, &format!("\nerror: {message}\n"));
            }
            exit_now(1)
        }
        Policy::Restart { lang, state } => {
            let _ = std::fs::write(&state, exercise.unwrap_or_default());
            let message = if hurried {
                tr!(lang, HardStopInterrupted)
            } else {
                tr!(lang, HardStopRestart, secs = secs)
            };
            raw_write(2, &format!("\n{message}\n"));
            exit_now(RESTART_CODE)
        }
    }
}

fn raw_write(fd: i32, text: &str) {
    use std::os::fd::FromRawFd;
    // SAFETY: fds 1 and 2 stay open for the life of the process; ManuallyDrop keeps them open.
    let mut file = std::mem::ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(fd) });
    let _ = file.write_all(text.as_bytes());
}

fn exit_now(code: i32) -> ! {
    // SAFETY: `_exit` ends the process at once; no destructor runs, and none may (the stuck
    // thread owns SQLite state), which is the point.
    unsafe { libc::_exit(code) }
}
