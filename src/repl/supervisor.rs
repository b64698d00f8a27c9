//! The interactive REPL runs in a child process of its own, watched by this one.
//!
//! Why: SQLite cannot interrupt a single long function call, so the only hard stop for a
//! statement stuck in one is the end of its process (see `engine::hard_stop`). A learner's REPL
//! must survive that, so the process that can be stopped is a child: when it ends with
//! [`RESTART_CODE`], the supervisor starts a new one at the exercise the learner was on.
//! The supervisor itself runs no SQL and holds no state, so nothing is lost but the scratch
//! copy and an open transaction, which the message says.

use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use crate::engine::hard_stop::{self, Policy, RESTART_CODE};
use crate::lang::Lang;

/// Set in the child: the file where it leaves the exercise to resume at.
const CHILD_ENV: &str = "SQLDRILL_REPL_CHILD";
/// Set in a restarted child: the exercise to open.
const RESUME_ENV: &str = "SQLDRILL_REPL_RESUME";

/// Restarts in quick succession before the supervisor gives up: a learner's statement cannot
/// loop (it is typed each time), but a child that failed at start-up could.
const MAX_QUICK_RESTARTS: usize = 5;
const QUICK: Duration = Duration::from_secs(5);

/// In the REPL child: configures the hard stop to restart, and returns the exercise to resume
/// at. None when this process is not a supervised child.
pub fn child_setup(lang: Lang) -> Option<Option<String>> {
    let state = std::env::var_os(CHILD_ENV)?;
    hard_stop::configure(Policy::Restart {
        lang,
        state: PathBuf::from(state),
    });
    // SAFETY: prctl with PR_SET_PDEATHSIG only sets a flag of this process. It ends the child
    // when the supervisor dies (say, killed), instead of leaving it reading the terminal.
    #[cfg(target_os = "linux")]
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGHUP);
    }
    Some(std::env::var(RESUME_ENV).ok().filter(|s| !s.is_empty()))
}

/// Runs the REPL in a child process, restarting it after a hard stop. Returns the exit code
/// of the last child; None when no child could be started (the caller then runs in-process).
pub fn supervise() -> Option<u8> {
    let exe = std::env::current_exe().ok()?;
    let state = tempfile::Builder::new()
        .prefix("sqldrill-repl-")
        .tempfile()
        .ok()?;
    // The terminal sends Ctrl-C to the whole foreground group: the child handles it, the
    // supervisor must survive it. TERM and HUP sent to the supervisor alone are passed on.
    let forward = Arc::new(AtomicUsize::new(0));
    let ignored = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGQUIT] {
        signal_hook::flag::register(sig, Arc::clone(&ignored)).ok()?;
    }
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register_usize(sig, Arc::clone(&forward), sig as usize).ok()?;
    }
    let mut resume = String::new();
    let mut restarts = 0;
    loop {
        let started = std::time::Instant::now();
        let mut child = Command::new(&exe)
            .args(std::env::args_os().skip(1))
            .env(CHILD_ENV, state.path())
            .env(RESUME_ENV, &resume)
            .spawn()
            .ok()?;
        let status = loop {
            let sig = forward.swap(0, Ordering::SeqCst);
            if sig != 0 {
                // SAFETY: kill(2) on our own child's pid.
                unsafe {
                    libc::kill(child.id() as libc::pid_t, sig as libc::c_int);
                }
            }
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
                Err(_) => return Some(3),
            }
        };
        if status.code() != Some(RESTART_CODE) || restarts >= MAX_QUICK_RESTARTS {
            return Some(exit_code(status));
        }
        restarts = if started.elapsed() < QUICK {
            restarts + 1
        } else {
            0
        };
        resume = std::fs::read_to_string(state.path()).unwrap_or_default();
    }
}

fn exit_code(status: std::process::ExitStatus) -> u8 {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(c), _) => u8::try_from(c).unwrap_or(1),
        (None, Some(sig)) => u8::try_from(128 + sig).unwrap_or(1),
        _ => 1,
    }
}
