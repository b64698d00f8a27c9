//! Time and size bounds for lab sessions. Every wait in the lab is bounded by one of these.

use std::time::Duration;

#[derive(Clone, Copy, Debug)]
pub struct LabLimits {
    /// CPU budget of one statement (progress handler); learner SQL cannot run away.
    pub statement: Duration,
    /// How long a blocked statement waits for a lock before it fails (SQLite: busy handler and
    /// shared-cache retry loop; PostgreSQL: `lock_timeout`; MySQL: `innodb_lock_wait_timeout`
    /// and `lock_wait_timeout`, in whole seconds). Bounds deadlocks too.
    pub lock_wait: Duration,
    /// A step still running after this long is shown as waiting, on engines that cannot say
    /// precisely whether a statement waits for a lock (SQLite can; see `Backend::observes_lock_waits`).
    pub wait_threshold: Duration,
    /// Rows kept per result; the timeline shows small tables.
    pub max_rows: usize,
}

impl Default for LabLimits {
    fn default() -> Self {
        LabLimits {
            statement: Duration::from_secs(2),
            lock_wait: Duration::from_secs(10),
            wait_threshold: Duration::from_millis(200),
            max_rows: 200,
        }
    }
}

impl LabLimits {
    /// The longest a step can take before something reports: used as a last-resort cap so a
    /// stuck engine cannot hang the driver.
    pub fn hard_cap(&self) -> Duration {
        self.statement + self.lock_wait + Duration::from_secs(2)
    }
}
