//! What the server test suites share: the servers' URLs, reaching them (an unreachable server
//! fails in CI and skips locally), and admin connections for setting up and checking.

use sqldrill::lab::engine_url::{EngineSpec, ServerKind, ServerUrl};
use sqldrill::lab::{self, LabError, engines};

pub fn url(kind: ServerKind) -> ServerUrl {
    match lab::engine_url::parse(&engines::default_url(kind)) {
        Ok(EngineSpec::Server(u)) => u,
        other => panic!("bad server URL in the environment: {other:?}"),
    }
}

pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// The server, or None (locally) when it cannot be reached. In CI that is a failure.
pub fn server<B>(
    kind: ServerKind,
    connect: impl FnOnce(&ServerUrl) -> Result<B, LabError>,
) -> Option<B> {
    let u = url(kind);
    match connect(&u) {
        Ok(b) => Some(b),
        Err(e) if in_ci() => panic!("CI=true and {} is not reachable: {e}", u.redacted()),
        Err(e) => {
            eprintln!("skipped: {e}");
            None
        }
    }
}

pub fn postgres_admin() -> postgres::Client {
    let u = url(ServerKind::Postgres);
    let mut cfg = postgres::Config::new();
    cfg.host(&u.host)
        .port(u.port)
        .user(&u.user)
        .dbname(&u.database);
    if let Some(p) = &u.password {
        cfg.password(p);
    }
    cfg.connect(postgres::NoTls).unwrap()
}

pub fn mysql_admin() -> mysql::Conn {
    let u = url(ServerKind::Mysql);
    let opts = mysql::OptsBuilder::new()
        .ip_or_hostname(Some(u.host.clone()))
        .tcp_port(u.port)
        .user(Some(u.user.clone()))
        .pass(u.password.clone())
        .db_name(Some(u.database.clone()))
        .prefer_socket(false);
    mysql::Conn::new(opts).unwrap()
}
