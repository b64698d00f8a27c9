//! REPL history in `$SQLDRILL_HOME/history.jsonl`: one JSON string per line, so an entry
//! that spans several lines stays one entry. Rewritten whole and atomically (temp file,
//! fsync, rename) after every entry, so neither a kill nor a panic leaves half a file; a line
//! that cannot be read is skipped rather than losing the rest.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Entries kept; the oldest go first.
pub const MAX_ENTRIES: usize = 1000;

pub struct History {
    path: PathBuf,
    entries: Vec<String>,
}

impl History {
    pub fn path_in(home: &Path) -> PathBuf {
        home.join("history.jsonl")
    }

    /// Loads the history kept under `home`; a missing file is an empty history.
    pub fn load(home: &Path) -> History {
        let path = History::path_in(home);
        let entries = fs::read_to_string(&path)
            .map(|text| {
                text.lines()
                    .filter_map(|l| serde_json::from_str::<String>(l).ok())
                    .collect()
            })
            .unwrap_or_default();
        let mut h = History { path, entries };
        h.trim();
        h
    }

    pub fn entries(&self) -> &[String] {
        &self.entries
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Adds an entry unless it is blank or repeats the previous one; true when added.
    pub fn add(&mut self, entry: &str) -> bool {
        let entry = entry.trim_end();
        if entry.trim().is_empty() || self.entries.last().is_some_and(|l| l == entry) {
            return false;
        }
        self.entries.push(entry.to_string());
        self.trim();
        true
    }

    fn trim(&mut self) {
        let excess = self.entries.len().saturating_sub(MAX_ENTRIES);
        self.entries.drain(..excess);
    }

    /// Writes the whole file atomically.
    pub fn save(&self) -> io::Result<()> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir)?;
        let mut text = String::new();
        for e in &self.entries {
            text.push_str(&serde_json::to_string(e).map_err(io::Error::other)?);
            text.push('\n');
        }
        let mut tmp = tempfile::Builder::new()
            .prefix(".history.jsonl.tmp")
            .tempfile_in(dir)?;
        tmp.write_all(text.as_bytes())?;
        tmp.as_file().sync_all()?;
        tmp.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_line_entries_round_trip_whole() {
        let dir = tempfile::tempdir().unwrap();
        let mut h = History::load(dir.path());
        assert!(h.entries().is_empty());
        assert!(h.add("SELECT name\nFROM student\nWHERE id = 1;"));
        assert!(h.add(".tables"));
        h.save().unwrap();
        let again = History::load(dir.path());
        assert_eq!(
            again.entries(),
            &["SELECT name\nFROM student\nWHERE id = 1;", ".tables"]
        );
    }

    #[test]
    fn blanks_and_repeats_are_not_added() {
        let dir = tempfile::tempdir().unwrap();
        let mut h = History::load(dir.path());
        assert!(h.add("SELECT 1;"));
        assert!(!h.add("SELECT 1;\n"));
        assert!(!h.add("   "));
        assert!(h.add("SELECT 2;"));
        assert!(h.add("SELECT 1;"));
        assert_eq!(h.entries().len(), 3);
    }

    #[test]
    fn save_is_atomic_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let mut h = History::load(dir.path());
        h.add("SELECT 1;");
        h.save().unwrap();
        h.add("SELECT 2;");
        h.save().unwrap();
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("history.jsonl")]);
    }

    #[test]
    fn unreadable_lines_are_skipped_and_the_size_is_capped() {
        let dir = tempfile::tempdir().unwrap();
        let mut text = String::from("not json\n\"kept\"\n{\"x\":1}\n");
        for i in 0..MAX_ENTRIES + 5 {
            text.push_str(&format!("\"SELECT {i};\"\n"));
        }
        fs::write(History::path_in(dir.path()), text).unwrap();
        let h = History::load(dir.path());
        assert_eq!(h.entries().len(), MAX_ENTRIES);
        assert_eq!(
            h.entries().last().unwrap(),
            &format!("SELECT {};", MAX_ENTRIES + 4)
        );
        assert!(!h.entries().iter().any(|e| e == "kept"));
    }
}
