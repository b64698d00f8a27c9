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

fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) -> Result<(), CatalogError> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(root, &path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("sql" | "toml")
        ) {
            let bytes =
                fs::read(&path).map_err(|e| CatalogError::Io(path.clone(), e.to_string()))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| CatalogError::Invalid(path.clone(), "not UTF-8".into()))?;
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, text));
        }
    }
    Ok(())
}
