//! Where sqldrill keeps state: `SQLDRILL_HOME`, else the platform data directory.

use std::path::PathBuf;

pub fn dir() -> PathBuf {
    if let Some(h) = std::env::var_os("SQLDRILL_HOME").filter(|h| !h.is_empty()) {
        return PathBuf::from(h);
    }
    if let Some(x) = std::env::var_os("XDG_DATA_HOME").filter(|h| !h.is_empty()) {
        return PathBuf::from(x).join("sqldrill");
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."));
    if cfg!(target_os = "macos") {
        home.join("Library/Application Support/sqldrill")
    } else {
        home.join(".local/share/sqldrill")
    }
}
