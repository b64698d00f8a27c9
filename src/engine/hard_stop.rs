//! The hard stop behind every SQLite time budget (ARCHITECTURE.md § Sandbox).
//!
//! The budget itself is a progress handler, but SQLite calls it only between virtual-machine
//! steps, never inside a scalar function: one `LIKE`, `trim()` or `replace()` over long strings
//! can run for minutes, and calls chain. No thread can be stopped safely from outside, so the
//! guarantee is at the process level: a watchdog thread sees every armed statement, and one
//! still running [`GRACE`] after its budget ends the process, after saying why. Front ends
//! choose what that means ([`Policy`]): a one-shot command prints a failed verdict and exits 1;
//! the interactive REPL runs under a supervisor that starts it again (see `repl::supervisor`).

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Condvar, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

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
    Exit {
        lang: Lang,
        json: bool,
        exercise: Option<String>,
    },
    /// Print the reason, record the exercise to resume at in `state`, exit [`RESTART_CODE`].
    Restart {
        lang: Lang,
        state: std::path::PathBuf,
    },
}

struct Entry {
    deadline: Instant,
    budget: Duration,
}

#[derive(Default)]
struct State {
    entries: HashMap<u64, Entry>,
    next: u64,
    started: bool,
    policy: Option<Policy>,
    /// The REPL's current exercise, for [`Policy::Restart`].
    resume_at: Option<String>,
}

struct Watch {
    state: Mutex<State>,
    wake: Condvar,
}

fn watch() -> &'static Watch {
    static WATCH: OnceLock<Watch> = OnceLock::new();
    WATCH.get_or_init(|| Watch {
        state: Mutex::new(State::default()),
        wake: Condvar::new(),
    })
}

fn lock() -> std::sync::MutexGuard<'static, State> {
    watch().state.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Sets what an overrun does; the default is [`Policy::Exit`] in English.
pub fn configure(policy: Policy) {
    lock().policy = Some(policy);
}

/// Tells a [`Policy::Restart`] supervisor where the learner was.
pub fn set_resume_at(exercise: &str) {
    lock().resume_at = Some(exercise.to_string());
}

/// One armed statement; disarmed when dropped.
#[must_use]
pub struct Armed(u64);

impl Drop for Armed {
    fn drop(&mut self) {
        lock().entries.remove(&self.0);
    }
}

/// Arms the watchdog for a statement with this budget.
pub fn arm(budget: Duration) -> Armed {
    let mut state = lock();
    let id = state.next;
    state.next += 1;
    state.entries.insert(
        id,
        Entry {
            deadline: Instant::now() + budget + GRACE,
            budget,
        },
    );
    if !state.started {
        state.started = true;
        // Without the thread there is no hard stop, but the cooperative budget still holds.
        let _ = std::thread::Builder::new()
            .name("sqldrill-hard-stop".into())
            .spawn(run);
    }
    drop(state);
    watch().wake.notify_one();
    Armed(id)
}

/// Ctrl-C: whatever is running now gets [`GRACE`] to stop before the process is stopped.
pub fn hurry() {
    let mut state = lock();
    let soon = Instant::now() + GRACE;
    for e in state.entries.values_mut() {
        e.deadline = e.deadline.min(soon);
    }
    drop(state);
    watch().wake.notify_one();
}

fn run() {
    let w = watch();
    let mut state = lock();
    loop {
        let now = Instant::now();
        let next = state.entries.values().map(|e| e.deadline).min();
        match next {
            Some(d) if d <= now => {
                let budget = state
                    .entries
                    .values()
                    .filter(|e| e.deadline <= now)
                    .map(|e| e.budget)
                    .max()
                    .unwrap_or_default();
                let policy = state.policy.clone();
                let resume = state.resume_at.clone();
                fire(policy, resume, budget);
            }
            Some(d) => {
                state = w
                    .wake
                    .wait_timeout(state, d - now)
                    .unwrap_or_else(PoisonError::into_inner)
                    .0;
            }
            None => state = w.wake.wait(state).unwrap_or_else(PoisonError::into_inner),
        }
    }
}

/// Says why and ends the process. Writes go straight to the file descriptors: the main thread
/// may hold the locks of Rust's stdout and stderr, and it is stuck.
fn fire(policy: Option<Policy>, resume: Option<String>, budget: Duration) -> ! {
    let secs = format!("{:.1}", budget.as_secs_f64());
    let policy = policy.unwrap_or(Policy::Exit {
        lang: Lang::En,
        json: false,
        exercise: None,
    });
    match policy {
        Policy::Exit {
            lang,
            json,
            exercise,
        } => {
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
            let _ = std::fs::write(&state, resume.unwrap_or_default());
            raw_write(
                2,
                &format!("\n{}\n", tr!(lang, HardStopRestart, secs = secs)),
            );
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
