//! Running statements inside a sandbox: one query with its caps, or a script statement by
//! statement.

use super::error::EngineError;
use super::sandbox::Sandbox;
use super::split::Piece;
use super::value::{ResultSet, Row, Value};

/// What one statement of a script did.
#[derive(Clone, Debug, PartialEq)]
pub struct StatementOutcome {
    /// 1-based position in the script.
    pub index: usize,
    pub sql: String,
    pub error: Option<EngineError>,
}

impl Sandbox {
    /// Prepares and runs one statement, reading at most the row cap. `read_only` rejects a
    /// statement that would write before it runs.
    pub fn query(&self, sql: &str, read_only: bool) -> Result<ResultSet, EngineError> {
        self.check_budget_left()?;
        self.arm();
        let result = self.query_armed(sql, read_only, None).map(|(rows, _)| rows);
        self.disarm();
        result
    }

    /// Runs one statement and keeps only its first `keep` rows (at most the row cap);
    /// `total` counts every row it returned. For the REPL, where a big result is shown in
    /// part rather than refused; counting the rest stays under the time budget.
    pub fn query_head(&self, sql: &str, keep: usize) -> Result<(ResultSet, usize), EngineError> {
        self.check_budget_left()?;
        self.arm();
        let result = self.query_armed(sql, false, Some(keep.min(self.caps().max_rows)));
        self.disarm();
        result
    }

    /// With `keep`, rows past it are counted, not kept; without, past the row cap is an error.
    fn query_armed(
        &self,
        sql: &str,
        read_only: bool,
        keep: Option<usize>,
    ) -> Result<(ResultSet, usize), EngineError> {
        let mut stmt = self
            .conn()
            .prepare(sql)
            .map_err(|e| self.explain(e).at_prepare(sql))?;
        if read_only && !stmt.readonly() {
            return Err(EngineError::NotReadOnly {
                statement: first_words(sql),
            });
        }
        let columns: Vec<String> = stmt.column_names().map(|c| c.to_string()).collect();
        let n = columns.len();
        let cap = self.caps().max_rows;
        let byte_cap = self.caps().max_result_bytes;
        let mut bytes = 0usize;
        let mut rows = Vec::new();
        let mut total = 0;
        let mut cursor = stmt.query([]).map_err(|e| self.explain(e))?;
        while let Some(row) = cursor.next().map_err(|e| self.explain(e))? {
            total += 1;
            match keep {
                Some(k) if rows.len() == k => continue,
                None if rows.len() == cap => return Err(EngineError::TooManyRows(cap)),
                _ => {}
            }
            let row: Row = (0..n)
                .map(|i| Value::from_sqlite(row.get_ref_unwrap(i)))
                .collect();
            bytes += row.iter().map(Value::size).sum::<usize>();
            if bytes > byte_cap {
                return Err(EngineError::TooManyBytes(byte_cap));
            }
            rows.push(row);
        }
        Ok((ResultSet { columns, rows }, total))
    }

    /// Runs a script like `sqlite3 db < script.sql`: every statement in order, an error is
    /// recorded and the next statement still runs; a transaction left open is rolled back.
    pub fn run_script(&self, pieces: &[Piece<'_>]) -> Vec<StatementOutcome> {
        let mut out = Vec::with_capacity(pieces.len());
        for (i, piece) in pieces.iter().enumerate() {
            let error = self.query(piece.sql, false).err();
            out.push(StatementOutcome {
                index: i + 1,
                sql: piece.sql.to_string(),
                error,
            });
        }
        self.rollback_open_transaction();
        out
    }

    /// Trusted SQL (a patch written by the exercise author) on this sandbox's copy.
    pub fn execute_trusted(&self, sql: &str) -> Result<(), EngineError> {
        self.arm();
        let result = self.conn().execute_batch(sql).map_err(|e| self.explain(e));
        self.disarm();
        result
    }

    pub fn rollback_open_transaction(&self) {
        if !self.conn().is_autocommit() {
            // The authorizer allows ROLLBACK only in script mode, so go around it: a failed
            // rollback leaves nothing worse than the open transaction it tried to end.
            let _ = self.conn().execute_batch("ROLLBACK");
        }
    }
}

/// `DROP TABLE`, `INSERT INTO` ...: the statement's leading keywords, for messages.
fn first_words(sql: &str) -> String {
    let words: Vec<&str> = sql
        .lines()
        .map(|l| l.split("--").next().unwrap_or(""))
        .flat_map(str::split_whitespace)
        .take(2)
        .collect();
    words.join(" ").to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::super::image::Image;
    use super::super::input;
    use super::super::sandbox::{Access, Caps};
    use super::*;
    use std::time::Duration;

    fn fixture() -> Image {
        Image::from_sql(
            "CREATE TABLE t(id INTEGER PRIMARY KEY, v INT);
             INSERT INTO t VALUES (1, 10), (2, 20);",
        )
        .unwrap()
    }

    fn sandbox(access: Access, caps: Caps) -> Sandbox {
        Sandbox::open(&fixture(), access, &caps).unwrap()
    }

    #[test]
    fn infinite_recursive_cte_stops_at_the_time_budget() {
        let caps = Caps {
            timeout: Duration::from_millis(300),
            ..Caps::default()
        };
        let sb = sandbox(Access::ReadOnly, caps);
        let err = sb
            .query(
                "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) \
                 SELECT count(*) FROM r",
                true,
            )
            .unwrap_err();
        assert_eq!(err, EngineError::Timeout(Duration::from_millis(300)));
    }

    #[test]
    fn row_cap_stops_huge_results() {
        let caps = Caps {
            max_rows: 5,
            ..Caps::default()
        };
        let sb = sandbox(Access::ReadOnly, caps);
        let err = sb
            .query(
                "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r LIMIT 100) \
                 SELECT n FROM r",
                true,
            )
            .unwrap_err();
        assert_eq!(err, EngineError::TooManyRows(5));
    }

    #[test]
    fn query_head_keeps_the_first_rows_and_counts_the_rest() {
        let caps = Caps {
            max_rows: 5,
            ..Caps::default()
        };
        let sb = sandbox(Access::Script, caps);
        let (rs, total) = sb
            .query_head(
                "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r LIMIT 100) \
                 SELECT n FROM r",
                3,
            )
            .unwrap();
        assert_eq!(total, 100);
        assert_eq!(rs.rows.len(), 3);
        assert_eq!(rs.rows[2][0], Value::Integer(3));
        // Never more than the row cap, whatever `keep` asks for.
        let (rs, _) = sb
            .query_head("SELECT a.v FROM t AS a, t AS b, t AS c", 1000)
            .unwrap();
        assert_eq!(rs.rows.len(), 5);
    }

    #[test]
    fn drop_table_is_denied_in_query_mode() {
        let sb = sandbox(Access::ReadOnly, Caps::default());
        let err = sb.query("DROP TABLE t", true).unwrap_err();
        assert!(matches!(err, EngineError::Denied(_)), "{err:?}");
        assert_eq!(
            sb.query("SELECT count(*) FROM t", true).unwrap().rows[0][0],
            Value::Integer(2)
        );
    }

    #[test]
    fn attach_is_denied_even_in_script_mode() {
        let sb = sandbox(Access::Script, Caps::default());
        let err = sb.query("ATTACH ':memory:' AS other", false).unwrap_err();
        assert!(matches!(err, EngineError::Denied(_)), "{err:?}");
    }

    #[test]
    fn defensive_mode_blocks_writable_schema() {
        let sb = sandbox(Access::Script, Caps::default());
        assert!(sb.query("PRAGMA writable_schema = ON", false).is_err());
        assert!(sb.query("DELETE FROM sqlite_schema", false).is_err());
    }

    #[test]
    fn lowered_limits_are_in_force() {
        use rusqlite::limits::Limit;
        let sb = sandbox(Access::ReadOnly, Caps::default());
        assert_eq!(sb.conn().limit(Limit::SQLITE_LIMIT_ATTACHED).unwrap(), 0);
        assert!(sb.conn().limit(Limit::SQLITE_LIMIT_SQL_LENGTH).unwrap() <= 100_000);
        let deep = format!("SELECT 1{}", " + 1".repeat(300));
        assert!(sb.query(&deep, true).is_err());
    }

    #[test]
    fn trusted_schema_is_off() {
        let sb = sandbox(Access::ReadOnly, Caps::default());
        let on: i64 = sb
            .conn()
            .query_row("PRAGMA trusted_schema", [], |r| r.get(0))
            .unwrap_or(0);
        assert_eq!(on, 0);
    }

    #[test]
    fn script_continues_after_an_error_and_rolls_back_open_transactions() {
        let sb = sandbox(Access::Script, Caps::default());
        let sql = "BEGIN; UPDATE t SET v = 0 WHERE id = 1; INSERT INTO nope VALUES (1); UPDATE t SET v = 0 WHERE id = 2;";
        let pieces = input::script(sql, &Caps::default()).unwrap();
        let out = sb.run_script(&pieces);
        assert_eq!(out.len(), 4);
        assert!(out[2].error.is_some());
        assert!(out[3].error.is_none());
        // No COMMIT: everything is rolled back.
        let rs = sb.query("SELECT sum(v) FROM t", true).unwrap();
        assert_eq!(rs.rows[0][0], Value::Integer(30));
    }

    #[test]
    fn syntax_errors_carry_an_offset() {
        let sb = sandbox(Access::ReadOnly, Caps::default());
        let err = sb.query("SELECT id FORM t", true).unwrap_err();
        match err {
            // `FORM` reads as an alias, so SQLite points at `t`.
            EngineError::Prepare { offset, .. } => assert_eq!(offset, Some(15)),
            other => panic!("{other:?}"),
        }
    }
}
