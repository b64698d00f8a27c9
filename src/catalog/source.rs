//! Where catalog files come from: the copy embedded at build time, or an author's directory.
//! Both are read into the same list of `(relative path, text)` pairs.

use super::error::CatalogError;
use std::fs;
use std::path::{Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_files.rs"));
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Builtin,
    Dir(PathBuf),
}

pub struct Files {
    pub origin: Origin,
    pub files: Vec<(String, String)>,
}

impl Files {
    pub fn builtin() -> Files {
        Files {
            origin: Origin::Builtin,
            files: embedded::FILES
                .iter()
                .map(|(p, t)| (p.to_string(), t.to_string()))
                .collect(),
        }
    }

    pub fn dir(root: &Path) -> Result<Files, CatalogError> {
        if !root.is_dir() {
            return Err(CatalogError::NotADirectory(root.to_path_buf()));
        }
        let mut files = Vec::new();
        for sub in ["fixtures", "exercises", "scenarios"] {
            walk(root, &root.join(sub), &mut files)?;
        }
        files.sort();
        let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        Ok(Files {
            origin: Origin::Dir(root),
            files,
        })
    }
}

/// Largest catalog file read (fixtures generate large data in SQL, so real ones are small).
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Deepest folder nesting walked (the layout needs three levels).
const MAX_DEPTH: usize = 8;

fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) -> Result<(), CatalogError> {
    walk_at(root, dir, 0, out)
}

/// Collects `*.sql` and `*.toml` files under `dir`. The directory is the user's and may be
/// hostile: symbolic links to directories are not followed (a link loop would make the walk
/// endless or exponential), and only regular files are read (a link to a FIFO or a device
/// would block or never end), none over [`MAX_FILE_BYTES`].
fn walk_at(
    root: &Path,
    dir: &Path,
    depth: usize,
    out: &mut Vec<(String, String)>,
) -> Result<(), CatalogError> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        // `file_type` describes the entry itself, never a link's target.
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if depth < MAX_DEPTH {
                walk_at(root, &path, depth + 1, out)?;
            }
            continue;
        }
        if !matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("sql" | "toml")
        ) {
            continue;
        }
        // A link to a file is read as that file; to anything else it is skipped.
        let Ok(meta) = fs::metadata(&path) else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(CatalogError::Invalid(
                path.clone(),
                format!("larger than {MAX_FILE_BYTES} bytes"),
            ));
        }
        let bytes = fs::read(&path).map_err(|e| CatalogError::Io(path.clone(), e.to_string()))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| CatalogError::Invalid(path.clone(), "not UTF-8".into()))?;
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        out.push((rel, text));
    }
    Ok(())
}
