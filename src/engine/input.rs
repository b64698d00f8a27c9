//! Checks on learner SQL before anything runs: size, NUL bytes, emptiness and statement
//! count.

use super::error::EngineError;
use super::sandbox::Caps;
use super::split::{Piece, statements};

/// Checks any learner text (SQL, or a lab answer): under the size cap, and no NUL byte,
/// which SQLite (and every C string) would take as the end of the text, silently running
/// only what comes before it.
pub fn text(sql: &str, caps: &Caps) -> Result<(), EngineError> {
    if sql.len() > caps.max_sql_bytes {
        return Err(EngineError::TooLong {
            bytes: sql.len(),
            cap: caps.max_sql_bytes,
        });
    }
    match sql.find('\0') {
        Some(offset) => Err(EngineError::Nul { offset }),
        None => Ok(()),
    }
}

/// All statements of a script; at least one.
pub fn script<'a>(sql: &'a str, caps: &Caps) -> Result<Vec<Piece<'a>>, EngineError> {
    text(sql, caps)?;
    let pieces = statements(sql);
    if pieces.is_empty() {
        return Err(EngineError::Empty);
    }
    Ok(pieces)
}

/// Exactly one statement.
pub fn single<'a>(sql: &'a str, caps: &Caps) -> Result<Piece<'a>, EngineError> {
    let mut pieces = script(sql, caps)?;
    if pieces.len() > 1 {
        return Err(EngineError::Several {
            count: pieces.len(),
        });
    }
    Ok(pieces.remove(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_comment_only_are_rejected() {
        let caps = Caps::default();
        assert_eq!(single("  ", &caps), Err(EngineError::Empty));
        assert_eq!(single("-- just a note\n", &caps), Err(EngineError::Empty));
    }

    #[test]
    fn several_statements_are_rejected() {
        let caps = Caps::default();
        assert_eq!(
            single("SELECT 1; SELECT 2;", &caps),
            Err(EngineError::Several { count: 2 })
        );
        assert!(single("SELECT 1; -- trailing comment", &caps).is_ok());
    }

    #[test]
    fn a_nul_byte_is_refused_not_cut() {
        let caps = Caps::default();
        assert_eq!(
            single("SELECT 1\0; DROP TABLE t", &caps),
            Err(EngineError::Nul { offset: 8 })
        );
        assert_eq!(text("SELECT 1", &caps), Ok(()));
    }

    #[test]
    fn oversized_sql_is_rejected() {
        let caps = Caps {
            max_sql_bytes: 10,
            ..Caps::default()
        };
        assert!(matches!(
            single("SELECT 1234567890", &caps),
            Err(EngineError::TooLong { .. })
        ));
    }
}
