//! From an `--engine` value (or `SQLDRILL_ENGINE`) to connected backends. `all` means SQLite
//! plus both servers, at `SQLDRILL_POSTGRES_URL` / `SQLDRILL_MYSQL_URL` or the default URLs.

use super::backend::Backend;
use super::engine_url::{
    DEFAULT_MYSQL_URL, DEFAULT_POSTGRES_URL, EngineSpec, ServerKind, ServerUrl, parse,
};
use super::error::LabError;
use super::mysql_backend::MysqlBackend;
use super::postgres_backend::PostgresBackend;
use super::sqlite_backend::SqliteBackend;

fn env(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// The server URL `all` (and a bare `postgres` / `mysql`) uses.
pub fn default_url(kind: ServerKind) -> String {
    match kind {
        ServerKind::Postgres => {
            env("SQLDRILL_POSTGRES_URL").unwrap_or_else(|| DEFAULT_POSTGRES_URL.into())
        }
        ServerKind::Mysql => env("SQLDRILL_MYSQL_URL").unwrap_or_else(|| DEFAULT_MYSQL_URL.into()),
    }
}

/// `--engine` if given, else `SQLDRILL_ENGINE`, else `sqlite`.
pub fn chosen(flag: Option<&str>) -> String {
    flag.map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .or_else(|| env("SQLDRILL_ENGINE"))
        .unwrap_or_else(|| "sqlite".into())
}

/// The engines a value names, in matrix order; `all` expands to three.
pub fn specs(value: &str) -> Result<Vec<EngineSpec>, LabError> {
    let one = |s: &str| -> Result<EngineSpec, LabError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" | "pg" => parse(&default_url(ServerKind::Postgres)),
            "mysql" | "mariadb" => parse(&default_url(ServerKind::Mysql)),
            _ => parse(s),
        }
    };
    if value.trim().eq_ignore_ascii_case("all") {
        return Ok(vec![EngineSpec::Sqlite, one("postgres")?, one("mysql")?]);
    }
    Ok(vec![one(value)?])
}

/// Connects to the engine (servers: checks they answer and cleans up killed runs' leftovers).
pub fn connect(spec: &EngineSpec) -> Result<Box<dyn Backend>, LabError> {
    match spec {
        EngineSpec::Sqlite => Ok(Box::new(SqliteBackend::new())),
        EngineSpec::Server(url) => connect_server(url),
    }
}

fn connect_server(url: &ServerUrl) -> Result<Box<dyn Backend>, LabError> {
    match url.kind {
        ServerKind::Postgres => Ok(Box::new(PostgresBackend::connect(url)?)),
        ServerKind::Mysql => Ok(Box::new(MysqlBackend::connect(url)?)),
    }
}

/// The one engine graded lab exercises run on: `SQLDRILL_ENGINE`, default SQLite (`all` too:
/// a grade needs one engine).
pub fn for_grading() -> Result<Box<dyn Backend>, LabError> {
    let value = chosen(None);
    if value.eq_ignore_ascii_case("all") {
        return connect(&EngineSpec::Sqlite);
    }
    let spec = specs(&value)?
        .into_iter()
        .next()
        .unwrap_or(EngineSpec::Sqlite);
    connect(&spec)
}

/// The spec's name as scenarios spell it (`sqlite`, `postgres`, `mysql`).
pub fn engine_name(spec: &EngineSpec) -> &'static str {
    match spec {
        EngineSpec::Sqlite => "sqlite",
        EngineSpec::Server(u) if u.kind == ServerKind::Postgres => "postgres",
        EngineSpec::Server(_) => "mysql",
    }
}
