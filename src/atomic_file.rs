//! Replacing a state file whole and atomically, as rustlings does: a temporary file beside the
//! real one, fsync, rename. Writers hold an exclusive lock on `<file>.lock` around their whole
//! read-modify-write ([`WriteLock`]), so concurrent processes never lose each other's changes.
//! A symlink is followed ([`resolve`]): its target is replaced and the link stays. The
//! temporary file is removed on any error, and ones left by a killed process are swept by the
//! next writer ([`sweep`]).

use std::ffi::OsString;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Symlinks followed before giving up (Linux's own limit).
const MAX_LINKS: usize = 40;

/// The file a write to `path` must replace: `path` itself, or the end of its chain of symlinks
/// (which need not exist yet).
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = fs::read_link(&current)?;
                // A relative target is relative to the link's directory; `join` keeps an
                // absolute one as it is.
                current = match current.parent() {
                    Some(dir) => dir.join(target),
                    None => target,
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// `path` with `suffix` added to its file name.
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().map(OsString::from).unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}

/// The prefix of `target`'s temporary files; the writer's pid follows.
fn temp_prefix(target: &Path) -> PathBuf {
    with_suffix(target, ".tmp-")
}

/// An exclusive lock on `<target>.lock`, held until dropped (the OS releases it when the
/// process dies, so a kill never leaves it taken). A separate file, because the target itself
/// is replaced by every write.
pub struct WriteLock {
    _file: fs::File,
}

impl WriteLock {
    /// Waits for the lock; returns the lock file's path with any error. The directory must
    /// exist. A file system without locks (`Unsupported`) is used unlocked rather than not at
    /// all.
    pub fn acquire(target: &Path) -> Result<WriteLock, (PathBuf, io::Error)> {
        let path = with_suffix(target, ".lock");
        let file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| (path.clone(), e))?;
        match file.lock() {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::Unsupported => {}
            Err(e) => return Err((path, e)),
        }
        Ok(WriteLock { _file: file })
    }
}

/// Replaces `target` (already [`resolve`]d) with `bytes`; the caller holds its [`WriteLock`].
/// The new file keeps the old one's permissions. On any error the temporary file is removed
/// and `target` is as it was.
pub fn replace(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut tmp = temp_prefix(target).into_os_string();
    tmp.push(std::process::id().to_string());
    let tmp = PathBuf::from(tmp);
    let result = write_then_rename(&tmp, target, bytes);
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

fn write_then_rename(tmp: &Path, target: &Path, bytes: &[u8]) -> io::Result<()> {
    // Under the lock a file of this name is a leftover of a dead process with our pid.
    let _ = fs::remove_file(tmp);
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(tmp)?;
    if let Ok(m) = fs::metadata(target) {
        let _ = f.set_permissions(m.permissions());
    }
    f.write_all(bytes)?;
    f.sync_all()?;
    drop(f);
    fs::rename(tmp, target)?;
    // Makes the rename itself durable; best effort, as not every platform opens directories.
    if let Some(dir) = target.parent()
        && let Ok(d) = fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Removes `target`'s temporary files left by killed processes (or a full disk). Call it while
/// holding the [`WriteLock`]: every writer creates and removes its temporary file under that
/// lock, so any one found then belongs to no live writer, whatever its pid or age.
pub fn sweep(target: &Path) {
    let prefix = temp_prefix(target);
    let (Some(dir), Some(prefix)) = (target.parent(), prefix.file_name()) else {
        return;
    };
    let prefix = prefix.to_string_lossy().into_owned();
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let is_file = e.file_type().is_ok_and(|t| t.is_file());
        if is_file
            && let Some(pid) = name.strip_prefix(&prefix)
            && !pid.is_empty()
            && pid.bytes().all(|b| b.is_ascii_digit())
        {
            let _ = fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The directory's entries, sorted; also used by the progress file's tests.
    pub(crate) fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_failed_write_removes_its_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        // A non-empty directory where the file should be: the rename fails.
        let target = dir.path().join("state.json");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("inside"), "x").unwrap();
        assert!(replace(&target, b"{}").is_err());
        assert_eq!(names(dir.path()), vec!["state.json"]);
        assert_eq!(fs::read(target.join("inside")).unwrap(), b"x");
    }

    #[test]
    fn sweep_removes_only_temporary_files_of_the_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("state.json");
        for name in [
            "state.json",
            "state.json.tmp-12345",
            "state.json.tmp-1",
            "state.json.tmp-notes",
            "other.json.tmp-12345",
        ] {
            fs::write(dir.path().join(name), "x").unwrap();
        }
        sweep(&target);
        assert_eq!(
            names(dir.path()),
            vec!["other.json.tmp-12345", "state.json", "state.json.tmp-notes"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn writes_through_a_symlink_keep_the_link() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("real")).unwrap();
        let link = dir.path().join("state.json");
        std::os::unix::fs::symlink("real/state.json", &link).unwrap();
        let target = resolve(&link).unwrap();
        assert_eq!(target, dir.path().join("real/state.json"));
        replace(&target, b"1").unwrap();
        replace(&target, b"2").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&link).unwrap(), b"2");
        assert_eq!(names(&dir.path().join("real")), vec!["state.json"]);
    }

    #[test]
    fn the_lock_excludes_other_writers_until_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("state.json");
        let held = WriteLock::acquire(&target).unwrap();
        let other = fs::File::open(with_suffix(&target, ".lock")).unwrap();
        assert!(other.try_lock().is_err());
        drop(held);
        assert!(other.try_lock().is_ok());
    }
}
