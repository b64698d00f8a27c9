//! The progress file (`$SQLDRILL_HOME/progress.json`): solved exercises with their answers,
//! hints shown, solutions revealed.
//!
//! - Readers take a snapshot ([`Progress::load`]); writers express a change
//!   ([`Progress::change`]) that is applied to the file as it is on disk, under an exclusive
//!   lock, and written whole and atomically (see `atomic_file`). Concurrent processes thus
//!   never lose each other's passes.
//! - Only a missing file starts fresh. A file that cannot be read (permissions, a directory in
//!   its place ...) is an error and is left untouched; one that cannot be parsed is moved aside
//!   to a backup of its own and reported, never silently overwritten.
//! - A symlinked file stays a symlink: its target is rewritten.

use crate::atomic_file::{self, WriteLock};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Entry {
    #[serde(default)]
    pub solved: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solved_at: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    #[serde(default)]
    pub hints_shown: usize,
    #[serde(default)]
    pub revealed: bool,
    #[serde(default)]
    pub attempts: u32,
}

impl Entry {
    /// One more attempt, and on a pass the exercise solved with this answer.
    pub fn record_attempt(&mut self, passed: bool, answer: &str) {
        self.attempts += 1;
        if passed {
            self.solved = true;
            self.solved_at = Some(now());
            self.answer = Some(answer.to_string());
        }
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct File {
    version: u32,
    /// Catalog key → exercise id → entry.
    catalogs: BTreeMap<String, BTreeMap<String, Entry>>,
}

/// A snapshot of one catalog's progress.
pub struct Progress {
    catalog: String,
    file: File,
}

/// A progress file that could not be parsed and was moved aside.
#[derive(Debug, Clone, PartialEq)]
pub struct Corrupt {
    pub path: PathBuf,
    pub backup: PathBuf,
    pub error: String,
}

/// The progress file (or its lock, or its directory) could not be read or written.
#[derive(Debug)]
pub struct StateError {
    pub path: PathBuf,
    pub error: io::Error,
}

fn at(path: &Path) -> impl Fn(io::Error) -> StateError + '_ {
    move |error| StateError {
        path: path.to_path_buf(),
        error,
    }
}

enum ReadError {
    Io(io::Error),
    Parse(serde_json::Error),
}

/// Reads the file: missing is empty; anything else that stops the read is an error.
fn read(path: &Path) -> Result<File, ReadError> {
    match fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(ReadError::Parse),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(File::default()),
        Err(e) => Err(ReadError::Io(e)),
    }
}

impl Progress {
    pub fn path_in(home: &Path) -> PathBuf {
        home.join("progress.json")
    }

    /// A snapshot of `catalog`'s progress. A file that cannot be parsed is moved aside
    /// (under the writers' lock, see [`Progress::change`]) and reported.
    pub fn load(home: &Path, catalog: &str) -> Result<(Progress, Option<Corrupt>), StateError> {
        let path = Progress::path_in(home);
        let (file, corrupt) = match read(&path) {
            Ok(file) => (file, None),
            Err(ReadError::Io(e)) => return Err(at(&path)(e)),
            Err(ReadError::Parse(_)) => transact(home, |file| (false, file.clone()))?,
        };
        let catalog = catalog.to_string();
        Ok((Progress { catalog, file }, corrupt))
    }

    /// No progress at all, for when the file cannot be read.
    pub fn empty(catalog: &str) -> Progress {
        Progress {
            catalog: catalog.to_string(),
            file: File::default(),
        }
    }

    pub fn get(&self, id: &str) -> Entry {
        self.file
            .catalogs
            .get(&self.catalog)
            .and_then(|c| c.get(id))
            .cloned()
            .unwrap_or_default()
    }

    /// Applies `change` to exercise `id`'s entry as it is on disk now, and writes the file:
    /// the whole read-modify-write holds the exclusive lock. Returns the entry as written.
    pub fn change(
        home: &Path,
        catalog: &str,
        id: &str,
        change: impl FnOnce(&mut Entry),
    ) -> Result<(Entry, Option<Corrupt>), StateError> {
        transact(home, |file| {
            let entry = file
                .catalogs
                .entry(catalog.to_string())
                .or_default()
                .entry(id.to_string())
                .or_default();
            change(entry);
            (true, entry.clone())
        })
    }
}

/// Under the lock: sweeps leftovers, reads the file (moving an unparseable one aside), runs
/// `f`, and writes the file when `f` asks to.
fn transact<T>(
    home: &Path,
    f: impl FnOnce(&mut File) -> (bool, T),
) -> Result<(T, Option<Corrupt>), StateError> {
    let path = Progress::path_in(home);
    let target = atomic_file::resolve(&path).map_err(at(&path))?;
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(at(dir))?;
    }
    let _lock = WriteLock::acquire(&target).map_err(|(path, error)| StateError { path, error })?;
    atomic_file::sweep(&target);
    let (mut file, corrupt) = match read(&target) {
        Ok(file) => (file, None),
        Err(ReadError::Io(e)) => return Err(at(&target)(e)),
        Err(ReadError::Parse(e)) => {
            let backup = set_aside(&target).map_err(at(&target))?;
            let corrupt = Corrupt {
                path: path.clone(),
                backup,
                error: e.to_string(),
            };
            (File::default(), Some(corrupt))
        }
    };
    let (write, value) = f(&mut file);
    if write {
        file.version = 1;
        let json = serde_json::to_vec_pretty(&file).map_err(|e| at(&target)(e.into()))?;
        atomic_file::replace(&target, &json).map_err(at(&target))?;
    }
    Ok((value, corrupt))
}

/// Moves an unparseable file to `<name>.corrupt-<seconds>-<pid>-<n>`, a name no other backup
/// has: a hard link is created only where nothing exists (so an earlier backup is never
/// overwritten, even two in one second), then the original is removed. Where hard links are
/// not supported, the bytes are copied into a file created the same no-clobber way.
fn set_aside(target: &Path) -> io::Result<PathBuf> {
    let stem = format!(".corrupt-{}-{}", now(), std::process::id());
    for n in 0..10_000u32 {
        let backup = atomic_file::with_suffix(target, &format!("{stem}-{n}"));
        match fs::hard_link(target, &backup) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(_) => copy_no_clobber(target, &backup)?,
        }
        fs::remove_file(target)?;
        return Ok(backup);
    }
    Err(io::Error::other("no free backup name"))
}

fn copy_no_clobber(from: &Path, to: &Path) -> io::Result<()> {
    let bytes = fs::read(from)?;
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(to)?;
    io::Write::write_all(&mut f, &bytes)?;
    f.sync_all()
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::atomic_file::tests::names;

    fn pass(home: &Path, catalog: &str, id: &str) -> Entry {
        Progress::change(home, catalog, id, |e| e.record_attempt(true, "SELECT 1"))
            .unwrap()
            .0
    }

    #[test]
    fn round_trips_and_keeps_catalogs_apart() {
        let dir = tempfile::tempdir().unwrap();
        let (p, c) = Progress::load(dir.path(), "builtin").unwrap();
        assert!(c.is_none());
        assert!(!p.get("exercise-05").solved);
        assert!(pass(dir.path(), "builtin", "exercise-05").solved);
        let (p2, _) = Progress::load(dir.path(), "builtin").unwrap();
        assert!(p2.get("exercise-05").solved);
        let (other, _) = Progress::load(dir.path(), "/my/catalog").unwrap();
        assert!(!other.get("exercise-05").solved);
    }

    #[test]
    fn concurrent_changes_are_all_kept() {
        let dir = tempfile::tempdir().unwrap();
        let threads: Vec<_> = (0..8)
            .map(|t| {
                let home = dir.path().to_path_buf();
                std::thread::spawn(move || {
                    for _ in 0..25 {
                        Progress::change(&home, "c", "shared", |e| e.attempts += 1).unwrap();
                        let own = format!("exercise-{t}");
                        Progress::change(&home, "c", &own, |e| e.attempts += 1).unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let (p, _) = Progress::load(dir.path(), "c").unwrap();
        assert_eq!(p.get("shared").attempts, 200);
        for t in 0..8 {
            assert_eq!(p.get(&format!("exercise-{t}")).attempts, 25);
        }
    }

    #[test]
    fn corrupt_file_is_backed_up_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = Progress::path_in(dir.path());
        fs::write(&path, b"{ not json").unwrap();
        let (_, corrupt) = Progress::load(dir.path(), "builtin").unwrap();
        let corrupt = corrupt.expect("reported");
        assert_eq!(fs::read(&corrupt.backup).unwrap(), b"{ not json");
        pass(dir.path(), "builtin", "exercise-01");
        assert_eq!(fs::read(&corrupt.backup).unwrap(), b"{ not json");
    }

    #[test]
    fn two_corruptions_in_one_second_keep_both_backups() {
        let dir = tempfile::tempdir().unwrap();
        let path = Progress::path_in(dir.path());
        let mut backups = Vec::new();
        for text in ["{ first", "{ second", "{ third"] {
            fs::write(&path, text).unwrap();
            let (_, c) = Progress::change(dir.path(), "c", "x", |e| e.attempts += 1).unwrap();
            backups.push(c.expect("reported").backup);
        }
        let texts: Vec<String> = backups
            .iter()
            .map(|b| fs::read_to_string(b).unwrap())
            .collect();
        assert_eq!(texts, ["{ first", "{ second", "{ third"]);
    }

    #[test]
    fn an_unreadable_file_is_an_error_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = Progress::path_in(dir.path());
        fs::create_dir(&path).unwrap();
        fs::write(path.join("keep"), "x").unwrap();
        let e = Progress::load(dir.path(), "c").err().expect("an error");
        assert_eq!(e.path, path);
        let e = Progress::change(dir.path(), "c", "x", |e| e.attempts += 1).expect_err("an error");
        assert_eq!(e.path, path);
        assert_eq!(fs::read(path.join("keep")).unwrap(), b"x");
        assert_eq!(
            names(dir.path()),
            vec!["progress.json", "progress.json.lock"]
        );
    }

    #[test]
    fn changes_leave_no_temp_files_and_sweep_old_ones() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join("progress.json.tmp-4194999");
        fs::write(&stale, "half a file").unwrap();
        pass(dir.path(), "builtin", "exercise-01");
        assert_eq!(
            names(dir.path()),
            vec!["progress.json", "progress.json.lock"]
        );
    }

    #[test]
    fn a_missing_home_reads_as_empty_and_creates_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("not-yet");
        let (p, c) = Progress::load(&home, "c").unwrap();
        assert!(c.is_none() && !p.get("x").solved);
        assert!(!home.exists());
    }
}
