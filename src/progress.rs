//! The progress file (`$SQLDRILL_HOME/progress.json`): solved exercises with their answers,
//! hints shown, solutions revealed. Rewritten whole and atomically (temp file, fsync,
//! rename), so a crash or Ctrl-C never leaves half a file. A file that cannot be read is
//! kept aside and reported, never silently overwritten.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
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

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    version: u32,
    /// Catalog key → exercise id → entry.
    catalogs: BTreeMap<String, BTreeMap<String, Entry>>,
}

pub struct Progress {
    path: PathBuf,
    catalog: String,
    file: File,
}

/// A progress file that could not be read and was moved aside.
#[derive(Debug, Clone, PartialEq)]
pub struct Corrupt {
    pub path: PathBuf,
    pub backup: PathBuf,
    pub error: String,
}

impl Progress {
    pub fn path_in(home: &Path) -> PathBuf {
        home.join("progress.json")
    }

    /// Loads progress for one catalog. A corrupt file is renamed to
    /// `progress.json.corrupt-<seconds>` and reported.
    pub fn load(home: &Path, catalog: &str) -> (Progress, Option<Corrupt>) {
        let path = Progress::path_in(home);
        let mut corrupt = None;
        let file = match fs::read(&path) {
            Err(_) => File::default(),
            Ok(bytes) => match serde_json::from_slice::<File>(&bytes) {
                Ok(f) => f,
                Err(e) => {
                    let backup = path.with_extension(format!("json.corrupt-{}", now()));
                    let _ = fs::rename(&path, &backup);
                    corrupt = Some(Corrupt {
                        path: path.clone(),
                        backup,
                        error: e.to_string(),
                    });
                    File::default()
                }
            },
        };
        (
            Progress {
                path,
                catalog: catalog.to_string(),
                file,
            },
            corrupt,
        )
    }

    pub fn get(&self, id: &str) -> Entry {
        self.file
            .catalogs
            .get(&self.catalog)
            .and_then(|c| c.get(id))
            .cloned()
            .unwrap_or_default()
    }

    pub fn update(&mut self, id: &str, f: impl FnOnce(&mut Entry)) {
        let entry = self
            .file
            .catalogs
            .entry(self.catalog.clone())
            .or_default()
            .entry(id.to_string())
            .or_default();
        f(entry);
    }

    pub fn record_pass(&mut self, id: &str, answer: &str) {
        self.update(id, |e| {
            e.attempts += 1;
            e.solved = true;
            e.solved_at = Some(now());
            e.answer = Some(answer.to_string());
        });
    }

    /// Writes the whole file atomically.
    pub fn save(&mut self) -> std::io::Result<()> {
        self.file.version = 1;
        if let Some(dir) = self.path.parent() {
            fs::create_dir_all(dir)?;
        }
        let tmp = self
            .path
            .with_extension(format!("json.tmp-{}", std::process::id()));
        let json = serde_json::to_vec_pretty(&self.file).map_err(std::io::Error::other)?;
        {
            let mut f = fs::File::create(&tmp)?;
            f.write_all(&json)?;
            f.sync_all()?;
        }
        fs::rename(&tmp, &self.path)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
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

    #[test]
    fn round_trips_and_keeps_catalogs_apart() {
        let dir = tempfile::tempdir().unwrap();
        let (mut p, c) = Progress::load(dir.path(), "builtin");
        assert!(c.is_none());
        p.record_pass("exercise-05", "SELECT 1");
        p.save().unwrap();
        let (p2, _) = Progress::load(dir.path(), "builtin");
        assert!(p2.get("exercise-05").solved);
        let (other, _) = Progress::load(dir.path(), "/my/catalog");
        assert!(!other.get("exercise-05").solved);
    }

    #[test]
    fn corrupt_file_is_backed_up_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = Progress::path_in(dir.path());
        fs::write(&path, b"{ not json").unwrap();
        let (mut p, corrupt) = Progress::load(dir.path(), "builtin");
        let corrupt = corrupt.expect("reported");
        assert_eq!(fs::read(&corrupt.backup).unwrap(), b"{ not json");
        p.record_pass("exercise-01", "x");
        p.save().unwrap();
        assert_eq!(fs::read(&corrupt.backup).unwrap(), b"{ not json");
    }

    #[test]
    fn save_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let (mut p, _) = Progress::load(dir.path(), "builtin");
        p.save().unwrap();
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("progress.json")]);
    }
}
