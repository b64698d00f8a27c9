//! Submits steps to session threads and decides what the timeline shows: done, waiting,
//! queued, resumed.
//!
//! "Waiting" is decided from evidence, not from a guess at timing: SQLite sessions tick a
//! `WaitProbe` each time a blocked statement retries its lock; on servers the lock monitor
//! (lock_monitor.rs) ticks it each time the server reports the session blocked. After any step finishes (a lock
//! may have been released) the driver waits until every busy session has either finished or
//! retried twice more — the second retry began after the change, so that session really is
//! still blocked. This keeps timelines deterministic on a loaded machine and fast on an idle
//! one. Engines without a probe fall back to `LabLimits::wait_threshold`.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use super::backend::{LabDatabase, WaitProbe};
use super::error::LabError;
use super::level::Level;
use super::limits::LabLimits;
use super::session::{Worker, WorkerMsg};
use super::timeline::{Event, EventKind, StepResult};

/// How often the driver looks at the probes while something is in flight.
const POLL: Duration = Duration::from_millis(1);

/// What the session layer reported for one step.
#[derive(Clone, Debug, PartialEq)]
pub struct StepRecord {
    /// Index of the session (column).
    pub session: usize,
    /// The session's transaction number when the step ran; None when it ran in autocommit.
    pub txn: Option<u32>,
    pub result: StepResult,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shown {
    NotYet,
    Waiting,
    Queued,
}

struct Pending {
    step: usize,
    sql: String,
    shown: Shown,
}

struct Slot {
    name: String,
    level: Level,
    worker: Option<Worker>,
    generation: u64,
    pending: VecDeque<Pending>,
    in_txn: bool,
    closed: bool,
    /// Probe value at the last change anywhere.
    mark: u64,
}

/// Events of one settle: the submitted step's row first, then what happened elsewhere.
#[derive(Default)]
struct Batch {
    submitted: Option<(usize, usize)>,
    head: Option<Event>,
    tail: Vec<Event>,
}

impl Batch {
    fn push(&mut self, slot: usize, step: usize, event: Event) {
        if self.head.is_none() && self.submitted == Some((slot, step)) {
            self.head = Some(event);
        } else {
            self.tail.push(event);
        }
    }

    fn into_events(self) -> Vec<Event> {
        self.head.into_iter().chain(self.tail).collect()
    }
}

pub(crate) struct Driver {
    db: Arc<dyn LabDatabase>,
    limits: LabLimits,
    exact_waits: bool,
    tx: Sender<WorkerMsg>,
    rx: Receiver<WorkerMsg>,
    slots: Vec<Slot>,
    records: BTreeMap<usize, StepRecord>,
}

impl Driver {
    pub(crate) fn new(db: Arc<dyn LabDatabase>, exact_waits: bool, limits: LabLimits) -> Driver {
        let (tx, rx) = channel();
        Driver {
            db,
            limits,
            exact_waits,
            tx,
            rx,
            slots: Vec::new(),
            records: BTreeMap::new(),
        }
    }

    fn spawn(
        &self,
        slot: usize,
        generation: u64,
        name: &str,
        level: Level,
    ) -> Result<Worker, LabError> {
        let probe = WaitProbe::default();
        let session = self.db.open_session(level, probe.clone(), &self.limits)?;
        Worker::spawn(
            slot,
            generation,
            name,
            session,
            probe,
            self.limits,
            self.tx.clone(),
        )
    }

    /// Opens a session (its connection and thread); returns its column.
    pub(crate) fn open(&mut self, name: &str, level: Level) -> Result<usize, LabError> {
        let slot = self.slots.len();
        let worker = self.spawn(slot, 0, name, level)?;
        self.slots.push(Slot {
            name: name.to_string(),
            level,
            worker: Some(worker),
            generation: 0,
            pending: VecDeque::new(),
            in_txn: false,
            closed: false,
            mark: 0,
        });
        Ok(slot)
    }

    /// Replaces a session's connection with one at `level`. Only between transactions.
    pub(crate) fn reopen(&mut self, slot: usize, level: Level) -> Result<(), LabError> {
        let s = &self.slots[slot];
        if !s.pending.is_empty() {
            return Err(LabError::SessionState {
                session: s.name.clone(),
                reason: "busy",
            });
        }
        if s.in_txn {
            return Err(LabError::SessionState {
                session: s.name.clone(),
                reason: "in-transaction",
            });
        }
        let generation = s.generation + 1;
        let name = s.name.clone();
        let worker = self.spawn(slot, generation, &name, level)?;
        let s = &mut self.slots[slot];
        s.worker = Some(worker); // drops (closes and joins) the old one
        s.generation = generation;
        s.level = level;
        s.closed = false;
        Ok(())
    }

    pub(crate) fn slot_count(&self) -> usize {
        self.slots.len()
    }

    pub(crate) fn name(&self, slot: usize) -> &str {
        &self.slots[slot].name
    }

    pub(crate) fn level(&self, slot: usize) -> Level {
        self.slots[slot].level
    }

    pub(crate) fn in_txn(&self, slot: usize) -> bool {
        self.slots[slot].in_txn
    }

    /// The session has a step that has not finished (waiting, or queued behind one).
    pub(crate) fn is_busy(&self, slot: usize) -> bool {
        !self.slots[slot].pending.is_empty()
    }

    pub(crate) fn records(&self) -> &BTreeMap<usize, StepRecord> {
        &self.records
    }

    /// Sends a step to its session and returns once everything has settled.
    pub(crate) fn submit(&mut self, slot: usize, step: usize, sql: String) -> Vec<Event> {
        let s = &mut self.slots[slot];
        s.pending.push_back(Pending {
            step,
            sql: sql.clone(),
            shown: Shown::NotYet,
        });
        let sent = s.worker.as_ref().is_some_and(|w| w.submit(step, sql));
        if !sent {
            s.pending.pop_back();
            return Vec::new();
        }
        let mut batch = Batch {
            submitted: Some((slot, step)),
            ..Batch::default()
        };
        self.settle(&mut batch);
        batch.into_events()
    }

    /// Collects what finished since the last call, waiting up to `wait` for the first report.
    pub(crate) fn poll(&mut self, wait: Duration) -> Vec<Event> {
        let mut batch = Batch::default();
        if self.slots.iter().any(|s| !s.pending.is_empty())
            && let Ok(msg) = self.rx.recv_timeout(wait)
        {
            self.handle(msg, &mut batch);
        }
        self.settle(&mut batch);
        batch.into_events()
    }

    /// Ends every session after its queued steps (rolling back open transactions) and joins
    /// the threads. Bounded: each blocked step ends within its lock wait.
    pub(crate) fn finish(&mut self) -> Vec<Event> {
        let mut batch = Batch::default();
        for s in &self.slots {
            if let Some(w) = &s.worker {
                w.close();
            }
        }
        let deadline = Instant::now() + self.limits.hard_cap() * (self.slots.len() as u32 + 1);
        while self.slots.iter().any(|s| s.worker.is_some() && !s.closed)
            && Instant::now() < deadline
        {
            if let Ok(msg) = self.rx.recv_timeout(Duration::from_millis(20)) {
                self.handle(msg, &mut batch);
            }
        }
        for s in &mut self.slots {
            if let Some(mut w) = s.worker.take() {
                w.join();
            }
        }
        batch.into_events()
    }

    fn mark(&mut self) {
        for s in &mut self.slots {
            if let Some(w) = &s.worker {
                s.mark = w.probe.get();
            }
        }
    }

    fn quiescent(&self, since_change: Duration) -> bool {
        self.slots.iter().all(|s| {
            let Some(w) = &s.worker else { return true };
            if s.pending.is_empty() || s.closed {
                return true;
            }
            if self.exact_waits {
                w.probe.get() >= s.mark + 2 || since_change >= self.limits.hard_cap()
            } else {
                since_change >= self.limits.wait_threshold
            }
        })
    }

    fn settle(&mut self, batch: &mut Batch) {
        let mut changed = Instant::now();
        self.mark();
        loop {
            let mut progressed = false;
            while let Ok(msg) = self.rx.try_recv() {
                self.handle(msg, batch);
                progressed = true;
            }
            if progressed {
                changed = Instant::now();
                self.mark();
            }
            if self.quiescent(changed.elapsed()) {
                break;
            }
            if let Ok(msg) = self.rx.recv_timeout(POLL) {
                self.handle(msg, batch);
                changed = Instant::now();
                self.mark();
            }
        }
        self.classify_pending(batch);
    }

    fn handle(&mut self, msg: WorkerMsg, batch: &mut Batch) {
        match msg {
            WorkerMsg::Finished {
                slot,
                generation,
                step,
                result,
                txn,
                in_txn,
            } => {
                let Some(s) = self.slots.get_mut(slot) else {
                    return;
                };
                if s.generation != generation {
                    return;
                }
                s.in_txn = in_txn;
                let Some(pos) = s.pending.iter().position(|p| p.step == step) else {
                    return;
                };
                let Some(p) = s.pending.remove(pos) else {
                    return;
                };
                self.records.insert(
                    step,
                    StepRecord {
                        session: slot,
                        txn,
                        result: result.clone(),
                    },
                );
                let kind = match p.shown {
                    Shown::NotYet => EventKind::Done { result },
                    Shown::Waiting => EventKind::Resumed { result },
                    Shown::Queued => EventKind::Ran { result },
                };
                let event = Event {
                    session: s.name.clone(),
                    column: slot,
                    step,
                    sql: p.sql,
                    kind,
                };
                batch.push(slot, step, event);
            }
            WorkerMsg::Closed {
                slot,
                generation,
                rolled_back,
            } => {
                let Some(s) = self.slots.get_mut(slot) else {
                    return;
                };
                if s.generation != generation {
                    return;
                }
                s.closed = true;
                s.in_txn = false;
                if rolled_back {
                    batch.tail.push(Event {
                        session: s.name.clone(),
                        column: slot,
                        step: 0,
                        sql: String::new(),
                        kind: EventKind::ClosedRolledBack,
                    });
                }
            }
        }
    }

    /// After settling, every unfinished step is either the session's current step (waiting)
    /// or queued behind it.
    fn classify_pending(&mut self, batch: &mut Batch) {
        for (slot, s) in self.slots.iter_mut().enumerate() {
            let Some(current) = s.pending.front().map(|p| p.step) else {
                continue;
            };
            for (k, p) in s.pending.iter_mut().enumerate() {
                let kind = match (k, p.shown) {
                    (0, Shown::NotYet | Shown::Queued) => EventKind::Waiting,
                    (k, Shown::NotYet) if k > 0 => EventKind::Queued { behind: current },
                    _ => continue,
                };
                p.shown = if k == 0 {
                    Shown::Waiting
                } else {
                    Shown::Queued
                };
                let event = Event {
                    session: s.name.clone(),
                    column: slot,
                    step: p.step,
                    sql: p.sql.clone(),
                    kind,
                };
                batch.push(slot, p.step, event);
            }
        }
    }
}
