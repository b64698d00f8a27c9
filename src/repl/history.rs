//! REPL history in `$SQLDRILL_HOME/history.jsonl`: one JSON string per line, so an entry
//! that spans several lines stays one entry.
//!
//! Append-only and lossless: each entry is appended as one line by one `write` on a file opened
//! with O_APPEND, so two REPLs writing at once interleave whole entries and keep both, and the
//! file is never rewritten, so nothing already in it can be lost. Reading is forgiving: a line
//! that is not a JSON string is skipped (and stays in the file), and invalid UTF-8 is decoded
//! lossily, never costing the rest of the file. Only the newest [`MAX_ENTRIES`] are loaded;
//! the file itself is not trimmed (an entry is a few hundred bytes at most, so years of
//! drilling stay small), because trimming means rewriting, which could lose entries appended
//! meanwhile by another REPL.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Entries loaded; older ones stay in the file.
pub const MAX_ENTRIES: usize = 1000;

pub struct History {
    path: PathBuf,
    entries: Vec<String>,
}

/// One line of the file as an entry: JSON first, then JSON read lossily (a stray invalid byte
/// becomes U+FFFD); `None` for anything else.
fn parse_line(line: &[u8]) -> Option<String> {
    serde_json::from_slice::<String>(line)
        .ok()
        .or_else(|| serde_json::from_str::<String>(&String::from_utf8_lossy(line)).ok())
}

impl History {
    pub fn path_in(home: &Path) -> PathBuf {
        home.join("history.jsonl")
    }

    /// Loads the newest entries kept under `home`; a missing or unreadable file is an empty
    /// history (and is left as it is).
    pub fn load(home: &Path) -> History {
        let path = History::path_in(home);
        let entries = fs::read(&path)
            .map(|bytes| {
                bytes
                    .split(|b| *b == b'\n')
                    .filter_map(parse_line)
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

    /// Adds an entry in memory unless it is blank or repeats the previous one; true when
    /// added (then [`History::append`] it).
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

    /// Appends one entry to the file as one line, in one write.
    pub fn append(&self, entry: &str) -> io::Result<()> {
        let mut line = serde_json::to_string(entry.trim_end()).map_err(io::Error::other)?;
        line.push('\n');
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir)?;
        }
        let mut f = fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(&self.path)?;
        let written = f.write(line.as_bytes())?;
        // Only a nearly full disk writes short; finish the line if at all possible.
        f.write_all(&line.as_bytes()[written..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(h: &mut History, entry: &str) {
        if h.add(entry) {
            h.append(entry).unwrap();
        }
    }

    #[test]
    fn multi_line_entries_round_trip_whole() {
        let dir = tempfile::tempdir().unwrap();
        let mut h = History::load(dir.path());
        assert!(h.entries().is_empty());
        record(&mut h, "SELECT name\nFROM student\nWHERE id = 1;");
        record(&mut h, ".tables");
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
    fn appending_leaves_only_the_history_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut h = History::load(dir.path());
        record(&mut h, "SELECT 1;");
        record(&mut h, "SELECT 2;");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("history.jsonl")]);
    }

    #[test]
    fn an_invalid_utf8_byte_costs_nothing_and_the_file_is_only_appended_to() {
        let dir = tempfile::tempdir().unwrap();
        let path = History::path_in(dir.path());
        let mut bytes = Vec::new();
        for i in 0..250 {
            bytes.extend_from_slice(format!("\"SELECT {i};\"\n").as_bytes());
        }
        bytes.extend_from_slice(b"\"SELECT '\xff';\"\n");
        for i in 250..500 {
            bytes.extend_from_slice(format!("\"SELECT {i};\"\n").as_bytes());
        }
        fs::write(&path, &bytes).unwrap();
        let mut h = History::load(dir.path());
        assert_eq!(h.entries().len(), 501);
        assert_eq!(h.entries()[250], "SELECT '\u{fffd}';");
        record(&mut h, "SELECT 'new';");
        let after = fs::read(&path).unwrap();
        assert_eq!(
            &after[..bytes.len()],
            &bytes[..],
            "old lines kept byte for byte"
        );
        assert_eq!(&after[bytes.len()..], b"\"SELECT 'new';\"\n");
    }

    #[test]
    fn unreadable_lines_are_skipped_but_kept_and_loading_is_capped() {
        let dir = tempfile::tempdir().unwrap();
        let path = History::path_in(dir.path());
        let mut text = String::from("not json\n\"kept\"\n{\"x\":1}\n");
        for i in 0..MAX_ENTRIES + 5 {
            text.push_str(&format!("\"SELECT {i};\"\n"));
        }
        fs::write(&path, &text).unwrap();
        let mut h = History::load(dir.path());
        assert_eq!(h.entries().len(), MAX_ENTRIES);
        assert_eq!(
            h.entries().last().unwrap(),
            &format!("SELECT {};", MAX_ENTRIES + 4)
        );
        record(&mut h, "SELECT 'after';");
        let after = fs::read_to_string(&path).unwrap();
        assert!(after.starts_with(&text), "nothing rewritten or dropped");
        assert!(after.contains("not json\n") && after.contains("{\"x\":1}\n"));
    }

    #[test]
    fn two_sessions_appending_keep_both_entries() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = History::load(dir.path());
        let mut b = History::load(dir.path());
        record(&mut a, "SELECT 'a1';");
        record(&mut b, "SELECT 'b1';");
        record(&mut a, "SELECT 'a2';");
        record(&mut b, "SELECT 'b2';");
        assert_eq!(
            History::load(dir.path()).entries(),
            &[
                "SELECT 'a1';",
                "SELECT 'b1';",
                "SELECT 'a2';",
                "SELECT 'b2';"
            ]
        );
    }

    #[test]
    fn concurrent_appends_interleave_whole_entries() {
        let dir = tempfile::tempdir().unwrap();
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let home = dir.path().to_path_buf();
                std::thread::spawn(move || {
                    let mut h = History::load(&home);
                    for i in 0..100 {
                        record(&mut h, &format!("SELECT {t}, {i}, '{}';", "x".repeat(300)));
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let h = History::load(dir.path());
        assert_eq!(h.entries().len(), 400);
        for t in 0..4 {
            for i in 0..100 {
                let want = format!("SELECT {t}, {i}, '{}';", "x".repeat(300));
                assert!(h.entries().contains(&want), "{t} {i}");
            }
        }
    }
}
