//! Names of the throwaway databases (MariaDB) and schemas (PostgreSQL) the lab creates on a
//! server: `sqldrill_lab_<unix seconds>_<random u32>`. Identifiers cannot be parameters, so they
//! come from this safe alphabet only (lowercase letters, digits, `_`), and the cleanup of
//! leftovers touches nothing that does not match the exact pattern.
//!
//! A live run holds a lock named after its object (a PostgreSQL advisory lock on the id, a
//! MariaDB `GET_LOCK` on the name) on its keeper connection. The server releases it when that
//! connection ends — also when the process is killed — so a leftover is recognised by: the name
//! matches, it is older than [`STALE_AFTER`], and its lock is free.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub(crate) const PREFIX: &str = "sqldrill_lab_";

/// The sandbox role (PostgreSQL) or user (MariaDB) of a run: `sqldrill_u_<seconds>_<id>`, at
/// most 32 characters, MySQL's limit for user names.
pub(crate) const ROLE_PREFIX: &str = "sqldrill_u_";

/// Leftovers younger than this are kept even when their lock is free (a guard against poolers
/// that do not keep session locks on one connection).
pub(crate) const STALE_AFTER: Duration = Duration::from_secs(120);

/// The first key of PostgreSQL's two-key advisory locks: "SDRL".
pub(crate) const PG_LOCK_CLASS: i32 = 0x5344_524C;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LabName {
    pub name: String,
    pub created: u64,
    pub id: u32,
}

impl LabName {
    /// The second advisory-lock key (the id's bits as an int4).
    pub(crate) fn pg_lock_key(&self) -> i32 {
        i32::from_ne_bytes(self.id.to_ne_bytes())
    }

    /// The name of the run's sandbox role or user.
    pub(crate) fn role(&self) -> String {
        format!("{ROLE_PREFIX}{}_{}", self.created, self.id)
    }

    pub(crate) fn is_stale(&self, now: u64) -> bool {
        now.saturating_sub(self.created) >= STALE_AFTER.as_secs()
    }
}

pub(crate) fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

/// A random id: std's per-process random hash keys, mixed with a counter and the time.
fn random_u32() -> u32 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.write_u128(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    h.write_u32(std::process::id());
    (h.finish() >> 16) as u32
}

pub(crate) fn fresh() -> LabName {
    let created = now_secs();
    let id = random_u32();
    LabName {
        name: format!("{PREFIX}{created}_{id}"),
        created,
        id,
    }
}

/// A sandbox role's name if it is exactly one of ours, as the run it belongs to.
pub(crate) fn parse_role(role: &str) -> Option<LabName> {
    let rest = role.strip_prefix(ROLE_PREFIX)?;
    let run = parse(&format!("{PREFIX}{rest}"))?;
    (run.role() == role).then_some(run)
}

/// The runs that `names` (schemas, databases, roles, users) belong to, once each, keeping
/// only those old enough to be leftovers; names that are not exactly ours are ignored.
pub(crate) fn stale_runs(names: impl IntoIterator<Item = String>) -> Vec<LabName> {
    let now = now_secs();
    let mut runs: Vec<LabName> = Vec::new();
    for name in names {
        if let Some(run) = parse(&name).or_else(|| parse_role(&name))
            && run.is_stale(now)
            && !runs.iter().any(|r| r.name == run.name)
        {
            runs.push(run);
        }
    }
    runs
}

/// A random password for a sandbox role (the server may ask for one even on loopback).
pub(crate) fn password() -> String {
    format!(
        "{:08x}{:08x}{:08x}{:08x}",
        random_u32(),
        random_u32(),
        random_u32(),
        random_u32()
    )
}

/// The name if it is exactly one of ours; anything else is not touched.
pub(crate) fn parse(name: &str) -> Option<LabName> {
    let rest = name.strip_prefix(PREFIX)?;
    let (created, id) = rest.split_once('_')?;
    let digits = |s: &str| !s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(created) || !digits(id) {
        return None;
    }
    let parsed = LabName {
        name: name.to_string(),
        created: created.parse().ok()?,
        id: id.parse().ok()?,
    };
    // Canonical spelling only (no leading zeros), so the name round-trips.
    (format!("{PREFIX}{}_{}", parsed.created, parsed.id) == name).then_some(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_names_parse_and_differ() {
        let a = fresh();
        let b = fresh();
        assert_ne!(a.name, b.name);
        assert_eq!(parse(&a.name), Some(a.clone()));
        assert!(
            a.name
                .bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_')
        );
        assert!(!a.is_stale(now_secs()));
        assert!(a.is_stale(now_secs() + 600));
    }

    #[test]
    fn only_exact_names_are_ours() {
        for other in [
            "test",
            "sqldrill_lab_",
            "sqldrill_lab_12_x",
            "sqldrill_lab_12_34_56",
            "sqldrill_lab_012_34",
            "sqldrill_lab_12_34; drop",
            "SQLDRILL_LAB_12_34",
        ] {
            assert_eq!(parse(other), None, "{other}");
        }
        assert!(parse("sqldrill_lab_1700000000_42").is_some());
    }

    #[test]
    fn role_names_fit_mysql_and_round_trip() {
        let a = LabName {
            name: format!("{PREFIX}{}_{}", u32::MAX, u32::MAX),
            created: u64::from(u32::MAX),
            id: u32::MAX,
        };
        assert!(a.role().len() <= 32, "{}", a.role());
        assert_eq!(parse_role(&a.role()), Some(a));
        for other in ["root", "sqldrill_u_", "sqldrill_u_1_2_3", "sqldrill_u_01_2"] {
            assert_eq!(parse_role(other), None, "{other}");
        }
    }

    #[test]
    fn stale_runs_come_once_from_their_schema_and_role() {
        let names = [
            "sqldrill_lab_1000_7",
            "sqldrill_u_1000_7",
            "sqldrill_u_1001_8",
            format!("sqldrill_lab_{}_9", now_secs()).leak(),
            "sqldrill_lab_1000_07",
            "postgres",
        ];
        let runs = stale_runs(names.iter().map(|n| n.to_string()));
        let ids: Vec<u32> = runs.iter().map(|r| r.id).collect();
        assert_eq!(ids, vec![7, 8]);
    }
}
