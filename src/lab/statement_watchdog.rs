//! Server statements end on time whatever the session set. `statement_timeout` and
//! `max_statement_time` are session settings a learner can change (`SET SESSION
//! max_statement_time = 0`, `set_config('statement_timeout', '0', false)`), so a thread outside
//! the session cancels any statement still running past its deadline: PostgreSQL through the
//! protocol's cancel request, MariaDB with `KILL QUERY` on the setup connection.

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Past its own budget, a statement gets this long before it is cancelled from outside.
pub(crate) const GRACE: Duration = Duration::from_millis(500);

/// How to cancel one session's running statement; called from the watchdog's thread.
pub(crate) type Cancel = Arc<dyn Fn() + Send + Sync>;

struct Entry {
    deadline: Instant,
    cancel: Cancel,
}

#[derive(Default)]
struct State {
    entries: HashMap<u64, Entry>,
    next: u64,
    stop: bool,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    wake: Condvar,
}

/// One watchdog per lab database; its thread ends when the watchdog is dropped.
pub(crate) struct Watchdog {
    shared: Arc<Shared>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// A statement being watched; dropping it stops the watch.
pub(crate) struct Watched {
    shared: Arc<Shared>,
    id: u64,
}

impl Drop for Watched {
    fn drop(&mut self) {
        lock(&self.shared).entries.remove(&self.id);
    }
}

fn lock(shared: &Shared) -> std::sync::MutexGuard<'_, State> {
    shared.state.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Watchdog {
    pub(crate) fn start() -> Watchdog {
        let shared = Arc::new(Shared::default());
        let s = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("sqldrill-watchdog".into())
            .spawn(move || run(&s))
            .ok();
        Watchdog { shared, thread }
    }

    /// Watches a statement with this budget; `cancel` runs once if it is still going at
    /// `budget + GRACE`.
    pub(crate) fn watch(&self, budget: Duration, cancel: Cancel) -> Watched {
        let mut state = lock(&self.shared);
        let id = state.next;
        state.next += 1;
        state.entries.insert(
            id,
            Entry {
                deadline: Instant::now() + budget + GRACE,
                cancel,
            },
        );
        drop(state);
        self.shared.wake.notify_one();
        Watched {
            shared: Arc::clone(&self.shared),
            id,
        }
    }
}

/// What a session needs to have its statements watched.
#[derive(Clone)]
pub(crate) struct Guard {
    pub watchdog: Arc<Watchdog>,
    /// The statement's own budget (time plus lock wait) before the grace period.
    pub budget: Duration,
    pub cancel: Cancel,
}

impl Guard {
    pub(crate) fn watch(&self) -> Watched {
        self.watchdog.watch(self.budget, Arc::clone(&self.cancel))
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        lock(&self.shared).stop = true;
        self.shared.wake.notify_one();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn run(shared: &Shared) {
    let mut state = lock(shared);
    while !state.stop {
        let now = Instant::now();
        let due: Vec<u64> = state
            .entries
            .iter()
            .filter(|(_, e)| e.deadline <= now)
            .map(|(id, _)| *id)
            .collect();
        if !due.is_empty() {
            let cancels: Vec<Cancel> = due
                .iter()
                .filter_map(|id| state.entries.remove(id))
                .map(|e| e.cancel)
                .collect();
            // Cancelling talks to the server: never while holding the lock sessions need.
            drop(state);
            for cancel in cancels {
                cancel();
            }
            state = lock(shared);
            continue;
        }
        let next = state.entries.values().map(|e| e.deadline).min();
        state = match next {
            Some(d) => {
                shared
                    .wake
                    .wait_timeout(state, d - now)
                    .unwrap_or_else(PoisonError::into_inner)
                    .0
            }
            None => shared
                .wake
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn cancels_only_statements_past_their_deadline() {
        let dog = Watchdog::start();
        let fired = Arc::new(AtomicUsize::new(0));
        let f = Arc::clone(&fired);
        let slow = dog.watch(
            Duration::from_millis(10),
            Arc::new(move || {
                f.fetch_add(1, Ordering::SeqCst);
            }),
        );
        let g = Arc::clone(&fired);
        let quick = dog.watch(
            Duration::from_secs(60),
            Arc::new(move || {
                g.fetch_add(100, Ordering::SeqCst);
            }),
        );
        drop(quick);
        let until = Instant::now() + Duration::from_secs(10);
        while fired.load(Ordering::SeqCst) == 0 && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(fired.load(Ordering::SeqCst), 1);
        drop(slow);
    }
}
