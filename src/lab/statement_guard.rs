//! Server statements end on time whatever the session set. `statement_timeout` and
//! `max_statement_time` are session settings a learner can change (`SET SESSION
//! max_statement_time = 0`, `set_config('statement_timeout', '0', false)`), so the run's
//! watchdog cancels any statement still running past its budget from outside the session:
//! PostgreSQL through the protocol's cancel request, MariaDB with `KILL QUERY` on the setup
//! connection.

use std::sync::Arc;
use std::time::Duration;

use super::limits::LabLimits;
use crate::engine::watchdog::{Watchdog, Watched};

/// Past its own budget, a statement gets this long before it is cancelled from outside.
pub(crate) const GRACE: Duration = Duration::from_millis(500);

/// How to cancel one session's running statement; called from the watchdog's thread.
pub(crate) type Cancel = Arc<dyn Fn() + Send + Sync>;

/// What a session needs to have its statements watched.
#[derive(Clone)]
pub(crate) struct Guard {
    watchdog: Arc<Watchdog>,
    limits: LabLimits,
    cancel: Cancel,
}

impl Guard {
    pub(crate) fn new(watchdog: &Arc<Watchdog>, limits: &LabLimits, cancel: Cancel) -> Guard {
        Guard {
            watchdog: Arc::clone(watchdog),
            limits: *limits,
            cancel,
        }
    }

    /// Watches the statement about to run: its budget plus lock wait, cut to a check's
    /// deadline. Drop the result when it has finished.
    pub(crate) fn watch(&self) -> Watched {
        let cancel = Arc::clone(&self.cancel);
        let now = self.limits.now();
        self.watchdog.watch(
            now.statement + now.lock_wait + GRACE,
            Box::new(move || cancel()),
        )
    }
}
