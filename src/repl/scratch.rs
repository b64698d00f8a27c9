//! The scratch copy: a private, writable copy of the exercise's fixture where the learner's
//! statements run, DDL and DML included, under the grader's sandbox (time budget, no ATTACH,
//! no extensions). `.reset` swaps in a fresh copy; the fixture image itself never changes.

use super::explain::{self, PlanRow};
use super::interrupt::Interrupter;
use super::schema::Schema;
use crate::engine::{Access, Caps, EngineError, Image, ResultSet, Sandbox, Value, input};

pub struct Scratch {
    fixture: String,
    image: Image,
    sandbox: Sandbox,
    caps: Caps,
}

/// What one statement did.
#[derive(Debug)]
pub enum Ran {
    /// It returned rows (the first few kept, `total` counted).
    Rows { rows: ResultSet, total: usize },
    /// INSERT/UPDATE/DELETE: rows changed.
    Changed(u64),
    /// Anything else that returns nothing (DDL, BEGIN, ...).
    Done,
}

impl Scratch {
    pub fn open(fixture: &str, image: Image, caps: &Caps) -> Result<Scratch, EngineError> {
        let sandbox = Sandbox::open(&image, Access::Script, caps)?;
        Ok(Scratch {
            fixture: fixture.to_string(),
            image,
            sandbox,
            caps: caps.clone(),
        })
    }

    pub fn fixture(&self) -> &str {
        &self.fixture
    }

    /// A fresh copy of the fixture; everything done so far is gone.
    pub fn reset(&mut self) -> Result<(), EngineError> {
        self.sandbox = Sandbox::open(&self.image, Access::Script, &self.caps)?;
        Ok(())
    }

    /// Runs one statement, keeping at most `keep` rows; Ctrl-C reaches it via `interrupter`.
    pub fn run(
        &self,
        sql: &str,
        keep: usize,
        interrupter: &Interrupter,
    ) -> Result<Ran, EngineError> {
        let conn = self.sandbox.conn();
        let before = conn.total_changes();
        let result = {
            let _armed = interrupter.arm(conn.get_interrupt_handle());
            self.sandbox.query_head(sql, keep)
        };
        let (rows, total) = result?;
        if !rows.columns.is_empty() {
            return Ok(Ran::Rows { rows, total });
        }
        let changed = conn.total_changes().saturating_sub(before);
        let first = first_word(sql);
        let dml = ["INSERT", "UPDATE", "DELETE", "REPLACE"].contains(&first.as_str());
        Ok(if dml || (first == "WITH" && changed > 0) {
            Ran::Changed(changed)
        } else {
            Ran::Done
        })
    }

    pub fn schema(&self) -> Schema {
        Schema::read(&self.sandbox)
    }

    /// CREATE statements of the whole copy, or of one table (its indexes and triggers too).
    pub fn schema_sql(&self, table: Option<&str>) -> Result<Vec<String>, EngineError> {
        let rs = self.sandbox.query(
            "SELECT tbl_name, sql FROM sqlite_schema \
             WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
             ORDER BY tbl_name, type <> 'table', name",
            true,
        )?;
        Ok(rs
            .rows
            .iter()
            .filter_map(|r| match (r.first(), r.get(1)) {
                (Some(Value::Text(t)), Some(Value::Text(sql)))
                    if table.is_none_or(|want| want.eq_ignore_ascii_case(t)) =>
                {
                    Some(sql.clone())
                }
                _ => None,
            })
            .collect())
    }

    /// The query plan of one statement (which does not run).
    pub fn plan(&self, sql: &str) -> Result<Vec<PlanRow>, EngineError> {
        let piece = input::single(sql, &self.caps)?;
        let text = piece.sql.trim_end_matches(';');
        const PREFIX: &str = "EXPLAIN QUERY PLAN ";
        let rs = self
            .sandbox
            .query(&format!("{PREFIX}{text}"), false)
            .map_err(|e| match e {
                // Point into what the learner wrote, not into the prefix.
                EngineError::Prepare {
                    message, offset, ..
                } => EngineError::Prepare {
                    message,
                    sql: sql.to_string(),
                    offset: offset.map(|o| o.saturating_sub(PREFIX.len()) + piece.start),
                },
                other => other,
            })?;
        Ok(explain::rows(&rs))
    }
}

/// The statement's first keyword, upper-cased, skipping comments.
fn first_word(sql: &str) -> String {
    sql.lines()
        .map(|l| l.split("--").next().unwrap_or(""))
        .flat_map(str::split_whitespace)
        .find(|w| !w.starts_with("/*"))
        .unwrap_or("")
        .trim_start_matches('(')
        .to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch() -> Scratch {
        let image = Image::from_sql(
            "CREATE TABLE t(id INTEGER PRIMARY KEY, v INT);
             INSERT INTO t VALUES (1, 10), (2, 20), (3, 30);",
        )
        .unwrap();
        Scratch::open("tiny", image, &Caps::default()).unwrap()
    }

    #[test]
    fn dml_and_ddl_run_and_reset_restores_the_fixture() {
        let mut s = scratch();
        let i = Interrupter::new();
        assert!(matches!(
            s.run("UPDATE t SET v = 0 WHERE id < 3", 10, &i),
            Ok(Ran::Changed(2))
        ));
        assert!(matches!(
            s.run("CREATE VIEW w AS SELECT v FROM t", 10, &i),
            Ok(Ran::Done)
        ));
        match s.run("SELECT sum(v) FROM w", 10, &i).unwrap() {
            Ran::Rows { rows, total } => {
                assert_eq!(total, 1);
                assert_eq!(rows.rows[0][0], Value::Integer(30));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(s.schema().tables.len(), 2);
        s.reset().unwrap();
        assert_eq!(s.schema().tables.len(), 1);
        match s.run("SELECT sum(v) FROM t", 10, &i).unwrap() {
            Ran::Rows { rows, .. } => assert_eq!(rows.rows[0][0], Value::Integer(60)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn sandbox_limits_still_apply() {
        let s = scratch();
        let i = Interrupter::new();
        assert!(matches!(
            s.run("ATTACH ':memory:' AS x", 10, &i),
            Err(EngineError::Denied(_))
        ));
        assert!(matches!(
            s.run("SELECT load_extension('x')", 10, &i),
            Err(EngineError::Denied(_))
        ));
    }

    #[test]
    fn schema_sql_and_plan() {
        let s = scratch();
        assert_eq!(s.schema_sql(Some("T")).unwrap().len(), 1);
        assert!(s.schema_sql(Some("nope")).unwrap().is_empty());
        let plan = s.plan("SELECT * FROM t WHERE id = 2;").unwrap();
        assert!(plan[0].detail.starts_with("SEARCH t"), "{plan:?}");
        assert!(matches!(
            s.plan("SELECT 1; SELECT 2;"),
            Err(EngineError::Several { count: 2 })
        ));
    }

    #[test]
    fn first_word_skips_comments() {
        assert_eq!(first_word("-- note\n  delete from t"), "DELETE");
        assert_eq!(first_word("(select 1)"), "SELECT");
    }
}
