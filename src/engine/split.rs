//! Splits SQL text into statements the way SQLite does: a `;` ends a statement only where
//! `sqlite3_complete` agrees, so a `;` inside a string, identifier or comment does not.

use std::ffi::CString;

/// One statement of a larger text, with its byte offset in that text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece<'a> {
    pub start: usize,
    pub sql: &'a str,
}

/// True when `sql` ends with a complete statement (SQLite's own tokenizer decides).
pub fn is_complete(sql: &str) -> bool {
    let Ok(c) = CString::new(sql) else {
        return false;
    };
    // SAFETY: `c` is a valid NUL-terminated string for the duration of the call.
    unsafe { rusqlite::ffi::sqlite3_complete(c.as_ptr()) != 0 }
}

/// The statements of `sql`, skipping empty and comment-only pieces. A trailing statement
/// without `;` is kept.
pub fn statements(sql: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, ch) in sql.char_indices() {
        if ch == ';' && is_complete(&sql[start..=i]) {
            push(&mut out, sql, start, i + 1);
            start = i + 1;
        }
    }
    push(&mut out, sql, start, sql.len());
    out
}

fn push<'a>(out: &mut Vec<Piece<'a>>, sql: &'a str, start: usize, end: usize) {
    let text = &sql[start..end];
    if !is_blank(text) {
        let lead = text.len() - text.trim_start().len();
        out.push(Piece {
            start: start + lead,
            sql: text.trim(),
        });
    }
}

/// True when `sql` holds only whitespace, comments and semicolons.
pub fn is_blank(sql: &str) -> bool {
    let b = sql.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            c if c.is_ascii_whitespace() || c == b';' => i += 1,
            b'-' if b.get(i + 1) == Some(&b'-') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < b.len() && !(b[i] == b'*' && b.get(i + 1) == Some(&b'/')) {
                    i += 1;
                }
                i += 2;
            }
            _ => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolons_in_strings_and_comments_do_not_split() {
        let sql = "SELECT ';' AS a; -- x; y\nSELECT /* ; */ 2";
        let parts: Vec<&str> = statements(sql).iter().map(|p| p.sql).collect();
        assert_eq!(parts, vec!["SELECT ';' AS a;", "-- x; y\nSELECT /* ; */ 2"]);
    }

    #[test]
    fn comment_only_input_has_no_statements() {
        assert!(statements("-- nothing\n/* here */ ;; ").is_empty());
        assert!(statements("").is_empty());
    }

    #[test]
    fn offsets_point_into_the_whole_text() {
        let sql = "SELECT 1;\n  SELECT 2;";
        let p = statements(sql);
        assert_eq!(p[1].start, 12);
        assert_eq!(&sql[p[1].start..p[1].start + 6], "SELECT");
    }

    #[test]
    fn completeness_follows_sqlite() {
        assert!(is_complete("SELECT 1;"));
        assert!(!is_complete("SELECT ';"));
        assert!(!is_complete("SELECT 1"));
    }
}
