//! How the lock monitor learns, on MySQL/MariaDB, which sessions are waiting.

use std::sync::{Arc, Mutex, PoisonError};

use mysql::Conn;
use mysql::prelude::Queryable;

use super::lock_monitor::WaitSource;

/// The monitor's questions go through the keeper connection, which is idle while sessions run.
///
/// Row locks: `SHOW ENGINE INNODB STATUS` prints "TRX HAS BEEN WAITING … FOR THIS LOCK TO BE
/// GRANTED" for a transaction whose `wait_lock` is set; the releasing transaction clears it
/// when it grants the lock, so the answer is current. (`information_schema.innodb_trx` is
/// not: it is a cache that is refreshed only after 0.1 s without readers, so frequent polling
/// would keep reading a stale copy.)
///
/// Metadata and table locks, and DDL in progress: the processlist state. "Waiting for …" is
/// reset by the waiter itself when it next runs, so right after a release it can lag by a
/// scheduling delay; only DDL and MyISAM scenarios wait this way.
pub(crate) struct InnodbWaits {
    pub(crate) keeper: Arc<Mutex<Conn>>,
}

/// Processlist states of a statement that will not finish promptly by itself.
fn long_state(state: &str) -> bool {
    state.starts_with("Waiting for") || matches!(state, "altering table" | "copy to tmp table")
}

/// Thread ids of transactions waiting for a row lock, from the TRANSACTIONS section.
pub(crate) fn row_lock_waiters(status: &str) -> Vec<u32> {
    let Some(start) = status.find("\nTRANSACTIONS\n") else {
        return Vec::new();
    };
    let section = &status[start..];
    let section = section
        .find("\nFILE I/O\n")
        .map_or(section, |end| &section[..end]);
    section
        .split("---TRANSACTION ")
        .skip(1)
        .filter(|block| block.contains("TRX HAS BEEN WAITING"))
        .filter_map(|block| {
            let at = block.find("thread id ")? + "thread id ".len();
            let digits: String = block[at..]
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            digits.parse().ok()
        })
        .collect()
}

impl WaitSource for InnodbWaits {
    fn blocked(&mut self, ids: &[u32]) -> Result<Vec<u32>, String> {
        let mut conn = self.keeper.lock().unwrap_or_else(PoisonError::into_inner);
        let status: Option<(String, String, String)> = conn
            .query_first("SHOW ENGINE INNODB STATUS")
            .map_err(|e| e.to_string())?;
        let mut blocked = status
            .map(|(_, _, s)| row_lock_waiters(&s))
            .unwrap_or_default();
        let states: Vec<(u64, Option<String>)> = conn
            .query("SELECT id, state FROM information_schema.processlist WHERE command IN ('Query', 'Execute')")
            .map_err(|e| e.to_string())?;
        for (id, state) in states {
            if let (Ok(id), Some(state)) = (u32::try_from(id), state)
                && long_state(&state)
            {
                blocked.push(id);
            }
        }
        blocked.retain(|id| ids.contains(id));
        Ok(blocked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_row_lock_waiters_in_innodb_status() {
        let status = "\
------------------------
LATEST DETECTED DEADLOCK
------------------------
*** (1) TRANSACTION:
TRANSACTION 70, ACTIVE 1 sec starting index read
MariaDB thread id 9, OS thread handle 1, query id 5 127.0.0.1 root Updating
*** WAITING FOR THIS LOCK TO BE GRANTED:
------------
TRANSACTIONS
------------
Trx id counter 86
---TRANSACTION 85, ACTIVE 1 sec starting index read
LOCK WAIT 2 lock struct(s), heap size 1128, 1 row lock(s)
MariaDB thread id 28, OS thread handle 1, query id 82 127.0.0.1 root Updating
update lw set v=3 where id=1
------- TRX HAS BEEN WAITING 504976 us FOR THIS LOCK TO BE GRANTED:
---TRANSACTION 84, ACTIVE 1 sec
MariaDB thread id 27, OS thread handle 1, query id 80 127.0.0.1 root User sleep
--------
FILE I/O
--------
";
        assert_eq!(row_lock_waiters(status), vec![28]);
        assert!(long_state("Waiting for table metadata lock"));
        assert!(!long_state("Updating"));
    }
}
