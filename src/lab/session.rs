//! A session's own thread. It owns the engine connection and applies the engine-neutral rules
//! of the lab: BEGIN/COMMIT/ROLLBACK go through the engine's per-level realisation; after an
//! error that aborts the transaction, later statements are skipped until COMMIT or ROLLBACK
//! (as PostgreSQL does), so nothing runs half-inside an aborted transaction.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

use super::backend::{Session, StepOutput, Vars, WaitProbe};
use super::error::LabError;
use super::limits::LabLimits;
use super::sqlite_errors::lab_error;
use super::statement::{Control, classify};
use super::timeline::StepResult;
use super::value::Value;

pub(crate) enum Job {
    Step { step: usize, sql: String },
    Close,
}

/// Reports from session threads to the driver. `generation` tells a reopened session's reports
/// from its predecessor's.
pub(crate) enum WorkerMsg {
    Finished {
        slot: usize,
        generation: u64,
        step: usize,
        result: StepResult,
        /// The session's transaction number when the step ran (None: autocommit).
        txn: Option<u32>,
        in_txn: bool,
    },
    Closed {
        slot: usize,
        generation: u64,
        rolled_back: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Txn {
    None,
    Active(u32),
    Aborted(u32),
}

impl Txn {
    fn id(self) -> Option<u32> {
        match self {
            Txn::None => None,
            Txn::Active(id) | Txn::Aborted(id) => Some(id),
        }
    }
}

/// The transaction rules of one session, independent of the engine.
struct TxnLayer {
    session: Box<dyn Session>,
    txn: Txn,
    next_id: u32,
    vars: Vars,
    limits: LabLimits,
}

impl TxnLayer {
    fn step(&mut self, sql: &str) -> (StepResult, Option<u32>) {
        match classify(sql) {
            Control::Begin => self.begin(),
            Control::Commit => self.commit(),
            Control::Rollback => {
                let id = self.txn.id();
                self.txn = Txn::None;
                match self.session.rollback() {
                    Ok(()) => (StepResult::RolledBack, id),
                    Err(error) => (
                        StepResult::Failed {
                            error,
                            rolled_back: false,
                        },
                        id,
                    ),
                }
            }
            Control::Unsupported(what) => (
                StepResult::Failed {
                    error: lab_error(
                        &format!(
                            "{what} is not supported in the lab: use BEGIN, COMMIT and ROLLBACK"
                        ),
                        &format!("实验室不支持 {what}：请使用 BEGIN、COMMIT 和 ROLLBACK"),
                        &format!("{what} not supported"),
                    ),
                    rolled_back: false,
                },
                self.txn.id(),
            ),
            Control::Other => self.statement(sql),
        }
    }

    fn begin(&mut self) -> (StepResult, Option<u32>) {
        if let Some(id) = self.txn.id() {
            let error = lab_error(
                "already inside a transaction: COMMIT or ROLLBACK first",
                "已经在事务中：请先 COMMIT 或 ROLLBACK",
                "nested BEGIN",
            );
            return (
                StepResult::Failed {
                    error,
                    rolled_back: false,
                },
                Some(id),
            );
        }
        self.next_id += 1;
        let id = self.next_id;
        self.txn = Txn::Active(id);
        match self.session.begin() {
            Ok(()) => (StepResult::Began, Some(id)),
            Err(error) => {
                let _ = self.session.rollback();
                // A BEGIN that timed out still opens the script's transaction, aborted, so its
                // statements are skipped rather than run in autocommit.
                let aborts = error.kind.aborts_transaction();
                self.txn = if aborts { Txn::Aborted(id) } else { Txn::None };
                (
                    StepResult::Failed {
                        error,
                        rolled_back: aborts,
                    },
                    Some(id),
                )
            }
        }
    }

    fn commit(&mut self) -> (StepResult, Option<u32>) {
        let txn = self.txn;
        self.txn = Txn::None;
        match txn {
            Txn::Aborted(id) => {
                let _ = self.session.rollback();
                (StepResult::CommitRolledBack, Some(id))
            }
            Txn::None | Txn::Active(_) => match self.session.commit() {
                Ok(()) => (StepResult::Committed, txn.id()),
                Err(error) => {
                    // A failed COMMIT leaves nothing half-done: roll back whatever is open.
                    let _ = self.session.rollback();
                    (
                        StepResult::Failed {
                            error,
                            rolled_back: true,
                        },
                        txn.id(),
                    )
                }
            },
        }
    }

    fn statement(&mut self, sql: &str) -> (StepResult, Option<u32>) {
        let id = self.txn.id();
        if let Txn::Aborted(_) = self.txn {
            return (StepResult::Skipped, id);
        }
        match self.session.execute(sql, &self.vars, &self.limits) {
            Ok(StepOutput::Rows(rows)) => {
                self.bind(&rows.columns, rows.rows.first());
                (StepResult::Rows { rows }, id)
            }
            Ok(StepOutput::Changed(count)) => (StepResult::Changed { count }, id),
            Err(error) => {
                let aborts = error.kind.aborts_transaction() && id.is_some();
                if aborts {
                    let _ = self.session.rollback();
                    self.txn = Txn::Aborted(id.unwrap_or_default());
                }
                (
                    StepResult::Failed {
                        error,
                        rolled_back: aborts,
                    },
                    id,
                )
            }
        }
    }

    /// Every SELECT binds its first row's columns by name; no row binds NULLs.
    fn bind(&mut self, columns: &[String], row: Option<&Vec<Value>>) {
        for (i, col) in columns.iter().enumerate() {
            let v = row.and_then(|r| r.get(i)).cloned().unwrap_or(Value::Null);
            self.vars.insert(col.to_ascii_lowercase(), v);
        }
    }

    /// Ends the session; true when an open transaction had to be rolled back.
    fn close(&mut self) -> bool {
        let open = self.txn != Txn::None;
        self.txn = Txn::None;
        let _ = self.session.rollback();
        open
    }
}

pub(crate) struct Worker {
    jobs: Sender<Job>,
    cancel: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
    pub(crate) probe: WaitProbe,
}

impl Worker {
    pub(crate) fn spawn(
        slot: usize,
        generation: u64,
        name: &str,
        session: Box<dyn Session>,
        probe: WaitProbe,
        limits: LabLimits,
        out: Sender<WorkerMsg>,
    ) -> Result<Worker, LabError> {
        let (jobs, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let layer = TxnLayer {
            session,
            txn: Txn::None,
            next_id: 0,
            vars: Vars::new(),
            limits,
        };
        let stop = cancel.clone();
        let handle = std::thread::Builder::new()
            .name(format!("lab-session-{name}"))
            .spawn(move || work(slot, generation, layer, rx, out, stop))
            .map_err(|source| LabError::Io {
                path: "thread".into(),
                source,
            })?;
        Ok(Worker {
            jobs,
            cancel,
            handle: Some(handle),
            probe,
        })
    }

    pub(crate) fn submit(&self, step: usize, sql: String) -> bool {
        self.jobs.send(Job::Step { step, sql }).is_ok()
    }

    /// Ends the session after its queued steps have run.
    pub(crate) fn close(&self) {
        let _ = self.jobs.send(Job::Close);
    }

    pub(crate) fn join(&mut self) {
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

impl Drop for Worker {
    /// Abandoning a worker skips its queued steps; a step already blocked ends within its lock bound.
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::SeqCst);
        let _ = self.jobs.send(Job::Close);
        self.join();
    }
}

fn work(
    slot: usize,
    generation: u64,
    mut layer: TxnLayer,
    jobs: Receiver<Job>,
    out: Sender<WorkerMsg>,
    cancel: Arc<AtomicBool>,
) {
    while let Ok(job) = jobs.recv() {
        match job {
            Job::Step { .. } if cancel.load(Ordering::SeqCst) => continue,
            Job::Step { step, sql } => {
                let (result, txn) = catch_unwind(AssertUnwindSafe(|| layer.step(&sql)))
                    .unwrap_or_else(|_| {
                        let error =
                            lab_error("internal error in the session", "会话内部错误", "panic");
                        (
                            StepResult::Failed {
                                error,
                                rolled_back: false,
                            },
                            None,
                        )
                    });
                let in_txn = layer.txn != Txn::None;
                let _ = out.send(WorkerMsg::Finished {
                    slot,
                    generation,
                    step,
                    result,
                    txn,
                    in_txn,
                });
            }
            Job::Close => {
                let rolled_back = catch_unwind(AssertUnwindSafe(|| layer.close())).unwrap_or(false);
                let _ = out.send(WorkerMsg::Closed {
                    slot,
                    generation,
                    rolled_back,
                });
                return;
            }
        }
    }
}
