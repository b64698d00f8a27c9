//! Typed errors of the lab. Each maps to "bad input" (exit 2) or "engine trouble" for the CLI.

use std::fmt;
use std::path::PathBuf;

use super::backend::EngineError;
use crate::lang::{Lang, Text};

#[derive(Debug)]
pub enum LabError {
    /// A scenario file is malformed; `origin` names the file or built-in id.
    Scenario {
        origin: String,
        message: String,
    },
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    UnknownLevel(String),
    UnknownScenario {
        id: String,
        suggestions: Vec<String>,
    },
    UnknownSession(String),
    /// The scenario does not list this engine in `engines`.
    NotApplicable {
        scenario: String,
        engine: String,
    },
    /// The engine failed outside a step: creating the database, setup SQL, invariant queries.
    Engine {
        context: String,
        error: Box<EngineError>,
    },
    /// A session cannot be reconfigured right now (busy, or inside a transaction).
    SessionState {
        session: String,
        reason: &'static str,
    },
    /// A learner's answer to a lab exercise is unusable (empty, transaction control, too long).
    BadAnswer(Text),
    /// An `--engine` value that names no engine.
    BadEngine(Text),
    /// A server that cannot be reached or used; the text says how to start or fix it.
    Unreachable(Text),
}

impl LabError {
    /// True when the user (or a scenario author) gave bad input, as opposed to an engine failure.
    pub fn is_bad_input(&self) -> bool {
        !matches!(
            self,
            LabError::Io { .. } | LabError::Engine { .. } | LabError::Unreachable(_)
        )
    }

    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            LabError::Scenario { origin, message } if zh => {
                format!("场景 {origin} 有误：{message}")
            }
            LabError::Scenario { origin, message } => format!("scenario {origin}: {message}"),
            LabError::Io { path, source } if zh => format!("无法读取 {}：{source}", path.display()),
            LabError::Io { path, source } => format!("cannot read {}: {source}", path.display()),
            LabError::UnknownLevel(l) if zh => format!(
                "未知的隔离级别 `{l}`；可用：read-uncommitted、read-committed、repeatable-read、serializable、all"
            ),
            LabError::UnknownLevel(l) => format!(
                "unknown isolation level `{l}`; use read-uncommitted, read-committed, repeatable-read, serializable or all"
            ),
            LabError::UnknownScenario { id, suggestions } => {
                let mut s = if zh {
                    format!("未知的场景 `{id}`")
                } else {
                    format!("unknown scenario `{id}`")
                };
                if !suggestions.is_empty() {
                    s += if zh {
                        "；你是不是想要："
                    } else {
                        "; did you mean: "
                    };
                    s += &suggestions.join(", ");
                }
                s
            }
            LabError::UnknownSession(s) if zh => format!("未知的会话 `{s}`；请用 A、B 或 C"),
            LabError::UnknownSession(s) => format!("unknown session `{s}`; use A, B or C"),
            LabError::NotApplicable { scenario, engine } if zh => {
                format!("场景 {scenario} 不适用于引擎 {engine}")
            }
            LabError::NotApplicable { scenario, engine } => {
                format!("scenario {scenario} does not apply to engine {engine}")
            }
            LabError::Engine { context, error } => format!(
                "{context}: {} — {}",
                error.code,
                if zh {
                    error.meaning.get(lang)
                } else {
                    &error.message
                }
            ),
            LabError::SessionState { session, reason } => {
                let reason = super::messages::session_state_reason(reason, lang);
                if zh {
                    format!("会话 {session}：{reason}")
                } else {
                    format!("session {session}: {reason}")
                }
            }
            LabError::BadAnswer(m) | LabError::BadEngine(m) | LabError::Unreachable(m) => {
                m.get(lang).to_string()
            }
        }
    }
}

impl fmt::Display for LabError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for LabError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LabError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
