//! `--engine` values: `sqlite`, `postgres://user[:password]@host[:port]/db`,
//! `mysql://user[:password]@host[:port]/db[?innodb_snapshot_isolation=on|off]` (also
//! `postgresql://` and `mariadb://`), and the bare words `postgres` / `mysql` for the default
//! URLs. Parsed here rather than by the drivers so every mistake gets one clear message and a
//! password never reaches an error text.

use std::fmt;

use super::error::LabError;
use super::text_json::text;

/// Where `--engine all` (or a bare `postgres` / `mysql`) looks for servers, unless
/// `SQLDRILL_POSTGRES_URL` / `SQLDRILL_MYSQL_URL` say otherwise.
pub const DEFAULT_POSTGRES_URL: &str = "postgres://root@127.0.0.1/test";
pub const DEFAULT_MYSQL_URL: &str = "mysql://root@127.0.0.1/test";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServerKind {
    Postgres,
    Mysql,
}

impl ServerKind {
    pub fn default_port(self) -> u16 {
        match self {
            ServerKind::Postgres => 5432,
            ServerKind::Mysql => 3306,
        }
    }

    /// How the server is named in messages.
    pub fn product(self) -> &'static str {
        match self {
            ServerKind::Postgres => "PostgreSQL",
            ServerKind::Mysql => "MySQL/MariaDB",
        }
    }
}

#[derive(Clone, PartialEq, Eq)]
pub struct ServerUrl {
    pub kind: ServerKind,
    pub host: String,
    pub port: u16,
    pub user: String,
    pub password: Option<String>,
    pub database: String,
    /// MySQL only: `Some(true/false)` sets the session variable; `None` keeps the server's default.
    pub snapshot_isolation: Option<bool>,
}

/// Never shows the password (Debug included).
impl fmt::Debug for ServerUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl ServerUrl {
    /// `host:port`, as connection errors name the server.
    pub fn address(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// The URL with the password replaced by `***`.
    pub fn redacted(&self) -> String {
        let scheme = match self.kind {
            ServerKind::Postgres => "postgres",
            ServerKind::Mysql => "mysql",
        };
        let password = if self.password.is_some() { ":***" } else { "" };
        let mut s = format!(
            "{scheme}://{}{password}@{}/{}",
            self.user,
            self.address(),
            self.database
        );
        if let Some(on) = self.snapshot_isolation {
            s += if on {
                "?innodb_snapshot_isolation=on"
            } else {
                "?innodb_snapshot_isolation=off"
            };
        }
        s
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EngineSpec {
    Sqlite,
    Server(ServerUrl),
}

fn bad(spec: &str, en: &str, zh: &str) -> LabError {
    let shown = redact_raw(spec);
    LabError::BadEngine(text(
        format!("--engine {shown}: {en}"),
        format!("--engine {shown}：{zh}"),
    ))
}

/// Hides anything between `://user:` and `@` in text the user typed.
fn redact_raw(spec: &str) -> String {
    let Some((scheme, rest)) = spec.split_once("://") else {
        return spec.to_string();
    };
    match rest.rsplit_once('@') {
        Some((userinfo, host)) if userinfo.contains(':') => {
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}")
        }
        _ => spec.to_string(),
    }
}

/// `%XX` escapes in user names and passwords.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn valid_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
}

/// Parses one engine spec. `all` is not a spec of one engine; the CLI expands it.
pub fn parse(spec: &str) -> Result<EngineSpec, LabError> {
    let trimmed = spec.trim();
    match trimmed.to_ascii_lowercase().as_str() {
        "sqlite" => return Ok(EngineSpec::Sqlite),
        "postgres" | "postgresql" | "pg" => return parse(DEFAULT_POSTGRES_URL),
        "mysql" | "mariadb" => return parse(DEFAULT_MYSQL_URL),
        _ => {}
    }
    let Some((scheme, rest)) = trimmed.split_once("://") else {
        return Err(bad(
            spec,
            "unknown engine; use sqlite, all, postgres://user@host/db or mysql://user@host/db",
            "未知的引擎；请使用 sqlite、all、postgres://user@host/db 或 mysql://user@host/db",
        ));
    };
    let kind = match scheme.to_ascii_lowercase().as_str() {
        "postgres" | "postgresql" => ServerKind::Postgres,
        "mysql" | "mariadb" => ServerKind::Mysql,
        _ => {
            return Err(bad(
                spec,
                "unknown scheme; use postgres:// or mysql://",
                "未知的协议；请使用 postgres:// 或 mysql://",
            ));
        }
    };
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, Some(q)),
        None => (rest, None),
    };
    let (authority, database) = rest.split_once('/').unwrap_or((rest, ""));
    let (userinfo, hostport) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, authority),
    };
    let (user, password) = match userinfo {
        Some(u) => match u.split_once(':') {
            Some((name, pass)) => (name, Some(pass)),
            None => (u, None),
        },
        None => ("root", None),
    };
    let user = percent_decode(user)
        .filter(|u| !u.is_empty())
        .ok_or_else(|| {
            bad(
                spec,
                "the user name is empty or badly escaped",
                "用户名为空或转义有误",
            )
        })?;
    let password = match password {
        Some(p) => Some(
            percent_decode(p)
                .ok_or_else(|| bad(spec, "the password is badly escaped", "密码的转义有误"))?,
        ),
        None => None,
    };
    let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
        let (h, after) = v6
            .split_once(']')
            .ok_or_else(|| bad(spec, "unclosed [ in the host", "主机名中的 [ 没有闭合"))?;
        (h.to_string(), after.strip_prefix(':'))
    } else {
        match hostport.split_once(':') {
            Some((h, p)) => (h.to_string(), Some(p)),
            None => (hostport.to_string(), None),
        }
    };
    let host_ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == ':' || c == '_');
    if !host_ok {
        return Err(bad(spec, "missing or invalid host", "主机名缺失或无效"));
    }
    let port = match port {
        Some(p) => p
            .parse::<u16>()
            .ok()
            .filter(|p| *p > 0)
            .ok_or_else(|| bad(spec, "invalid port", "端口无效"))?,
        None => kind.default_port(),
    };
    let database = database.trim_end_matches('/');
    if !valid_name(database) {
        return Err(bad(
            spec,
            "name a database after the host, e.g. postgres://root@127.0.0.1/test",
            "请在主机之后写上数据库名，例如 postgres://root@127.0.0.1/test",
        ));
    }
    let mut snapshot_isolation = None;
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let on = match value.to_ascii_lowercase().as_str() {
            "on" | "1" | "true" | "yes" => true,
            "off" | "0" | "false" | "no" => false,
            _ => {
                return Err(bad(
                    spec,
                    &format!("{key} takes on or off"),
                    &format!("{key} 的取值应为 on 或 off"),
                ));
            }
        };
        match (kind, key.to_ascii_lowercase().as_str()) {
            (ServerKind::Mysql, "innodb_snapshot_isolation" | "snapshot_isolation") => {
                snapshot_isolation = Some(on)
            }
            _ => {
                return Err(bad(
                    spec,
                    &format!(
                        "unknown parameter {key}; the only one is innodb_snapshot_isolation=on|off (MySQL/MariaDB)"
                    ),
                    &format!(
                        "未知的参数 {key}；唯一支持的是 innodb_snapshot_isolation=on|off（MySQL/MariaDB）"
                    ),
                ));
            }
        }
    }
    Ok(EngineSpec::Server(ServerUrl {
        kind,
        host,
        port,
        user,
        password,
        database: database.to_string(),
        snapshot_isolation,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(spec: &str) -> ServerUrl {
        match parse(spec).unwrap() {
            EngineSpec::Server(s) => s,
            EngineSpec::Sqlite => panic!("{spec} parsed as sqlite"),
        }
    }

    #[test]
    fn parses_postgres_and_mysql_urls() {
        let pg = server("postgres://root@127.0.0.1/test");
        assert_eq!(pg.kind, ServerKind::Postgres);
        assert_eq!((pg.host.as_str(), pg.port), ("127.0.0.1", 5432));
        assert_eq!((pg.user.as_str(), pg.database.as_str()), ("root", "test"));
        let my = server("mariadb://app:p%40ss@db.local:3307/lab?innodb_snapshot_isolation=on");
        assert_eq!(my.kind, ServerKind::Mysql);
        assert_eq!(my.port, 3307);
        assert_eq!(my.password.as_deref(), Some("p@ss"));
        assert_eq!(my.snapshot_isolation, Some(true));
        assert_eq!(
            my.redacted(),
            "mysql://app:***@db.local:3307/lab?innodb_snapshot_isolation=on"
        );
        let v6 = server("postgres://root@[::1]:5433/test");
        assert_eq!(
            (v6.host.as_str(), v6.address()),
            ("::1", "[::1]:5433".to_string())
        );
    }

    #[test]
    fn bare_names_use_the_default_urls() {
        assert_eq!(parse("sqlite").unwrap(), EngineSpec::Sqlite);
        assert_eq!(
            server("postgres").redacted(),
            "postgres://root@127.0.0.1:5432/test"
        );
        assert_eq!(
            server("MySQL").redacted(),
            "mysql://root@127.0.0.1:3306/test"
        );
    }

    #[test]
    fn mistakes_are_explained_without_the_password() {
        for spec in [
            "oracle://x",
            "postgres://root:secret@127.0.0.1",
            "postgres://root@/test",
            "mysql://root@host:99999/test",
            "postgres://root@host/test?innodb_snapshot_isolation=on",
            "mysql://root@host/test?innodb_snapshot_isolation=maybe",
            "postgres://root@host/te;st",
        ] {
            let err = parse(spec).unwrap_err().to_string();
            assert!(!err.contains("secret"), "{err}");
            assert!(err.starts_with("--engine "), "{err}");
        }
    }
}
