//! Time and size bounds for lab sessions. Every wait in the lab is bounded by one of these.

use std::time::{Duration, Instant};

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
    /// When a graded check must be over, all its schedules together (None outside a check):
    /// every budget and lock wait above is cut short to end by then.
    pub deadline: Option<Instant>,
}

impl Default for LabLimits {
    fn default() -> Self {
        LabLimits {
            statement: Duration::from_secs(2),
            lock_wait: Duration::from_secs(10),
            wait_threshold: Duration::from_millis(200),
            max_rows: 200,
            deadline: None,
        }
    }
}

impl LabLimits {
    /// The statement budget and lock wait as they stand now: cut to what is left before the
    /// deadline (at least a millisecond, so a step still ends with a timeout, not a hang).
    pub fn now(&self) -> LabLimits {
        let Some(deadline) = self.deadline else {
            return *self;
        };
        let left = deadline
            .saturating_duration_since(Instant::now())
            .max(Duration::from_millis(1));
        LabLimits {
            statement: self.statement.min(left),
            lock_wait: self.lock_wait.min(left),
            ..*self
        }
    }

    /// The deadline has passed.
    pub fn expired(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// The longest a step can take before something reports: used as a last-resort cap so a
    /// stuck engine cannot hang the driver.
    pub fn hard_cap(&self) -> Duration {
        self.statement + self.lock_wait + Duration::from_secs(2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budgets_are_cut_to_the_deadline() {
        let plain = LabLimits::default();
        assert_eq!(plain.now().statement, plain.statement);
        let near = LabLimits {
            deadline: Some(Instant::now() + Duration::from_millis(300)),
            ..plain
        };
        assert!(near.now().statement <= Duration::from_millis(300));
        assert!(near.now().lock_wait <= Duration::from_millis(300));
        assert!(!near.expired());
        let past = LabLimits {
            deadline: Some(Instant::now()),
            ..plain
        };
        assert_eq!(past.now().statement, Duration::from_millis(1));
        assert!(past.expired());
    }
}
