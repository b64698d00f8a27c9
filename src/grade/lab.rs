//! Grading `lab` exercises by running isolation scenarios on real sessions (src/lab). Each
//! run the lab bases its grade on is reported like a dataset.

use super::Grader;
use super::error::GradeError;
use super::verdict::{DatasetReport, DatasetStatus, FailCode, Outcome, Verdict};
use crate::catalog::Exercise;
use crate::engine::split;
use crate::lab::{self, LabLimits};

/// Which lab exercise an exercise is, from its `[lab]` table.
fn setting<'e>(ex: &'e Exercise, key: &str) -> Option<&'e str> {
    ex.meta.lab.as_ref()?.get(key)?.as_str()
}

/// The answer without comments and trailing semicolons (a level name, or statements).
fn strip(answer: &str) -> String {
    split::statements(answer)
        .iter()
        .map(|p| strip_comments(p.sql))
        .collect::<Vec<_>>()
        .join(";\n")
}

fn strip_comments(sql: &str) -> String {
    let kept: Vec<&str> = sql
        .lines()
        .filter(|l| !l.trim_start().starts_with("--"))
        .collect();
    kept.join("\n")
        .trim()
        .trim_end_matches(';')
        .trim()
        .to_string()
}

pub fn grade(g: &Grader<'_>, ex: &Exercise, answer: &str) -> Result<Verdict, GradeError> {
    let lang = g.lang;
    if answer.len() > g.caps.max_sql_bytes {
        return Err(GradeError::BadInput(crate::engine::EngineError::TooLong {
            bytes: answer.len(),
            cap: g.caps.max_sql_bytes,
        }));
    }
    let text = strip(answer);
    if text.is_empty() {
        return Err(GradeError::BadInput(crate::engine::EngineError::Empty));
    }
    // One total budget for the whole check, every schedule together, as for the other kinds.
    let limits = LabLimits {
        statement: g.caps.timeout,
        deadline: Some(std::time::Instant::now() + g.caps.check_budget()),
        ..LabLimits::default()
    };
    let kind = setting(ex, "exercise").unwrap_or_default();
    // The engine the learner chose with SQLDRILL_ENGINE (default SQLite); an unreachable server
    // is reported, not silently replaced by SQLite.
    let backend = match kind {
        "weakest-level" | "lost-update" | "phantom" => {
            lab::engines::for_grading().map_err(|e| {
                if e.is_bad_input() {
                    GradeError::BadAnswer(e.message(lang))
                } else {
                    GradeError::Catalog(e.message(lang))
                }
            })?
        }
        _ => Box::new(lab::SqliteBackend::new()),
    };
    let backend = backend.as_ref();
    let graded = match kind {
        "weakest-level" => {
            let scenario = setting(ex, "scenario").unwrap_or("phantom-read");
            lab::exercise::weakest_level(&lab::builtin(), scenario, &text, backend)
        }
        "lost-update" => lab::exercise::lost_update(&text, &limits, backend),
        "phantom" => lab::exercise::phantom(&text, &limits, backend),
        other => {
            return Err(GradeError::Catalog(format!(
                "{}: unknown lab exercise {other:?} (weakest-level, lost-update, phantom)",
                ex.id
            )));
        }
    };
    let grade = graded.map_err(|e| {
        if e.is_bad_input() {
            GradeError::BadAnswer(e.message(lang))
        } else {
            GradeError::Catalog(e.message(lang))
        }
    })?;
    if limits.expired() {
        let secs = format!("{:.1}", g.caps.check_budget().as_secs_f64());
        let mut v = Verdict::fail(
            &ex.id,
            FailCode::Lab,
            crate::tr!(lang, CheckBudget, secs = secs),
        );
        v.hint = ex
            .meta
            .hints
            .first()
            .map(|h| h.get(lang).trim().to_string());
        return Ok(v);
    }
    let mut v = if grade.passed {
        Verdict::new(&ex.id, Outcome::Pass, String::new())
    } else {
        let mut v = Verdict::fail(
            &ex.id,
            FailCode::Lab,
            grade.explanation.get(lang).to_string(),
        );
        v.hint = ex
            .meta
            .hints
            .first()
            .map(|h| h.get(lang).trim().to_string());
        v
    };
    v.datasets = grade
        .checks
        .iter()
        .map(|c| DatasetReport {
            name: c.name.clone(),
            about: c.detail.get(lang).to_string(),
            status: if c.passed {
                DatasetStatus::Pass
            } else {
                DatasetStatus::Fail
            },
        })
        .collect();
    v.details = grade
        .checks
        .iter()
        .map(|c| {
            format!(
                "{} {}",
                if c.passed { "✓" } else { "✗" },
                c.detail.get(lang)
            )
        })
        .collect();
    if let Some(failed) = grade.checks.iter().find(|c| !c.passed) {
        v.failed_dataset = Some(failed.name.clone());
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_semicolons_are_not_part_of_the_answer() {
        assert_eq!(
            strip("-- the weakest\nrepeatable-read;\n"),
            "repeatable-read"
        );
        assert_eq!(strip("SELECT 1; -- x\nSELECT 2;"), "SELECT 1;\nSELECT 2");
    }
}
