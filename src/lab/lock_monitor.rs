//! Tells the driver precisely when a server session waits, so server timelines are as
//! deterministic as SQLite's: a monitor thread asks the server which of the run's sessions are
//! blocked right now and ticks their `WaitProbe` — the same evidence SQLite's busy handler gives.
//!
//! Why this is exact: a tick means "a query that started after the previous tick saw this
//! session blocked". The driver waits for two ticks after any change, so the second one comes
//! from a query that began after the change (e.g. after the other session's COMMIT returned).
//! Each engine answers from state the lock holder updates when it releases (PostgreSQL
//! `pg_locks.granted`, InnoDB's `wait_lock`), not from state the waiter updates when it is next
//! scheduled, so a busy machine cannot make a resumed session look blocked.
//!
//! A statement can also be "not going to finish promptly" without a lock: a long index build.
//! The engines report those too (see each backend's `blocked` query), so the script can go on
//! while it runs — which is what online DDL is about.
//!
//! If the server stops answering the monitor's query, statements in flight longer than the
//! limits' `wait_threshold` are ticked instead: the documented fallback, never a hang.

use super::error::LabError;
use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::backend::WaitProbe;

/// Poll quickly right after a statement starts or ends (that is when the driver waits for
/// evidence), slowly while sessions just sit blocked (a console user thinking).
const FAST: Duration = Duration::from_millis(2);
const SLOW: Duration = Duration::from_millis(40);
const FAST_WINDOW: Duration = Duration::from_millis(400);

/// Asks the server which of these server-side session ids are blocked (or busy building).
pub(crate) trait WaitSource: Send {
    fn blocked(&mut self, ids: &[u32]) -> Result<Vec<u32>, String>;
}

struct Watch {
    server_id: u32,
    probe: WaitProbe,
    /// The serial of the statement in flight, and when it started.
    in_flight: Option<(u64, Instant)>,
    fallback_after: Duration,
}

struct State {
    watches: HashMap<u64, Watch>,
    next_key: u64,
    next_serial: u64,
    last_change: Instant,
    stop: bool,
}

struct Shared {
    state: Mutex<State>,
    wake: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// One per lab database; stops its thread when dropped.
pub(crate) struct Monitor {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl Monitor {
    /// Starts the monitor a server backend promised (`observes_lock_waits`): failing to start
    /// its thread is an error of the run, not a silent fallback.
    pub(crate) fn start_required(source: Box<dyn WaitSource>) -> Result<Monitor, LabError> {
        Monitor::start(source).map_err(|source| LabError::Io {
            path: "lock monitor thread".into(),
            source,
        })
    }

    pub(crate) fn start(source: Box<dyn WaitSource>) -> std::io::Result<Monitor> {
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                watches: HashMap::new(),
                next_key: 0,
                next_serial: 0,
                last_change: Instant::now(),
                stop: false,
            }),
            wake: Condvar::new(),
        });
        let s = shared.clone();
        let thread = std::thread::Builder::new()
            .name("lab-lock-monitor".into())
            .spawn(move || run(&s, source))?;
        Ok(Monitor {
            shared,
            thread: Some(thread),
        })
    }

    /// Registers a session (its server-side id) and the probe the driver reads.
    pub(crate) fn watch(
        &self,
        server_id: u32,
        probe: WaitProbe,
        fallback_after: Duration,
    ) -> Watcher {
        let mut st = self.shared.lock();
        st.next_key += 1;
        let key = st.next_key;
        st.watches.insert(
            key,
            Watch {
                server_id,
                probe,
                in_flight: None,
                fallback_after,
            },
        );
        Watcher {
            shared: self.shared.clone(),
            key,
        }
    }
}

impl Drop for Monitor {
    fn drop(&mut self) {
        self.shared.lock().stop = true;
        self.shared.wake.notify_all();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A session's handle: brackets each round trip to the server.
pub(crate) struct Watcher {
    shared: Arc<Shared>,
    key: u64,
}

/// Runs `f` under the session's watcher when it has one (servers without a monitor have none).
pub(crate) fn watched<T>(watcher: Option<&Watcher>, f: impl FnOnce() -> T) -> T {
    match watcher {
        Some(w) => w.during(f),
        None => f(),
    }
}

impl Watcher {
    /// Runs `f` as one statement in flight: only while it runs may the probe tick.
    pub(crate) fn during<T>(&self, f: impl FnOnce() -> T) -> T {
        {
            let mut st = self.shared.lock();
            st.next_serial += 1;
            let serial = st.next_serial;
            st.last_change = Instant::now();
            if let Some(w) = st.watches.get_mut(&self.key) {
                w.in_flight = Some((serial, Instant::now()));
            }
        }
        self.shared.wake.notify_all();
        let out = f();
        let mut st = self.shared.lock();
        st.last_change = Instant::now();
        if let Some(w) = st.watches.get_mut(&self.key) {
            w.in_flight = None;
        }
        out
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.shared.lock().watches.remove(&self.key);
    }
}

fn run(shared: &Shared, mut source: Box<dyn WaitSource>) {
    let mut source_ok = true;
    loop {
        // (key, server id, serial) of every statement in flight.
        let (asked, pause) = {
            let mut st = shared.lock();
            loop {
                if st.stop {
                    return;
                }
                if st.watches.values().any(|w| w.in_flight.is_some()) {
                    break;
                }
                st = shared
                    .wake
                    .wait_timeout(st, Duration::from_secs(1))
                    .map(|(g, _)| g)
                    .unwrap_or_else(|e| e.into_inner().0);
            }
            let asked: Vec<(u64, u32, u64)> = st
                .watches
                .iter()
                .filter_map(|(k, w)| w.in_flight.map(|(serial, _)| (*k, w.server_id, serial)))
                .collect();
            let pause = if st.last_change.elapsed() < FAST_WINDOW {
                FAST
            } else {
                SLOW
            };
            (asked, pause)
        };
        std::thread::sleep(pause);
        let ids: Vec<u32> = asked.iter().map(|(_, id, _)| *id).collect();
        let answer = if source_ok {
            source.blocked(&ids)
        } else {
            Err(String::new())
        };
        let st = shared.lock();
        match answer {
            Ok(blocked) => {
                for (key, id, serial) in &asked {
                    if !blocked.contains(id) {
                        continue;
                    }
                    if let Some(w) = st.watches.get(key)
                        && w.in_flight.map(|(s, _)| s) == Some(*serial)
                    {
                        w.probe.tick();
                    }
                }
            }
            Err(_) => {
                source_ok = false;
                for (key, _, serial) in &asked {
                    if let Some(w) = st.watches.get(key)
                        && let Some((s, since)) = w.in_flight
                        && s == *serial
                        && since.elapsed() >= w.fallback_after
                    {
                        w.probe.tick();
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};

    struct Fake(Arc<AtomicBool>);

    impl WaitSource for Fake {
        fn blocked(&mut self, ids: &[u32]) -> Result<Vec<u32>, String> {
            Ok(if self.0.load(Ordering::SeqCst) {
                ids.to_vec()
            } else {
                Vec::new()
            })
        }
    }

    #[test]
    fn ticks_only_while_a_statement_is_in_flight_and_blocked() {
        let blocked = Arc::new(AtomicBool::new(false));
        let monitor = Monitor::start(Box::new(Fake(blocked.clone()))).unwrap();
        let probe = WaitProbe::default();
        let w = monitor.watch(7, probe.clone(), Duration::from_secs(60));
        w.during(|| std::thread::sleep(Duration::from_millis(30)));
        assert_eq!(probe.get(), 0, "running, not blocked");
        blocked.store(true, Ordering::SeqCst);
        w.during(|| {
            let start = Instant::now();
            while probe.get() < 2 && start.elapsed() < Duration::from_secs(20) {
                std::thread::sleep(Duration::from_millis(1));
            }
        });
        assert!(probe.get() >= 2);
        let after = probe.get();
        std::thread::sleep(Duration::from_millis(30));
        assert_eq!(probe.get(), after, "no ticks between statements");
    }
}
