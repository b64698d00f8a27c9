//! Serialized in-memory databases. A fixture is built once per process from its SQL; every
//! dataset is a copy made with SQLite's serialize/deserialize, never by re-running SQL.

use super::error::EngineError;
use super::sandbox::memory_flags;
use super::value::Value;
use rusqlite::{Connection, MAIN_DB, params_from_iter};
use std::sync::Arc;

/// An immutable database image; cloning shares the bytes.
#[derive(Clone)]
pub struct Image(Arc<Vec<u8>>);

impl Image {
    /// Builds an image by running trusted SQL (a fixture) on an empty database.
    pub fn from_sql(sql: &str) -> Result<Image, EngineError> {
        let mut conn = Connection::open_with_flags(":memory:", memory_flags())?;
        conn.execute_batch(sql)?;
        Image::capture(&mut conn)
    }

    pub fn capture(conn: &mut Connection) -> Result<Image, EngineError> {
        let data = conn.serialize(MAIN_DB)?;
        Ok(Image(Arc::new(data.to_vec())))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A fresh, writable, private in-memory copy.
    pub fn open_copy(&self) -> Result<Connection, EngineError> {
        let mut conn = Connection::open_with_flags(":memory:", memory_flags())?;
        conn.deserialize_read_exact(MAIN_DB, &self.0[..], self.0.len(), false)?;
        Ok(conn)
    }

    /// A copy with trusted SQL (a hidden case's patch) applied.
    pub fn patched(&self, patch: &str) -> Result<Image, EngineError> {
        let mut conn = self.open_copy()?;
        conn.execute_batch(patch)?;
        Image::capture(&mut conn)
    }

    /// The same rows stored in reverse order (DESIGN.md: automatic variants). With
    /// `unalias_rowid`, `INTEGER PRIMARY KEY` columns are redeclared `INT PRIMARY KEY` so the
    /// table is no longer stored by id and storage order really reverses; ids are unchanged.
    pub fn reversed(&self, unalias_rowid: bool) -> Result<Image, EngineError> {
        let src = self.open_copy()?;
        let mut dst = Connection::open_with_flags(":memory:", memory_flags())?;
        let objects: Vec<(String, String, String)> = src
            .prepare(
                "SELECT type, name, sql FROM sqlite_schema \
                 WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' \
                 ORDER BY type <> 'table', rowid",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        // Rows are copied table by table, so references may point forward for a moment.
        dst.execute_batch("PRAGMA foreign_keys = OFF; BEGIN")?;
        for (kind, name, sql) in &objects {
            if kind != "table" {
                dst.execute_batch(sql)?;
                continue;
            }
            let create = if unalias_rowid {
                unalias_integer_pk(&src, name, sql).unwrap_or_else(|| sql.clone())
            } else {
                sql.clone()
            };
            if dst.execute_batch(&create).is_err() {
                dst.execute_batch(sql)?;
            }
            copy_reversed(&src, &dst, name)?;
        }
        dst.execute_batch("COMMIT")?;
        Image::capture(&mut dst)
    }
}

/// Rewrites a table's CREATE statement so its rowid-alias key becomes an ordinary key.
fn unalias_integer_pk(src: &Connection, table: &str, sql: &str) -> Option<String> {
    let pk: Vec<(String, String)> = src
        .prepare("SELECT name, type FROM pragma_table_info(?1) WHERE pk > 0")
        .ok()?
        .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))
        .ok()?
        .collect::<Result<_, _>>()
        .ok()?;
    if pk.len() != 1 || !pk[0].1.eq_ignore_ascii_case("INTEGER") {
        return None;
    }
    if sql.to_ascii_uppercase().contains("AUTOINCREMENT") {
        return None;
    }
    let column = &pk[0].0;
    // Find `<column> INTEGER` at the start of a column definition and change the type only.
    let upper = sql.to_ascii_uppercase();
    let col_upper = column.to_ascii_uppercase();
    let mut search = 0;
    while let Some(pos) = upper[search..].find(&col_upper) {
        let at = search + pos;
        let before = upper[..at].trim_end();
        let after = &upper[at + col_upper.len()..];
        let boundary = before.ends_with('(') || before.ends_with(',');
        let trimmed = after.trim_start();
        if boundary && trimmed.starts_with("INTEGER") {
            let type_at = at + col_upper.len() + (after.len() - trimmed.len());
            let mut out = String::with_capacity(sql.len());
            out.push_str(&sql[..type_at]);
            out.push_str("INT");
            out.push_str(&sql[type_at + "INTEGER".len()..]);
            return Some(out);
        }
        search = at + col_upper.len();
    }
    None
}

fn copy_reversed(src: &Connection, dst: &Connection, table: &str) -> Result<(), EngineError> {
    let quoted = format!("\"{}\"", table.replace('"', "\"\""));
    let ordered = format!("SELECT * FROM {quoted} ORDER BY rowid DESC");
    // WITHOUT ROWID tables are stored by key whatever the insertion order.
    let mut select = match src.prepare(&ordered) {
        Ok(s) => s,
        Err(_) => src.prepare(&format!("SELECT * FROM {quoted}"))?,
    };
    let n = select.column_count();
    let marks = vec!["?"; n].join(", ");
    let mut insert = dst.prepare(&format!("INSERT INTO {quoted} VALUES ({marks})"))?;
    let mut rows = select.query([])?;
    while let Some(row) = rows.next()? {
        let values: Vec<rusqlite::types::Value> = (0..n)
            .map(|i| to_owned(Value::from_sqlite(row.get_ref_unwrap(i))))
            .collect();
        insert.execute(params_from_iter(values))?;
    }
    Ok(())
}

fn to_owned(v: Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    match v {
        Value::Null => V::Null,
        Value::Integer(i) => V::Integer(i),
        Value::Real(r) => V::Real(r),
        Value::Text(t) => V::Text(t),
        Value::Blob(b) => V::Blob(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL);
        INSERT INTO t VALUES (1,'a'),(2,'b'),(3,'c');
        CREATE TABLE p(a INT, b INT, PRIMARY KEY (a, b));
        INSERT INTO p VALUES (1,1),(1,2),(2,1);
        CREATE INDEX t_name ON t(name);";

    fn scan(image: &Image, sql: &str) -> Vec<i64> {
        let conn = image.open_copy().unwrap();
        let mut st = conn.prepare(sql).unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn copies_are_independent() {
        let base = Image::from_sql(FIXTURE).unwrap();
        let copy = base.open_copy().unwrap();
        copy.execute_batch("DELETE FROM t").unwrap();
        assert_eq!(scan(&base, "SELECT count(*) FROM t"), vec![3]);
    }

    #[test]
    fn patch_applies_to_a_copy_only() {
        let base = Image::from_sql(FIXTURE).unwrap();
        let patched = base.patched("DELETE FROM t WHERE id = 2").unwrap();
        assert_eq!(scan(&patched, "SELECT id FROM t"), vec![1, 3]);
        assert_eq!(scan(&base, "SELECT id FROM t"), vec![1, 2, 3]);
    }

    #[test]
    fn reversed_changes_scan_order_but_not_ids() {
        let base = Image::from_sql(FIXTURE).unwrap();
        let rev = base.reversed(true).unwrap();
        assert_eq!(scan(&base, "SELECT id FROM t NOT INDEXED"), vec![1, 2, 3]);
        assert_eq!(scan(&rev, "SELECT id FROM t NOT INDEXED"), vec![3, 2, 1]);
        assert_eq!(
            scan(&rev, "SELECT a * 10 + b FROM p NOT INDEXED"),
            vec![21, 12, 11]
        );
        // Indexes survive.
        assert_eq!(
            scan(
                &rev,
                "SELECT count(*) FROM sqlite_schema WHERE name = 't_name'"
            ),
            vec![1]
        );
    }

    #[test]
    fn reversed_without_unaliasing_keeps_rowid_tables_in_id_order() {
        let base = Image::from_sql(FIXTURE).unwrap();
        let rev = base.reversed(false).unwrap();
        assert_eq!(scan(&rev, "SELECT id FROM t NOT INDEXED"), vec![1, 2, 3]);
        assert_eq!(
            scan(&rev, "SELECT a * 10 + b FROM p NOT INDEXED"),
            vec![21, 12, 11]
        );
    }
}
