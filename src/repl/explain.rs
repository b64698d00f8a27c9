//! `.explain SQL`: SQLite's EXPLAIN QUERY PLAN rows (id, parent, detail) drawn as a tree, the
//! way the sqlite3 shell draws them.

use crate::engine::{ResultSet, Value};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanRow {
    pub id: i64,
    pub parent: i64,
    pub detail: String,
}

/// Reads the rows of `EXPLAIN QUERY PLAN` (columns id, parent, notused, detail).
pub fn rows(rs: &ResultSet) -> Vec<PlanRow> {
    rs.rows
        .iter()
        .filter_map(|r| match (r.first(), r.get(1), r.last()) {
            (Some(Value::Integer(id)), Some(Value::Integer(parent)), Some(detail)) => {
                Some(PlanRow {
                    id: *id,
                    parent: *parent,
                    detail: detail.to_string(),
                })
            }
            _ => None,
        })
        .collect()
}

/// The plan as a tree under `title`.
pub fn tree(title: &str, rows: &[PlanRow]) -> String {
    let mut out = format!("{title}\n");
    draw(rows, 0, "", &mut out, 0);
    out
}

fn draw(rows: &[PlanRow], parent: i64, indent: &str, out: &mut String, depth: usize) {
    // Plans are shallow; the bound only guards against a malformed cycle.
    if depth > 64 {
        return;
    }
    let children: Vec<&PlanRow> = rows
        .iter()
        .filter(|r| r.parent == parent && r.id != parent)
        .collect();
    for (i, r) in children.iter().enumerate() {
        let last = i + 1 == children.len();
        let (branch, more) = if last {
            ("└── ", "    ")
        } else {
            ("├── ", "│   ")
        };
        out.push_str(&format!("{indent}{branch}{}\n", r.detail));
        draw(rows, r.id, &format!("{indent}{more}"), out, depth + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, parent: i64, detail: &str) -> PlanRow {
        PlanRow {
            id,
            parent,
            detail: detail.into(),
        }
    }

    #[test]
    fn nested_plans_draw_as_a_tree() {
        let rows = vec![
            row(2, 0, "CO-ROUTINE t"),
            row(5, 2, "SCAN sc"),
            row(7, 2, "SEARCH s USING INTEGER PRIMARY KEY (rowid=?)"),
            row(20, 0, "SCAN t"),
            row(30, 0, "SCALAR SUBQUERY 2"),
            row(33, 30, "SCAN t"),
        ];
        assert_eq!(
            tree("QUERY PLAN", &rows),
            "QUERY PLAN\n\
             ├── CO-ROUTINE t\n\
             │   ├── SCAN sc\n\
             │   └── SEARCH s USING INTEGER PRIMARY KEY (rowid=?)\n\
             ├── SCAN t\n\
             └── SCALAR SUBQUERY 2\n\
             \u{20}   └── SCAN t\n"
        );
    }

    #[test]
    fn reads_explain_rows_and_survives_cycles() {
        let rs = ResultSet {
            columns: vec![
                "id".into(),
                "parent".into(),
                "notused".into(),
                "detail".into(),
            ],
            rows: vec![vec![
                Value::Integer(3),
                Value::Integer(0),
                Value::Integer(0),
                Value::Text("SCAN student".into()),
            ]],
        };
        assert_eq!(rows(&rs), vec![row(3, 0, "SCAN student")]);
        let cyclic = vec![row(1, 2, "a"), row(2, 1, "b"), row(3, 0, "c")];
        assert_eq!(tree("P", &cyclic), "P\n└── c\n");
    }
}
