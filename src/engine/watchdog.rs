//! Deadlines with actions, watched by one thread: an action runs once if its watch is still
//! alive at its deadline. The time bounds that a running statement cannot enforce on itself are
//! built on it: the SQLite hard stop (`hard_stop`, which ends the process) and the lab's server
//! watchdog (`lab::statement_guard`, which cancels the statement from outside its session).

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// What runs at a deadline, on the watchdog's thread.
pub type Action = Box<dyn FnOnce() + Send>;

struct Entry {
    deadline: Instant,
    action: Action,
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

/// A watchdog and its thread; the thread ends when the watchdog is dropped.
pub struct Watchdog {
    shared: Arc<Shared>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// A watch; dropping it cancels the action if it has not run.
#[must_use]
pub struct Watched {
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
    pub fn start() -> Watchdog {
        let shared = Arc::new(Shared::default());
        let s = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("sqldrill-watchdog".into())
            .spawn(move || run(&s))
            .ok();
        Watchdog { shared, thread }
    }

    /// Runs `action` once at `now + after`, unless the returned watch is dropped first.
    pub fn watch(&self, after: Duration, action: Action) -> Watched {
        let mut state = lock(&self.shared);
        let id = state.next;
        state.next += 1;
        state.entries.insert(
            id,
            Entry {
                deadline: Instant::now() + after,
                action,
            },
        );
        drop(state);
        self.shared.wake.notify_one();
        Watched {
            shared: Arc::clone(&self.shared),
            id,
        }
    }

    /// Brings every deadline forward to at most `within` from now.
    pub fn hurry(&self, within: Duration) {
        let mut state = lock(&self.shared);
        let soon = Instant::now() + within;
        for e in state.entries.values_mut() {
            e.deadline = e.deadline.min(soon);
        }
        drop(state);
        self.shared.wake.notify_one();
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
            let actions: Vec<Action> = due
                .iter()
                .filter_map(|id| state.entries.remove(id))
                .map(|e| e.action)
                .collect();
            // Actions may take time (a cancel talks to a server): never under the lock.
            drop(state);
            for action in actions {
                action();
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
    fn runs_only_actions_still_watched_at_their_deadline() {
        let dog = Watchdog::start();
        let fired = Arc::new(AtomicUsize::new(0));
        let f = Arc::clone(&fired);
        let slow = dog.watch(
            Duration::from_millis(10),
            Box::new(move || {
                f.fetch_add(1, Ordering::SeqCst);
            }),
        );
        let g = Arc::clone(&fired);
        let quick = dog.watch(
            Duration::from_secs(60),
            Box::new(move || {
                g.fetch_add(100, Ordering::SeqCst);
            }),
        );
        drop(quick);
        wait_for(&fired, 1);
        assert_eq!(fired.load(Ordering::SeqCst), 1);
        drop(slow);
    }

    #[test]
    fn hurry_brings_deadlines_forward() {
        let dog = Watchdog::start();
        let fired = Arc::new(AtomicUsize::new(0));
        let f = Arc::clone(&fired);
        let _w = dog.watch(
            Duration::from_secs(3600),
            Box::new(move || {
                f.fetch_add(1, Ordering::SeqCst);
            }),
        );
        dog.hurry(Duration::ZERO);
        wait_for(&fired, 1);
        assert_eq!(fired.load(Ordering::SeqCst), 1);
    }

    fn wait_for(n: &AtomicUsize, want: usize) {
        let until = Instant::now() + Duration::from_secs(10);
        while n.load(Ordering::SeqCst) < want && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}
