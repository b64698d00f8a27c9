//! The tables and columns of the scratch copy, as completion and "did you mean" see them.
//! Read through the sandbox after every statement that may change the schema.

use crate::engine::{Sandbox, Value};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub name: String,
    pub columns: Vec<String>,
    pub view: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Schema {
    pub tables: Vec<Table>,
}

impl Schema {
    /// A table or view by name, case-insensitively as SQLite resolves names.
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(name))
    }

    pub fn table_names(&self) -> impl Iterator<Item = &str> {
        self.tables.iter().map(|t| t.name.as_str())
    }

    /// Every column name once, in table order.
    pub fn all_columns(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for c in self.tables.iter().flat_map(|t| &t.columns) {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(c)) {
                out.push(c);
            }
        }
        out
    }

    /// Reads the schema of a sandbox. A view whose definition no longer works (its table was
    /// dropped) is listed without columns rather than hiding everything.
    pub fn read(sb: &Sandbox) -> Schema {
        let names = sb.query(
            "SELECT name, type FROM sqlite_schema \
             WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
             ORDER BY name",
            true,
        );
        let Ok(names) = names else {
            return Schema::default();
        };
        // Tables always have columns; one broken view fails the views' query as a whole.
        let mut columns = Vec::new();
        for kind in ["table", "view"] {
            let sql = format!(
                "SELECT m.name, p.name FROM sqlite_schema AS m, pragma_table_info(m.name) AS p \
                 WHERE m.type = '{kind}' ORDER BY m.name, p.cid"
            );
            columns.extend(sb.query(&sql, true).map(|rs| rs.rows).unwrap_or_default());
        }
        let tables = names
            .rows
            .iter()
            .filter_map(|row| match (row.first(), row.get(1)) {
                (Some(Value::Text(name)), Some(Value::Text(kind))) => Some(Table {
                    name: name.clone(),
                    view: kind == "view",
                    columns: columns
                        .iter()
                        .filter(|r| r.first() == Some(&Value::Text(name.clone())))
                        .filter_map(|r| match r.get(1) {
                            Some(Value::Text(c)) => Some(c.clone()),
                            _ => None,
                        })
                        .collect(),
                }),
                _ => None,
            })
            .collect();
        Schema { tables }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Access, Caps, Image};

    #[test]
    fn reads_tables_views_and_columns() {
        let image = Image::from_sql(
            "CREATE TABLE student(id INTEGER PRIMARY KEY, name TEXT);
             CREATE TABLE score(student_id INT, score INT);
             CREATE VIEW best AS SELECT name FROM student;",
        )
        .unwrap();
        let sb = Sandbox::open(&image, Access::Script, &Caps::default()).unwrap();
        let s = Schema::read(&sb);
        assert_eq!(
            s.table_names().collect::<Vec<_>>(),
            vec!["best", "score", "student"]
        );
        assert!(s.table("BEST").unwrap().view);
        assert_eq!(s.table("student").unwrap().columns, vec!["id", "name"]);
        assert_eq!(s.all_columns(), vec!["name", "student_id", "score", "id"]);
        // A broken view does not hide the other tables.
        sb.query("DROP TABLE student", false).unwrap();
        let s = Schema::read(&sb);
        assert_eq!(s.table_names().collect::<Vec<_>>(), vec!["best", "score"]);
        assert_eq!(
            s.table("score").unwrap().columns,
            vec!["student_id", "score"]
        );
    }
}
