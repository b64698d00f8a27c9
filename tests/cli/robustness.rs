//! Nothing panics on any input: hostile and malformed SQL against every exercise kind, in
//! process through the library, with a short time budget.

use sqldrill::catalog::Catalog;
use sqldrill::engine::Caps;
use sqldrill::grade::{GradeError, Grader};
use sqldrill::lang::Lang;
use std::time::Duration;

const INPUTS: &[&str] = &[
    "\0",
    "SELECT '\0'",
    "(((((",
    "SELECT 𝕊𝔼𝕃𝔼ℂ𝕋",
    "';--",
    "SELECT zeroblob(1000000000)",
    "SELECT printf('%.*c', 2000000000, 'x')",
    "PRAGMA writable_schema = 1",
    "VACUUM",
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "SAVEPOINT a",
    "DETACH main",
    "EXPLAIN SELECT 1",
    "SELECT * FROM sqlite_schema",
    "CREATE TRIGGER t AFTER INSERT ON score BEGIN DELETE FROM score; END",
    "CREATE VIRTUAL TABLE v USING fts5(x)",
    "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r",
    "SELECT 1 UNION SELECT",
    "SELECT * FROM score a, score b, score c, score d, score e",
    "UPDATE sqlite_schema SET sql = 'x'",
    "DELETE FROM score; DROP TABLE student; CREATE INDEX i ON score(course_id, score);",
    "SELECT name, total FROM (SELECT 1 AS name, 2 AS total) ORDER BY 3",
    "SELECT name, total FROM (SELECT 1 AS name, 2 AS total) LIMIT -1 OFFSET -5",
    "SELECT name, total FROM (SELECT 1 AS name, 2 AS total) LIMIT 'x'",
];

#[test]
fn hostile_inputs_never_panic() {
    let catalog = Catalog::builtin().unwrap();
    let caps = Caps {
        timeout: Duration::from_millis(200),
        ..Caps::default()
    };
    let grader = Grader::new(&catalog, caps, Lang::En);
    for id in ["exercise-05", "exercise-14", "exercise-16"] {
        let ex = catalog.find(id).unwrap();
        for input in INPUTS {
            let deep = format!("SELECT {}1{}", "(".repeat(5000), ")".repeat(5000));
            for sql in [input.to_string(), deep] {
                match grader.grade(ex, &sql) {
                    Ok(v) => assert!(!v.message.is_empty() || v.passed(), "{id}: {sql:?}"),
                    Err(GradeError::BadInput(_)) | Err(GradeError::Unanalysable(_)) => {}
                    Err(other) => panic!("{id}: {sql:?}: unexpected {other:?}"),
                }
            }
        }
    }
}
