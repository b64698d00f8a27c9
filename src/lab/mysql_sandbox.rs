//! The MySQL/MariaDB sandbox: learner SQL never runs as the URL's account.
//!
//! Each run creates a user with privileges on the run's database only (data, tables, indexes,
//! views, routines and triggers there; no EVENT, no GRANT OPTION) and no global privilege at
//! all: no FILE (`INTO OUTFILE`, `LOAD_FILE()`), no SUPER (`SET GLOBAL`), no CREATE USER, no
//! access to `mysql.*` or other databases. `LOAD DATA LOCAL` reads nothing, because the client
//! has no local-infile handler. Multi-statement strings are impossible: learner statements go
//! through the prepared-statement protocol, which takes exactly one. See ARCHITECTURE.md
//! § Sandbox.

use mysql::Conn;
use mysql::prelude::Queryable;

use super::lab_names::{self, LabName};

/// A run's sandbox user.
#[derive(Clone)]
pub(crate) struct MyUser {
    pub name: String,
    pub password: String,
}

/// A quoted string literal (user names and hosts cannot be statement parameters).
fn literal(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "''"))
}

/// What the sandbox user may do in the run's database.
const PRIVILEGES: &str = "SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, INDEX, ALTER, \
    CREATE TEMPORARY TABLES, LOCK TABLES, CREATE VIEW, SHOW VIEW, TRIGGER, EXECUTE, \
    CREATE ROUTINE, ALTER ROUTINE, REFERENCES";

/// Creates the user for the host the server sees this client at (so the sessions, which
/// connect the same way, match it) and grants it the run's database.
pub(crate) fn create(keeper: &mut Conn, run: &LabName) -> Result<MyUser, mysql::Error> {
    let user = MyUser {
        name: run.role(),
        password: lab_names::password(),
    };
    let seen: Option<String> = keeper.query_first("SELECT SUBSTRING_INDEX(USER(), '@', -1)")?;
    let host = seen.unwrap_or_else(|| "%".into());
    let account = format!("{}@{}", literal(&user.name), literal(&host));
    keeper.query_drop(format!(
        "CREATE USER {account} IDENTIFIED BY {} WITH MAX_USER_CONNECTIONS 16",
        literal(&user.password)
    ))?;
    keeper.query_drop(format!(
        "GRANT {PRIVILEGES} ON `{}`.* TO {account}",
        run.name
    ))?;
    Ok(user)
}

/// Removes the run's database and user, and ends the user's connections. Best effort; what
/// stays is swept by a later run.
pub(crate) fn drop_run(keeper: &mut Conn, run: &LabName) {
    let role = run.role();
    if let Ok(ids) = keeper.exec::<u64, _, _>(
        "SELECT id FROM information_schema.processlist WHERE user = ?",
        (role.as_str(),),
    ) {
        for id in ids {
            let _ = keeper.query_drop(format!("KILL {id}"));
        }
    }
    let _ = keeper.query_drop(format!("DROP DATABASE IF EXISTS `{}`", run.name));
    if let Ok(hosts) = keeper.exec::<String, _, _>(
        "SELECT host FROM mysql.user WHERE user = ?",
        (role.as_str(),),
    ) {
        for host in hosts {
            let _ = keeper.query_drop(format!(
                "DROP USER IF EXISTS {}@{}",
                literal(&role),
                literal(&host)
            ));
        }
    }
}

/// Drops what killed runs left: `sqldrill_lab_*` databases and `sqldrill_u_*` users that are
/// old enough and whose run no longer holds its `GET_LOCK`.
pub(crate) fn sweep(keeper: &mut Conn) {
    let mut names: Vec<String> = keeper
        .query(
            "SELECT schema_name FROM information_schema.schemata \
             WHERE schema_name LIKE 'sqldrill\\_lab\\_%'",
        )
        .unwrap_or_default();
    names.extend(
        keeper
            .query::<String, _>("SELECT user FROM mysql.user WHERE user LIKE 'sqldrill\\_u\\_%'")
            .unwrap_or_default(),
    );
    for run in lab_names::stale_runs(names) {
        let free: Option<i64> = keeper
            .exec_first("SELECT GET_LOCK(?, 0)", (run.name.as_str(),))
            .ok()
            .flatten();
        if free == Some(1) {
            drop_run(keeper, &run);
            let _ = keeper.exec_drop("SELECT RELEASE_LOCK(?)", (run.name.as_str(),));
        }
    }
}
