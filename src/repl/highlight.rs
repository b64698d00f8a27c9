//! Syntax highlighting of the line being typed: keywords, strings, numbers and comments,
//! from sqlparser's tokens. Pure: ANSI colour codes only wrap text, so the display width
//! never changes (rustyline requires that). The caller decides whether colour is on.

use super::tokens::{self, Kind};
use crate::engine::split;

const KEYWORD: &str = "1;34";
const STRING: &str = "32";
const NUMBER: &str = "33";
const COMMENT: &str = "2";
const COMMAND: &str = "1;36";

fn paint(out: &mut String, code: Option<&str>, text: &str) {
    match code {
        Some(c) if !text.is_empty() => {
            out.push_str("\x1b[");
            out.push_str(c);
            out.push('m');
            out.push_str(text);
            out.push_str("\x1b[0m");
        }
        _ => out.push_str(text),
    }
}

/// `line` with colour; `before` is the statement's earlier lines, so a string or comment
/// opened there stays coloured here.
pub fn highlight(before: &str, line: &str) -> String {
    if split::is_blank(before) && line.trim_start().starts_with('.') {
        return highlight_dot(line);
    }
    let text = format!("{before}{line}");
    let from = before.len();
    let mut out = String::with_capacity(line.len() + 32);
    for t in tokens::tokens(&text, &tokens::sqlite()) {
        if t.end <= from {
            continue;
        }
        let code = match t.kind {
            Kind::Keyword => Some(KEYWORD),
            Kind::String => Some(STRING),
            Kind::Number => Some(NUMBER),
            Kind::Comment => Some(COMMENT),
            _ => None,
        };
        paint(&mut out, code, &text[t.start.max(from)..t.end]);
    }
    out
}

/// A dot-command: the command name, then SQL arguments highlighted as SQL.
fn highlight_dot(line: &str) -> String {
    let lead = line.len() - line.trim_start().len();
    let name_end = line[lead..]
        .find(char::is_whitespace)
        .map_or(line.len(), |i| lead + i);
    let mut out = String::new();
    out.push_str(&line[..lead]);
    paint(&mut out, Some(COMMAND), &line[lead..name_end]);
    let rest = &line[name_end..];
    let name = &line[lead + 1..name_end];
    let sql_arg =
        super::dot_command::resolve(name).is_ok_and(|s| s.arg == super::dot_command::Arg::Sql);
    if sql_arg {
        out.push_str(&highlight("", rest));
    } else {
        out.push_str(rest);
    }
    out
}

/// The text without colour codes (what the terminal shows).
pub fn strip(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for d in chars.by_ref() {
                if d == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_strings_numbers_and_comments_are_coloured() {
        let out = highlight("", "SELECT name, 42 FROM t WHERE x = 'a' -- note");
        assert!(out.starts_with("\x1b[1;34mSELECT\x1b[0m name, \x1b[33m42\x1b[0m"));
        assert!(out.contains("\x1b[32m'a'\x1b[0m"));
        assert!(out.contains("\x1b[2m-- note\x1b[0m"));
        // Column names are not keywords.
        assert!(!out.contains("\x1b[1;34mname"));
    }

    #[test]
    fn random_text_is_unchanged_apart_from_colour() {
        let lines = crate::repl::complete::tests::random_lines(300);
        for (i, line) in lines.iter().enumerate() {
            let before = &lines[(i + 7) % lines.len()];
            assert_eq!(strip(&highlight(before, line)), *line);
        }
    }

    #[test]
    fn the_text_is_unchanged_apart_from_colour() {
        for line in [
            "SELECT '赵雷' AS 名字, 1.5e3 FROM t;",
            "SELECT 'unterminated",
            "/* open comment",
            "  .check SELECT 1",
            ".mode csv",
            "",
            "\"quoted\" `back` [br]",
        ] {
            assert_eq!(strip(&highlight("", line)), line);
            assert_eq!(strip(&highlight("SELECT\n", line)), line);
        }
    }

    #[test]
    fn a_string_opened_on_an_earlier_line_stays_a_string() {
        let out = highlight("SELECT 'first line\n", "still text' FROM t");
        assert!(out.starts_with("\x1b[32mstill text'\x1b[0m"), "{out:?}");
        assert!(out.contains("\x1b[1;34mFROM\x1b[0m"));
    }

    #[test]
    fn dot_commands_are_highlighted_with_sql_arguments() {
        let out = highlight("", ".check SELECT 1");
        assert!(out.starts_with("\x1b[1;36m.check\x1b[0m"));
        assert!(out.contains("\x1b[1;34mSELECT\x1b[0m"));
        let out = highlight("", ".mode select");
        assert_eq!(out, "\x1b[1;36m.mode\x1b[0m select");
    }
}
