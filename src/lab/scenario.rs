//! An isolation scenario as data: setup SQL, `A: …` / `B: …` steps, detectors, texts in en/zh.

use serde::Deserialize;

use super::detector::{Detector, DetectorSpec};
use super::error::LabError;
use super::statement::{Control, classify, split};
use crate::lang::Text;

/// Engines a scenario can name in `engines`.
pub const ENGINES: [&str; 3] = ["sqlite", "postgres", "mysql"];

/// Session labels, in column order.
const SESSIONS: [&str; 3] = ["A", "B", "C"];

#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// Index into `Scenario::sessions`.
    pub session: usize,
    pub sql: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub id: String,
    pub title: Text,
    /// What it demonstrates, one sentence (the `sqldrill lab` listing).
    pub description: Text,
    /// Why it happens and how levels prevent it.
    pub explanation: Text,
    /// The verdict when the detector fires, e.g. "phantom read: A's second read returned …".
    pub anomaly: Text,
    /// For interview stories: the Hermitage test whose mechanism it reuses.
    pub reuses: Option<String>,
    pub engines: Vec<String>,
    pub setup: String,
    /// Session names used by the steps, in column order (`A`, `B`, maybe `C`).
    pub sessions: Vec<String>,
    pub steps: Vec<Step>,
    pub detectors: Vec<Detector>,
    /// Where it came from: `builtin` or a file path.
    pub origin: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioFile {
    id: String,
    title: Text,
    description: Text,
    explanation: Text,
    anomaly: Text,
    #[serde(default)]
    reuses: Option<String>,
    #[serde(default = "all_engines")]
    engines: Vec<String>,
    setup: String,
    steps: Vec<String>,
    detector: Vec<DetectorSpec>,
}

fn all_engines() -> Vec<String> {
    ENGINES.iter().map(|e| e.to_string()).collect()
}

impl Scenario {
    pub fn from_toml(text: &str, origin: &str) -> Result<Scenario, LabError> {
        let bad = |message: String| LabError::Scenario {
            origin: origin.to_string(),
            message,
        };
        let file: ScenarioFile = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
        if file.id.is_empty()
            || !file
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(bad(format!(
                "id `{}` must be lowercase letters, digits and `-`",
                file.id
            )));
        }
        for e in &file.engines {
            if !ENGINES.contains(&e.as_str()) {
                return Err(bad(format!(
                    "unknown engine `{e}`; use {}",
                    ENGINES.join(", ")
                )));
            }
        }
        if file.title.en.trim().is_empty() || file.anomaly.en.trim().is_empty() {
            return Err(bad("title.en and anomaly.en are required".into()));
        }
        let mut labels: Vec<(usize, String)> = Vec::new();
        for (i, raw) in file.steps.iter().enumerate() {
            let (label, sql) = raw
                .split_once(':')
                .ok_or_else(|| bad(format!("step {}: write it as `A: SQL`", i + 1)))?;
            let label = label.trim().to_ascii_uppercase();
            let idx = SESSIONS.iter().position(|s| *s == label).ok_or_else(|| {
                bad(format!(
                    "step {}: session `{label}` must be A, B or C",
                    i + 1
                ))
            })?;
            if sql.trim().is_empty() {
                return Err(bad(format!("step {}: no SQL", i + 1)));
            }
            if split(sql).len() > 1 {
                return Err(bad(format!("step {}: one statement per step", i + 1)));
            }
            if let Control::Unsupported(what) = classify(sql) {
                return Err(bad(format!(
                    "step {}: {what} is not supported; use BEGIN, COMMIT, ROLLBACK",
                    i + 1
                )));
            }
            labels.push((idx, sql.trim().trim_end_matches(';').trim().to_string()));
        }
        if labels.is_empty() {
            return Err(bad("no steps".into()));
        }
        let mut used: Vec<usize> = labels.iter().map(|(i, _)| *i).collect();
        used.sort_unstable();
        used.dedup();
        let sessions: Vec<String> = used.iter().map(|i| SESSIONS[*i].to_string()).collect();
        let steps = labels
            .into_iter()
            .map(|(idx, sql)| Step {
                session: used.iter().position(|u| *u == idx).unwrap_or_default(),
                sql,
            })
            .collect::<Vec<_>>();
        if file.detector.is_empty() {
            return Err(bad("at least one [[detector]] is required".into()));
        }
        let detectors = file
            .detector
            .into_iter()
            .enumerate()
            .map(|(i, spec)| {
                Detector::from_spec(spec, steps.len())
                    .map_err(|m| bad(format!("detector {}: {m}", i + 1)))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Scenario {
            id: file.id,
            title: file.title,
            description: file.description,
            explanation: file.explanation,
            anomaly: file.anomaly,
            reuses: file.reuses,
            engines: file.engines,
            setup: file.setup,
            sessions,
            steps,
            detectors,
            origin: origin.to_string(),
        })
    }

    pub fn applies_to(&self, engine: &str) -> bool {
        self.engines.iter().any(|e| e == engine)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = r#"
id = "mini"
title.en = "Mini"
description.en = "d"
explanation.en = "e"
anomaly.en = "a"
setup = "CREATE TABLE t (x INT)"
steps = ["B: SELECT 1", "A: SELECT 2"]
[[detector]]
differ = [1, 2]
"#;

    #[test]
    fn parses_sessions_in_label_order() {
        let s = Scenario::from_toml(MINI, "test").unwrap();
        assert_eq!(s.sessions, vec!["A", "B"]);
        assert_eq!(s.steps[0].session, 1);
        assert_eq!(s.steps[1].session, 0);
    }

    #[test]
    fn rejects_bad_step_reference() {
        let bad = MINI.replace("differ = [1, 2]", "differ = [1, 9]");
        let err = Scenario::from_toml(&bad, "test").unwrap_err();
        assert!(err.to_string().contains("step 9"), "{err}");
    }

    #[test]
    fn rejects_two_statements_in_one_step() {
        let bad = MINI.replace("B: SELECT 1", "B: SELECT 1; SELECT 2");
        let err = Scenario::from_toml(&bad, "test").unwrap_err();
        assert!(err.to_string().contains("one statement"), "{err}");
    }

    #[test]
    fn rejects_unknown_session() {
        let bad = MINI.replace("B: SELECT 1", "D: SELECT 1");
        assert!(Scenario::from_toml(&bad, "test").is_err());
    }
}
