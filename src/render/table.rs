//! Result sets and listings as tables (comfy-table): numbers right-aligned, NULL shown as
//! `NULL` and a text that reads NULL quoted, so the two never look alike. CJK text keeps
//! columns aligned because comfy-table measures display width.

use super::escape;
use crate::engine::{ResultSet, Value};
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table};

/// A value as a table shows it, control characters escaped ([`escape::cell`]).
pub fn cell_text(v: &Value) -> String {
    match v {
        Value::Text(s) if s.eq_ignore_ascii_case("null") => format!("'{s}'"),
        Value::Text(s) => escape::cell(s).into_owned(),
        other => other.to_string(),
    }
}

fn base_table() -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .force_no_tty();
    t
}

pub fn result_set(rs: &ResultSet) -> String {
    let mut t = base_table();
    t.set_header(rs.columns.iter().map(|c| Cell::new(escape::cell(c))));
    for row in &rs.rows {
        t.add_row(row.iter().map(|v| {
            let c = Cell::new(cell_text(v));
            if v.is_number() {
                c.set_alignment(CellAlignment::Right)
            } else {
                c
            }
        }));
    }
    t.to_string()
}

/// A plain table of strings (listings). Cells are rendered text that may carry our own
/// colour: callers escape what came from files or data ([`escape::cell`]).
pub fn strings(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut t = base_table();
    t.set_header(header.iter().map(Cell::new));
    for row in rows {
        t.add_row(row.iter().map(Cell::new));
    }
    t.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_and_the_text_null_look_different() {
        let rs = ResultSet {
            columns: vec!["a".into(), "b".into()],
            rows: vec![vec![Value::Null, Value::Text("NULL".into())]],
        };
        let out = result_set(&rs);
        assert!(out.contains("'NULL'"));
        assert!(out.contains(" NULL "));
    }

    #[test]
    fn snapshot_of_a_cjk_table_with_nulls() {
        let rs = ResultSet {
            columns: vec!["name".into(), "total".into(), "avg".into()],
            rows: vec![
                vec![
                    Value::Text("赵雷".into()),
                    Value::Integer(269),
                    Value::Real(89.67),
                ],
                vec![Value::Text("Li Na".into()), Value::Null, Value::Null],
            ],
        };
        insta::assert_snapshot!(result_set(&rs));
    }
}
