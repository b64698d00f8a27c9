//! "no such column: nmae — did you mean name?": the nearest name the scratch copy knows, for
//! SQLite's unknown column, table and function errors.

use super::keywords::FUNCTIONS;
use super::schema::Schema;
use crate::catalog::resolve::distance;

/// The name the learner probably meant, as it should be written (keeping a qualifier).
pub fn did_you_mean(message: &str, schema: &Schema) -> Option<String> {
    let (kind, name) = message.split_once(": ")?;
    let name = name.trim();
    match kind.trim() {
        "no such column" => {
            let (qualifier, column) = match name.rsplit_once('.') {
                Some((q, c)) => (Some(q), c),
                None => (None, name),
            };
            let columns: Vec<&str> = match qualifier.and_then(|q| schema.table(q)) {
                Some(t) => t.columns.iter().map(String::as_str).collect(),
                None => schema.all_columns(),
            };
            let best = nearest(column, columns)?;
            Some(match qualifier {
                Some(q) => format!("{q}.{best}"),
                None => best.to_string(),
            })
        }
        "no such table" => {
            let table = name.strip_prefix("main.").unwrap_or(name);
            nearest(table, schema.table_names()).map(str::to_string)
        }
        "no such function" => nearest(name, FUNCTIONS.iter().copied()).map(str::to_string),
        _ => None,
    }
}

/// The closest candidate within a distance that still reads as a typo.
fn nearest<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let typed_l = typed.to_lowercase();
    let limit = match typed.chars().count() {
        0 => return None,
        1..=2 => 1,
        3..=5 => 2,
        _ => 3,
    };
    candidates
        .into_iter()
        .map(|c| (distance(&typed_l, &c.to_lowercase()), c))
        .filter(|(d, _)| (1..=limit).contains(d))
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::super::schema::Table;
    use super::*;

    fn schema() -> Schema {
        Schema {
            tables: vec![
                Table {
                    name: "student".into(),
                    columns: vec!["id".into(), "name".into(), "birth_date".into()],
                    view: false,
                },
                Table {
                    name: "score".into(),
                    columns: vec!["student_id".into(), "score".into()],
                    view: false,
                },
            ],
        }
    }

    #[test]
    fn columns_tables_and_functions() {
        let s = schema();
        assert_eq!(
            did_you_mean("no such column: nmae", &s).as_deref(),
            Some("name")
        );
        assert_eq!(
            did_you_mean("no such column: student.brith_date", &s).as_deref(),
            Some("student.birth_date")
        );
        assert_eq!(
            did_you_mean("no such table: studnet", &s).as_deref(),
            Some("student")
        );
        assert_eq!(
            did_you_mean("no such table: main.scroe", &s).as_deref(),
            Some("score")
        );
        assert_eq!(
            did_you_mean("no such function: cont", &s).as_deref(),
            Some("count")
        );
    }

    #[test]
    fn nothing_when_nothing_is_close() {
        let s = schema();
        assert_eq!(did_you_mean("no such column: salary", &s), None);
        assert_eq!(did_you_mean("near \"FORM\": syntax error", &s), None);
        assert_eq!(did_you_mean("no such column: ", &s), None);
    }
}
