//! The four SQL isolation levels, spelled as on the command line.

use std::fmt;

use serde::Serialize;

use super::error::LabError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    ReadUncommitted,
    ReadCommitted,
    RepeatableRead,
    Serializable,
}

impl Level {
    /// Weakest first, so "the next weaker level" is the previous entry.
    pub const ALL: [Level; 4] = [
        Level::ReadUncommitted,
        Level::ReadCommitted,
        Level::RepeatableRead,
        Level::Serializable,
    ];

    /// Accepts `read-committed`, `read committed`, `READ_COMMITTED` and the short forms `rc` etc.
    pub fn parse(s: &str) -> Option<Level> {
        let norm: String = s
            .trim()
            .chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .collect::<String>()
            .to_ascii_lowercase();
        match norm.as_str() {
            "readuncommitted" | "ru" => Some(Level::ReadUncommitted),
            "readcommitted" | "rc" => Some(Level::ReadCommitted),
            "repeatableread" | "rr" => Some(Level::RepeatableRead),
            "serializable" | "s" | "ser" => Some(Level::Serializable),
            _ => None,
        }
    }

    /// `all` expands to every level; anything else must name one.
    pub fn parse_many(s: &str) -> Result<Vec<Level>, LabError> {
        if s.trim().eq_ignore_ascii_case("all") {
            return Ok(Level::ALL.to_vec());
        }
        Level::parse(s)
            .map(|l| vec![l])
            .ok_or_else(|| LabError::UnknownLevel(s.to_string()))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::ReadUncommitted => "read-uncommitted",
            Level::ReadCommitted => "read-committed",
            Level::RepeatableRead => "repeatable-read",
            Level::Serializable => "serializable",
        }
    }

    /// The next weaker level, if any.
    pub fn weaker(self) -> Option<Level> {
        let i = Level::ALL.iter().position(|l| *l == self)?;
        i.checked_sub(1).map(|j| Level::ALL[j])
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
