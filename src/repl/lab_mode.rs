//! `.lab`: the REPL's two-session isolation mode. Sessions A and B (and C where a scenario
//! has one) each hold their own connection on their own thread (src/lab). A statement that
//! blocks shows `waiting…` at once and the other session stays usable; when it finishes, the
//! next prompt shows where it resumed.
//!
//! Lines: `SQL` runs in the current session, `A: SQL` in session A; `.a` `.b` `.c` switch;
//! `.level A repeatable-read` sets a session's level; `.status`; `.lab off` leaves.

use crate::error::Error;
use crate::lab::interactive::Reply;
use crate::lab::{self, LabConsole, LabError, Level};
use crate::lang::Lang;
use crate::tr;

/// Hermitage's table, used when `.lab` names no scenario.
const DEFAULT_SETUP: &str = "CREATE TABLE test (id INT PRIMARY KEY, value INT);
INSERT INTO test (id, value) VALUES (1, 10), (2, 20);";

pub struct LabMode {
    console: LabConsole,
    current: String,
    engine: String,
    scenario: Option<String>,
}

/// What `.lab` was asked for: `[SCENARIO] [--engine E] [--level L]`.
#[derive(Debug, Default, PartialEq)]
pub struct LabArgs {
    pub scenario: Option<String>,
    pub engine: Option<String>,
    pub level: Option<String>,
}

pub fn parse_args(arg: Option<&str>) -> Result<LabArgs, String> {
    let mut out = LabArgs::default();
    let mut words = arg.unwrap_or("").split_whitespace();
    while let Some(w) = words.next() {
        let (flag, inline) = match w.split_once('=') {
            Some((f, v)) => (f, Some(v.to_string())),
            None => (w, None),
        };
        match flag {
            "--engine" | "--level" => {
                let value = inline
                    .or_else(|| words.next().map(str::to_string))
                    .ok_or_else(|| format!("{flag} needs a value"))?;
                if flag == "--engine" {
                    out.engine = Some(value);
                } else {
                    out.level = Some(value);
                }
            }
            f if f.starts_with("--") => return Err(format!("unknown option {f}")),
            _ if out.scenario.is_none() => out.scenario = Some(w.to_string()),
            _ => return Err(format!("unexpected {w:?}")),
        }
    }
    Ok(out)
}

fn lab_err(e: LabError) -> Error {
    Error::Lab(e)
}

impl LabMode {
    pub fn start(args: &LabArgs) -> Result<LabMode, Error> {
        let level = match &args.level {
            Some(l) => Level::parse(l).ok_or_else(|| lab_err(LabError::UnknownLevel(l.clone())))?,
            None => Level::ReadCommitted,
        };
        let backend = crate::cli::lab::backends(args.engine.as_deref(), None)?
            .connected
            .into_iter()
            .next()
            .ok_or_else(|| Error::Usage("no engine".into()))?;
        let console = match &args.scenario {
            Some(id) => {
                let all = lab::builtin();
                let scenario = lab::find(&all, id).map_err(lab_err)?;
                LabConsole::for_scenario(backend.as_ref(), scenario, level).map_err(lab_err)?
            }
            None => LabConsole::open(backend.as_ref(), DEFAULT_SETUP, level).map_err(lab_err)?,
        };
        Ok(LabMode {
            console,
            current: "A".into(),
            engine: lab::render::engine_name(backend.name()).to_string(),
            scenario: args.scenario.clone(),
        })
    }

    /// What the user is told on entering: engine, sessions, levels, how to type.
    pub fn intro(&self, lang: Lang) -> String {
        let sessions = self.console.sessions().join(", ");
        let setup = match &self.scenario {
            Some(s) => tr!(lang, ReplLabScenario, scenario = s),
            None => tr!(lang, ReplLabDefaultTable),
        };
        format!(
            "{}\n{}\n{}",
            tr!(lang, ReplLabOn, engine = self.engine, sessions = sessions),
            setup,
            self.status_text(lang)
        )
    }

    /// `A> `, `A*> ` inside a transaction, `A…> ` while A's statement waits.
    pub fn prompt(&self) -> String {
        let s = &self.current;
        let mark = if self.console.is_waiting(s).unwrap_or(false) {
            "…"
        } else if self.console.in_transaction(s).unwrap_or(false) {
            "*"
        } else {
            ""
        };
        format!("{s}{mark}> ")
    }

    /// A dot-line meant for the lab (`.a`, `.b`, `.c`, `.level`, `.status`), or `None` when
    /// the line is an ordinary REPL command.
    pub fn command(&mut self, line: &str, lang: Lang) -> Option<Result<String, Error>> {
        let line = line.trim();
        let name = line
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match name.as_str() {
            ".a" | ".b" | ".c" => {
                let session = name[1..].to_ascii_uppercase();
                Some(match self.console.level(&session) {
                    Ok(_) => {
                        self.current = session;
                        Ok(String::new())
                    }
                    Err(e) => Err(lab_err(e)),
                })
            }
            ".level" | ".status" => Some(self.reply(line, lang)),
            _ => None,
        }
    }

    /// Runs one statement: `A: SQL` in that session, otherwise in the current one.
    pub fn run(&mut self, sql: &str, lang: Lang) -> Result<String, Error> {
        let (session, sql) = match session_prefix(sql) {
            Some((s, rest)) => (s, rest),
            None => (self.current.clone(), sql.to_string()),
        };
        let events = self.console.execute(&session, &sql).map_err(lab_err)?;
        Ok(self.console.render(&events, lang))
    }

    /// Statements that finished since the last prompt (a waiting one that resumed).
    pub fn poll(&mut self, lang: Lang) -> Option<String> {
        let events = self.console.poll();
        (!events.is_empty()).then(|| self.console.render(&events, lang))
    }

    fn reply(&mut self, line: &str, lang: Lang) -> Result<String, Error> {
        match self.console.command(line).map_err(lab_err)? {
            Reply::LevelSet { session, level } => Ok(tr!(
                lang,
                ReplLabLevelSet,
                session = session,
                level = level.as_str()
            )),
            Reply::Status { .. } => Ok(self.status_text(lang)),
            Reply::Events { events } => Ok(self.console.render(&events, lang)),
        }
    }

    fn status_text(&self, lang: Lang) -> String {
        self.console
            .status()
            .iter()
            .map(|s| {
                let state = if s.waiting {
                    tr!(lang, ReplLabWaiting)
                } else if s.in_transaction {
                    tr!(lang, ReplLabInTransaction)
                } else {
                    tr!(lang, ReplLabIdle)
                };
                format!("  {}: {} · {}", s.session, s.level.as_str(), state)
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// `A: SELECT 1` → ("A", "SELECT 1"); the session letter is case-insensitive.
fn session_prefix(sql: &str) -> Option<(String, String)> {
    let t = sql.trim_start();
    let mut chars = t.chars();
    let letter = chars.next()?;
    let rest = chars.as_str().trim_start();
    if !matches!(letter.to_ascii_uppercase(), 'A' | 'B' | 'C') {
        return None;
    }
    let rest = rest.strip_prefix(':')?;
    Some((
        letter.to_ascii_uppercase().to_string(),
        rest.trim().to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_prefix_routes_a_line() {
        assert_eq!(
            session_prefix("B: SELECT 1"),
            Some(("B".into(), "SELECT 1".into()))
        );
        assert_eq!(
            session_prefix("a :select 1"),
            Some(("A".into(), "select 1".into()))
        );
        assert_eq!(session_prefix("SELECT 1"), None);
        assert_eq!(session_prefix("ALTER TABLE t"), None);
    }

    #[test]
    fn args_take_a_scenario_an_engine_and_a_level() {
        assert_eq!(
            parse_args(Some("phantom-read --engine sqlite --level=serializable")),
            Ok(LabArgs {
                scenario: Some("phantom-read".into()),
                engine: Some("sqlite".into()),
                level: Some("serializable".into())
            })
        );
        assert!(parse_args(Some("--engine")).is_err());
        assert!(parse_args(Some("a b")).is_err());
    }

    #[test]
    fn a_blocked_writer_waits_and_the_other_session_stays_usable() {
        let mut lab = LabMode::start(&LabArgs::default()).unwrap();
        let lang = Lang::En;
        lab.run("A: BEGIN", lang).unwrap();
        lab.run("A: UPDATE test SET value = 11 WHERE id = 1", lang)
            .unwrap();
        assert_eq!(lab.prompt(), "A*> ");
        let out = lab
            .run("B: UPDATE test SET value = 12 WHERE id = 1", lang)
            .unwrap();
        assert!(out.contains("waiting"), "{out}");
        lab.command(".b", lang).unwrap().unwrap();
        assert_eq!(lab.prompt(), "B…> ");
        // A is still usable while B waits.
        let out = lab
            .run("A: SELECT value FROM test WHERE id = 1", lang)
            .unwrap();
        assert!(out.contains("11"), "{out}");
        let out = lab.run("A: COMMIT", lang).unwrap();
        let mut all = out;
        for _ in 0..100 {
            if !lab.console.is_waiting("B").unwrap() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
            all.push_str(&lab.poll(lang).unwrap_or_default());
        }
        all.push_str(&lab.poll(lang).unwrap_or_default());
        assert!(all.contains("resumed"), "{all}");
    }
}
