//! Problems with an exercise catalog (a broken author directory, a bad TOML file).

use std::fmt;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq)]
pub enum CatalogError {
    NotADirectory(PathBuf),
    Io(PathBuf, String),
    Invalid(PathBuf, String),
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CatalogError::NotADirectory(p) => write!(f, "{} is not a directory", p.display()),
            CatalogError::Io(p, e) => write!(f, "{}: {e}", p.display()),
            CatalogError::Invalid(p, e) => write!(f, "{}: {e}", p.display()),
        }
    }
}

impl std::error::Error for CatalogError {}
