//! Control characters made visible before text reaches a terminal (README § The sandbox).
//! Values, names, error messages, catalog text and lab timelines come from learner SQL, data or
//! user-supplied files; printed raw, `char(27)||']0;PWNED'||char(7)` would retitle the window,
//! move the cursor or rewrite what the learner sees. Every renderer for people routes such text
//! through here; JSON is serde's own escaping and never passes here.
//!
//! Notation, as the sqlite3 shell's `--escape ascii` (and `cat -v`): a C0 control is `^` and the
//! character 64 above it (ESC `^[`, BEL `^G`, CR `^M`, NUL `^@`), DEL is `^?`, and a C1 control
//! (U+0080..U+009F, which some terminals read as ESC + a letter) is `\u{9b}`. What is kept
//! depends on where the text goes:
//!
//! - [`text`]: prose and SQL listings; `\n` and `\t` keep their meaning.
//! - [`cell`]: table cells and column names; `\n` stays (the table draws it as a second line
//!   inside the cell), `\t` is `^I` because a tab would break the column's width.
//! - [`line`]: one-line contexts (a caret's line, the lab's compact result tables); `\n` is
//!   `^J` too.

use std::borrow::Cow;

/// Prose, messages and SQL: keeps `\n` and `\t`.
pub fn text(s: &str) -> Cow<'_, str> {
    escape(s, |c| c == '\n' || c == '\t')
}

/// A table cell or column name: keeps `\n`.
pub fn cell(s: &str) -> Cow<'_, str> {
    escape(s, |c| c == '\n')
}

/// One line: keeps nothing.
pub fn line(s: &str) -> Cow<'_, str> {
    escape(s, |_| false)
}

/// True for the characters a terminal may act on instead of printing.
pub fn is_control(c: char) -> bool {
    c.is_control()
}

fn escape(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_control(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !is_control(c) || keep(c) {
            out.push(c);
            continue;
        }
        match u32::from(c) {
            n @ 0..=0x1f => {
                out.push('^');
                out.push(char::from(b'@' + n as u8));
            }
            0x7f => out.push_str("^?"),
            n => out.push_str(&format!("\\u{{{n:x}}}")),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible() {
        assert_eq!(text("\x1b]0;PWNED\x07"), "^[]0;PWNED^G");
        assert_eq!(text("a\x1b[2Jb"), "a^[[2Jb");
        assert_eq!(text("\0\r\x7f"), "^@^M^?");
        assert_eq!(text("\u{9b}31m"), "\\u{9b}31m");
    }

    #[test]
    fn layout_characters_kept_where_the_layout_wants_them() {
        assert_eq!(text("a\nb\tc"), "a\nb\tc");
        assert_eq!(cell("a\nb\tc"), "a\nb^Ic");
        assert_eq!(line("a\nb\tc"), "a^Jb^Ic");
    }

    #[test]
    fn plain_text_is_not_copied_and_escaping_is_idempotent() {
        assert!(matches!(text("赵雷 ^[ ok"), Cow::Borrowed(_)));
        let once = line("\x1b\x07\n").into_owned();
        assert_eq!(line(&once), once);
    }
}
