//! How result sets are printed: `table` (comfy-table, for people), `csv`, `json` and `line`
//! (one `column = value` per line, as in the sqlite3 shell). NULL never looks like the text
//! 'NULL': in table and line mode the text is quoted, in csv NULL is an empty field and the
//! empty string is `""`, in json NULL is `null`.
//!
//! Control characters in values and names: table and line mode escape them
//! (`render::escape`); json escapes them as JSON does; csv keeps them raw for a pipe or a
//! file, which is data, and escapes them on a terminal, which must never receive a raw ESC.

use crate::engine::{ResultSet, Value};
use crate::lang::Lang;
use crate::render::{Style, escape, table};
use crate::tr;
use std::time::Duration;
use unicode_width::UnicodeWidthStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Table,
    Csv,
    Json,
    Line,
}

/// Rows shown in `table` and `line` mode before "… N more rows".
pub const SHOWN_ROWS: usize = 50;

impl Mode {
    pub const ALL: [Mode; 4] = [Mode::Table, Mode::Csv, Mode::Json, Mode::Line];

    pub fn parse(s: &str) -> Option<Mode> {
        Mode::ALL
            .into_iter()
            .find(|m| m.name().eq_ignore_ascii_case(s.trim()))
    }

    pub fn name(self) -> &'static str {
        match self {
            Mode::Table => "table",
            Mode::Csv => "csv",
            Mode::Json => "json",
            Mode::Line => "line",
        }
    }

    /// Machine-readable modes print every row and no footer.
    pub fn is_data(self) -> bool {
        matches!(self, Mode::Csv | Mode::Json)
    }

    /// How many rows to fetch for display.
    pub fn keep(self, row_cap: usize) -> usize {
        if self.is_data() { row_cap } else { SHOWN_ROWS }
    }
}

/// What a statement gave back, ready to print.
pub struct Shown<'a> {
    pub rows: &'a ResultSet,
    /// Rows the statement returned; more than `rows.rows.len()` when cut.
    pub total: usize,
    /// `None` when the timer is off.
    pub elapsed: Option<Duration>,
}

/// The result in `mode`, ending with a newline.
pub fn render(mode: Mode, shown: &Shown<'_>, lang: Lang, style: Style) -> String {
    let mut out = match mode {
        Mode::Table => {
            let mut s = table::result_set(shown.rows);
            s.push('\n');
            s
        }
        Mode::Line => line(shown.rows),
        Mode::Csv if style.tty => escape::text(&csv(shown.rows)).into_owned(),
        Mode::Csv => csv(shown.rows),
        Mode::Json => json(shown.rows),
    };
    let more = shown.total.saturating_sub(shown.rows.rows.len());
    if more > 0 {
        out.push_str(&style.dim(&tr!(lang, ReplMoreRows, n = more)));
        out.push('\n');
    }
    if !mode.is_data() {
        out.push_str(&style.dim(&footer(row_count(lang, shown.total), shown.elapsed)));
        out.push('\n');
    }
    out
}

/// `3 rows`, `1 row`.
pub fn row_count(lang: Lang, n: usize) -> String {
    if n == 1 {
        tr!(lang, ReplOneRow)
    } else {
        tr!(lang, ReplRows, n = n)
    }
}

/// `3 rows (1.2 ms)`, or without the time when the timer is off.
pub fn footer(what: String, elapsed: Option<Duration>) -> String {
    match elapsed {
        Some(d) => format!("{what} ({:.1} ms)", d.as_secs_f64() * 1000.0),
        None => what,
    }
}

fn line(rs: &ResultSet) -> String {
    let columns: Vec<String> = rs
        .columns
        .iter()
        .map(|c| escape::line(c).into_owned())
        .collect();
    let width = columns.iter().map(|c| c.width()).max().unwrap_or(0);
    let mut out = String::new();
    for (i, row) in rs.rows.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for (c, v) in columns.iter().zip(row) {
            let pad = " ".repeat(width - c.width());
            out.push_str(&format!("{pad}{c} = {}\n", table::cell_text(v)));
        }
    }
    out
}

fn csv(rs: &ResultSet) -> String {
    let mut out = String::new();
    let header: Vec<String> = rs.columns.iter().map(|c| csv_field(c, true)).collect();
    out.push_str(&header.join(","));
    out.push('\n');
    for row in &rs.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|v| match v {
                Value::Null => String::new(),
                Value::Text(s) => csv_field(s, false),
                other => other.to_string(),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// RFC 4180 quoting; an empty text is `""` so it differs from NULL's empty field.
fn csv_field(s: &str, header: bool) -> String {
    let needs = s.is_empty() && !header
        || s.contains([',', '"', '\n', '\r'])
        || s.starts_with(' ')
        || s.ends_with(' ');
    if needs {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One JSON array of objects, keys in column order.
fn json(rs: &ResultSet) -> String {
    let key = |c: &String| serde_json::to_string(c).unwrap_or_default();
    let rows: Vec<String> = rs
        .rows
        .iter()
        .map(|row| {
            let fields: Vec<String> = rs
                .columns
                .iter()
                .zip(row)
                .map(|(c, v)| {
                    format!(
                        "{}: {}",
                        key(c),
                        serde_json::to_string(v).unwrap_or_default()
                    )
                })
                .collect();
            format!("  {{{}}}", fields.join(", "))
        })
        .collect();
    if rows.is_empty() {
        "[]\n".to_string()
    } else {
        format!("[\n{}\n]\n", rows.join(",\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ResultSet {
        ResultSet {
            columns: vec!["name".into(), "total".into(), "note".into()],
            rows: vec![
                vec![
                    Value::Text("赵雷".into()),
                    Value::Integer(269),
                    Value::Text("NULL".into()),
                ],
                vec![Value::Text("Li, Na".into()), Value::Real(89.5), Value::Null],
                vec![
                    Value::Text(String::new()),
                    Value::Null,
                    Value::Text("a\"b".into()),
                ],
            ],
        }
    }

    fn shown(rs: &ResultSet, total: usize) -> Shown<'_> {
        Shown {
            rows: rs,
            total,
            elapsed: None,
        }
    }

    #[test]
    fn control_characters_are_escaped_except_in_data_for_a_pipe() {
        let rs = ResultSet {
            columns: vec!["t\x1b".into()],
            rows: vec![vec![Value::Text("\x1b]0;PWNED\x07".into())]],
        };
        let all = |m| render(m, &shown(&rs, 1), Lang::En, Style::plain());
        for mode in [Mode::Table, Mode::Line] {
            let out = all(mode);
            assert!(!out.contains(['\x1b', '\x07']), "{out:?}");
            assert!(out.contains("^[]0;PWNED^G"), "{out:?}");
        }
        assert!(all(Mode::Json).contains("\\u001b]0;PWNED\\u0007"));
        assert!(all(Mode::Csv).contains("\x1b]0;PWNED\x07"));
        let tty = Style {
            color: false,
            tty: true,
        };
        let out = render(Mode::Csv, &shown(&rs, 1), Lang::En, tty);
        assert_eq!(out, "t^[\n^[]0;PWNED^G\n");
    }

    #[test]
    fn modes_parse_by_name() {
        assert_eq!(Mode::parse("CSV"), Some(Mode::Csv));
        assert_eq!(Mode::parse("box"), None);
    }

    #[test]
    fn csv_tells_null_from_empty_text_and_quotes() {
        let rs = sample();
        let out = render(Mode::Csv, &shown(&rs, 3), Lang::En, Style::plain());
        assert_eq!(
            out,
            "name,total,note\n赵雷,269,NULL\n\"Li, Na\",89.5,\n\"\",,\"a\"\"b\"\n"
        );
    }

    #[test]
    fn json_keeps_column_order_and_null() {
        let rs = sample();
        let out = render(Mode::Json, &shown(&rs, 3), Lang::En, Style::plain());
        let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(doc[0]["note"], "NULL");
        assert!(doc[1]["note"].is_null());
        assert_eq!(doc[0]["total"], 269);
        assert!(out.find("\"name\"").unwrap() < out.find("\"total\"").unwrap());
        let empty = ResultSet {
            columns: vec!["a".into()],
            rows: vec![],
        };
        assert_eq!(
            render(Mode::Json, &shown(&empty, 0), Lang::En, Style::plain()),
            "[]\n"
        );
    }

    #[test]
    fn timer_adds_milliseconds_to_the_footer() {
        let rs = sample();
        let s = Shown {
            rows: &rs,
            total: 3,
            elapsed: Some(Duration::from_micros(1250)),
        };
        let out = render(Mode::Table, &s, Lang::En, Style::plain());
        assert!(out.ends_with("3 rows (1.2 ms)\n") || out.ends_with("3 rows (1.3 ms)\n"));
        let one = ResultSet {
            columns: vec!["x".into()],
            rows: vec![vec![Value::Integer(1)]],
        };
        let out = render(Mode::Table, &shown(&one, 1), Lang::En, Style::plain());
        assert!(out.ends_with("\n1 row\n"), "{out}");
    }

    #[test]
    fn snapshot_table_with_cjk_nulls_and_a_row_cap() {
        let rs = sample();
        insta::assert_snapshot!(render(
            Mode::Table,
            &shown(&rs, 120),
            Lang::En,
            Style::plain()
        ));
    }

    #[test]
    fn snapshot_table_in_chinese_with_empty_result() {
        let rs = ResultSet {
            columns: vec!["姓名".into(), "总分".into()],
            rows: vec![],
        };
        insta::assert_snapshot!(render(
            Mode::Table,
            &shown(&rs, 0),
            Lang::Zh,
            Style::plain()
        ));
    }

    #[test]
    fn snapshot_line_mode() {
        let rs = sample();
        insta::assert_snapshot!(render(Mode::Line, &shown(&rs, 3), Lang::En, Style::plain()));
    }
}
