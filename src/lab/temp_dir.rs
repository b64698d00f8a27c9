//! A private temporary directory removed on Drop — also when a run fails or panics, because
//! unwinding drops it. Written here rather than pulling in a dependency for ~30 lines.
//!
//! `kill -9` skips Drop, so each directory also says whether its run is alive: its name
//! carries the pid (`sqldrill-lab-<pid>-…`) and the run holds an exclusive lock on its
//! `.lock` file while the directory exists (the OS drops the lock when the process dies). The
//! first directory a run makes sweeps away those of dead runs ([`sweep`]).

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

static COUNTER: AtomicU64 = AtomicU64::new(0);

const PREFIX: &str = "sqldrill-lab";
const LOCK: &str = ".lock";
/// An unlocked directory this old is a leftover even when its pid was reused.
const STALE_AFTER: Duration = Duration::from_secs(120);

/// A name unique within this machine for this run: pid, counter, clock.
pub(crate) fn unique_name(prefix: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{prefix}-{}-{n}-{nanos}", std::process::id())
}

#[derive(Debug)]
pub(crate) struct TempDir {
    path: PathBuf,
    /// Held while the directory exists; `None` where the file system has no locks.
    _lock: Option<fs::File>,
}

impl TempDir {
    pub(crate) fn new() -> std::io::Result<TempDir> {
        let base = std::env::temp_dir();
        static SWEPT: std::sync::Once = std::sync::Once::new();
        SWEPT.call_once(|| sweep(&base));
        loop {
            let path = base.join(unique_name(PREFIX));
            match fs::create_dir(&path) {
                Ok(()) => {
                    let lock = fs::File::create(path.join(LOCK))
                        .ok()
                        .filter(|f| f.lock().is_ok());
                    crate::engine::hard_stop::remove_on_stop(&path);
                    return Ok(TempDir { path, _lock: lock });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
        crate::engine::hard_stop::keep_on_stop(&self.path);
    }
}

/// Removes lab directories in `base` left by killed runs: those whose lock is free (or that
/// have none: killed before taking it, or made by an older sqldrill) and whose pid is dead or
/// that are older than [`STALE_AFTER`]. A live run's directory always has its lock taken, or is
/// younger than that and has a live pid, so it is never touched.
pub(crate) fn sweep(base: &Path) {
    let Ok(entries) = fs::read_dir(base) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(PREFIX).and_then(|r| r.strip_prefix('-')) else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        let path = e.path();
        // Not followed: a symlink with our prefix is not ours to clean.
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() && pid != Some(std::process::id()) && is_stale(&path, pid, &meta) {
            let _ = fs::remove_dir_all(&path);
        }
    }
}

fn is_stale(dir: &Path, pid: Option<u32>, meta: &fs::Metadata) -> bool {
    // Holding the lock (until this returns) proves no live run owns the directory.
    let lock = fs::File::open(dir.join(LOCK));
    if let Ok(f) = &lock
        && f.try_lock().is_err()
    {
        return false;
    }
    let old = meta
        .modified()
        .ok()
        .and_then(|m| m.elapsed().ok())
        .is_some_and(|age| age > STALE_AFTER);
    old || pid.is_some_and(is_dead)
}

/// True only when the process is known to be gone (Linux's /proc; elsewhere only age counts).
fn is_dead(pid: u32) -> bool {
    Path::new("/proc/self").exists() && !Path::new(&format!("/proc/{pid}")).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    #[test]
    fn a_live_directory_is_locked_and_removed_on_drop() {
        let dir = TempDir::new().unwrap();
        let path = dir.path().to_path_buf();
        let lock = fs::File::open(path.join(LOCK)).unwrap();
        assert!(lock.try_lock().is_err(), "held by its run");
        drop(dir);
        assert!(!path.exists());
    }

    #[test]
    fn sweep_removes_dead_runs_and_keeps_live_ones() {
        let base = tempfile::tempdir().unwrap();
        let make = |name: &str| {
            let p = base.path().join(name);
            fs::create_dir(&p).unwrap();
            fs::write(p.join("lab.db"), "x").unwrap();
            p
        };
        let dead = make(&format!("{PREFIX}-{}-0-1", dead_pid()));
        fs::write(dead.join(LOCK), "").unwrap();
        // Alive: another process's pid whose lock is held (here, by this test).
        let live = make(&format!("{PREFIX}-1-0-2"));
        let held = fs::File::create(live.join(LOCK)).unwrap();
        held.lock().unwrap();
        // A live pid without a lock, but young: maybe a run about to take it.
        let young = make(&format!("{PREFIX}-1-0-3"));
        let unrelated = make("sqldrill-other-1");
        sweep(base.path());
        assert!(!dead.exists());
        assert!(live.exists() && young.exists() && unrelated.exists());
        // Old and unlocked: a leftover even though pid 1 is alive.
        let old = SystemTime::now() - Duration::from_secs(600);
        fs::File::open(&young).unwrap().set_modified(old).unwrap();
        fs::File::open(&live).unwrap().set_modified(old).unwrap();
        sweep(base.path());
        assert!(!young.exists());
        assert!(live.exists(), "a held lock always wins");
    }
}
