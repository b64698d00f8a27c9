//! Points at a spot in SQL text: the line, and a caret under the column, measured in
//! display width so CJK text lines up.

use super::escape;
use unicode_width::UnicodeWidthStr;

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(sql: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(sql.len());
    let before = &sql[..floor_boundary(sql, offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The offending line and a caret under the offset. The line's control characters are
/// escaped, and the caret is placed by the escaped text, so it still points at the spot.
pub fn caret(sql: &str, offset: usize) -> String {
    let offset = floor_boundary(sql, offset.min(sql.len()));
    let line_start = sql[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = sql[offset..].find('\n').map_or(sql.len(), |i| offset + i);
    let line = escape::line(&sql[line_start..line_end]);
    let pad = escape::line(&sql[line_start..offset]).width();
    format!("  {line}\n  {}^", " ".repeat(pad))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_points_at_the_offset_on_its_line() {
        let sql = "SELECT name\nFROM studnt";
        let off = sql.find("studnt").unwrap();
        assert_eq!(line_col(sql, off), (2, 6));
        assert_eq!(caret(sql, off), "  FROM studnt\n       ^");
    }

    #[test]
    fn caret_line_is_escaped_and_the_caret_still_points_at_the_spot() {
        let sql = "SELECT '\x1b]0;x\x07' FORM";
        let off = sql.find("FORM").unwrap();
        assert_eq!(
            caret(sql, off),
            format!("  SELECT '^[]0;x^G' FORM\n  {}^", " ".repeat(18))
        );
    }

    #[test]
    fn caret_counts_cjk_as_double_width() {
        let sql = "SELECT '赵雷' FORM";
        let off = sql.find("FORM").unwrap();
        assert_eq!(
            caret(sql, off).lines().nth(1).unwrap(),
            format!("  {}^", " ".repeat(14))
        );
    }
}
