//! Ctrl-C while a query runs: the terminal sends SIGINT (rustyline only reads Ctrl-C as a key
//! while it edits a line). A thread waits for the signal and calls SQLite's interrupt on the
//! connection that is running, so the query stops with SQLITE_INTERRUPT and the REPL stays.
//! Signal handlers themselves may do almost nothing; signal-hook's self-pipe moves the work
//! to an ordinary thread.

use rusqlite::InterruptHandle;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
pub struct Interrupter {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    running: Mutex<Option<InterruptHandle>>,
    fired: AtomicBool,
}

/// While this lives, [`Interrupter::fire`] stops the statement on its connection.
pub struct Armed<'a> {
    interrupter: &'a Interrupter,
}

impl Drop for Armed<'_> {
    fn drop(&mut self) {
        *lock(&self.interrupter.inner.running) = None;
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Interrupter {
    pub fn new() -> Interrupter {
        Interrupter::default()
    }

    /// Arms for one statement on the connection behind `handle`.
    pub fn arm(&self, handle: InterruptHandle) -> Armed<'_> {
        self.inner.fired.store(false, Ordering::SeqCst);
        *lock(&self.inner.running) = Some(handle);
        Armed { interrupter: self }
    }

    /// What Ctrl-C does: interrupt the running statement, if any.
    pub fn fire(&self) {
        self.inner.fired.store(true, Ordering::SeqCst);
        if let Some(h) = lock(&self.inner.running).as_ref() {
            h.interrupt();
            // Inside one long function call the interrupt is not seen; the hard stop then
            // ends this REPL within a second and its supervisor starts a fresh one.
            crate::engine::hard_stop::hurry();
        }
    }

    /// Whether a statement is running and would be stopped by [`Interrupter::fire`].
    pub fn is_armed(&self) -> bool {
        lock(&self.inner.running).is_some()
    }

    /// Whether Ctrl-C came since the last `arm`.
    pub fn fired(&self) -> bool {
        self.inner.fired.load(Ordering::SeqCst)
    }

    /// Routes the process's SIGINT to this interrupter. For terminal sessions only: in a
    /// pipe, Ctrl-C should still end sqldrill.
    pub fn on_sigint(&self) -> std::io::Result<()> {
        let mut signals = signal_hook::iterator::Signals::new([signal_hook::consts::SIGINT])?;
        let me = self.clone();
        std::thread::Builder::new()
            .name("sqldrill-sigint".into())
            .spawn(move || {
                for _ in signals.forever() {
                    me.fire();
                }
            })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Access, Caps, EngineError, Image, Sandbox};
    use std::time::{Duration, Instant};

    #[test]
    fn fire_stops_a_running_query_and_only_that() {
        let image = Image::from_sql("CREATE TABLE t(x)").unwrap();
        let caps = Caps {
            timeout: Duration::from_secs(60),
            ..Caps::default()
        };
        let sb = Sandbox::open(&image, Access::Script, &caps).unwrap();
        let i = Interrupter::new();
        let started = Instant::now();
        let result = {
            let _armed = i.arm(sb.conn().get_interrupt_handle());
            let remote = i.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(200));
                remote.fire();
            });
            sb.query(
                "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) \
                 SELECT count(*) FROM r",
                false,
            )
        };
        assert!(matches!(result, Err(EngineError::Timeout(_))), "{result:?}");
        assert!(i.fired());
        assert!(started.elapsed() < Duration::from_secs(30));
        // Disarmed: a later Ctrl-C does not touch the next statement.
        i.fire();
        assert!(sb.query("SELECT 1", false).is_ok());
    }
}
