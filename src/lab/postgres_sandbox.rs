//! The PostgreSQL sandbox: learner SQL never runs as the URL's account.
//!
//! Each run creates a login role with no attributes (not superuser, no CREATEDB, CREATEROLE,
//! REPLICATION or BYPASSRLS), owner of the run's schema and of the tables its setup creates
//! there, and nothing else. What PostgreSQL keeps from ordinary roles then keeps it from the
//! learner: other schemas (no USAGE), server files (`pg_read_file`, `COPY … TO PROGRAM`,
//! server-side `lo_export` need superuser or the pg_*_server_* roles), `pg_authid`, replication
//! slots, `ALTER SYSTEM`. Large objects it may create are its own and go with `DROP OWNED`.
//! The URL's account only creates, inspects and drops; see ARCHITECTURE.md § Sandbox.

use postgres::Client;

use super::lab_names::{self, LabName, PG_LOCK_CLASS};

/// A run's sandbox role.
#[derive(Clone)]
pub(crate) struct PgRole {
    pub name: String,
    pub password: String,
}

fn ident(name: &str) -> String {
    // Names come from `lab_names` (lowercase letters, digits, `_`) or the URL (validated);
    // quoting still keeps any other character from ending the identifier.
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Creates the role and the run's schema owned by it, then runs the setup SQL as that role,
/// so the scenario's tables are the role's and nobody else's.
pub(crate) fn create(
    keeper: &mut Client,
    run: &LabName,
    database: &str,
    setup_sql: &str,
) -> Result<PgRole, postgres::Error> {
    let role = PgRole {
        name: run.role(),
        password: lab_names::password(),
    };
    let r = ident(&role.name);
    keeper.batch_execute(&format!(
        "CREATE ROLE {r} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION \
         NOBYPASSRLS CONNECTION LIMIT 16 PASSWORD '{}'",
        role.password
    ))?;
    // Best effort: `temp_file_limit` needs a superuser to set; a session cannot raise it.
    let _ = keeper.batch_execute(&format!(
        "ALTER ROLE {r} SET temp_file_limit = '64MB'; \
         ALTER ROLE {r} SET idle_in_transaction_session_timeout = '60s'"
    ));
    // A non-superuser URL account needs membership to act as the role (PostgreSQL 16 grants it
    // to the creator by itself; 15 does not).
    let _ = keeper.batch_execute(&format!("GRANT {r} TO CURRENT_USER"));
    // Every role may connect by default (PUBLIC has CONNECT); granting anyway would make
    // parallel runs update the database's one catalog row at once ("tuple concurrently
    // updated"), so grant only where the server was locked down.
    let can_connect: bool = keeper
        .query_one(
            "SELECT has_database_privilege($1, $2, 'CONNECT')",
            &[&role.name, &database],
        )?
        .try_get(0)?;
    if !can_connect {
        keeper.batch_execute(&format!(
            "GRANT CONNECT ON DATABASE {} TO {r}",
            ident(database)
        ))?;
    }
    keeper.batch_execute(&format!(
        "CREATE SCHEMA {} AUTHORIZATION {r}",
        ident(&run.name)
    ))?;
    keeper.batch_execute(&format!(
        "SET ROLE {r}; SET search_path = {}",
        ident(&run.name)
    ))?;
    let setup = keeper.batch_execute(setup_sql);
    keeper.batch_execute("RESET ROLE; RESET search_path")?;
    setup?;
    Ok(role)
}

/// Removes the run's schema and role, whatever the learner left: sessions, objects in the
/// schema, large objects and grants (`DROP OWNED`). Best effort; what stays is swept later.
pub(crate) fn drop_run(keeper: &mut Client, run: &LabName) {
    let role = run.role();
    let _ = keeper.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE usename = $1 AND pid <> pg_backend_pid()",
        &[&role],
    );
    let _ = keeper.batch_execute(&format!(
        "DROP SCHEMA IF EXISTS {} CASCADE",
        ident(&run.name)
    ));
    let r = ident(&role);
    let exists = keeper
        .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&role])
        .ok()
        .flatten()
        .is_some();
    if exists {
        let _ = keeper.batch_execute(&format!("DROP OWNED BY {r} CASCADE; DROP ROLE {r}"));
    }
}

/// Drops what killed runs left: `sqldrill_lab_*` schemas and `sqldrill_u_*` roles that are old
/// enough and whose run no longer holds its advisory lock.
pub(crate) fn sweep(keeper: &mut Client) {
    let names = keeper
        .query(
            "SELECT nspname::text FROM pg_namespace WHERE nspname LIKE 'sqldrill\\_lab\\_%' \
             UNION SELECT rolname::text FROM pg_roles WHERE rolname LIKE 'sqldrill\\_u\\_%'",
            &[],
        )
        .map(|rows| rows.iter().filter_map(|r| r.try_get(0).ok()).collect())
        .unwrap_or_else(|_| Vec::new());
    for run in lab_names::stale_runs(names) {
        let key = run.pg_lock_key();
        let free = keeper
            .query_one(
                "SELECT pg_try_advisory_lock($1, $2)",
                &[&PG_LOCK_CLASS, &key],
            )
            .and_then(|r| r.try_get::<_, bool>(0))
            .unwrap_or(false);
        if free {
            drop_run(keeper, &run);
            let _ = keeper.query("SELECT pg_advisory_unlock($1, $2)", &[&PG_LOCK_CLASS, &key]);
        }
    }
}
