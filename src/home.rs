//! Where sqldrill keeps state: `SQLDRILL_HOME`, else the platform data directory under
//! `XDG_DATA_HOME` or `HOME`. With none of them set there is no home: commands that keep
//! state fail with a clear error (exit 3) rather than writing into the current directory.

use std::path::PathBuf;

pub fn dir() -> Option<PathBuf> {
    let var = |name| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(h) = var("SQLDRILL_HOME") {
        return Some(PathBuf::from(h));
    }
    if let Some(x) = var("XDG_DATA_HOME") {
        return Some(PathBuf::from(x).join("sqldrill"));
    }
    let home = PathBuf::from(var("HOME")?);
    Some(if cfg!(target_os = "macos") {
        home.join("Library/Application Support/sqldrill")
    } else {
        home.join(".local/share/sqldrill")
    })
}
