//! Grading `script` exercises: the answer's statements run on a copy of each dataset, then
//! the exercise's `after` patch, then check queries whose results are compared with those
//! the reference script leaves behind.

use super::Grader;
use super::datasets::Dataset;
use super::error::GradeError;
use super::expected::{self, Expected};
use super::feedback::{self, compare, engine_error_text, mismatch_verdict};
use super::query::broken;
use super::verdict::{FailCode, Verdict};
use crate::catalog::Exercise;
use crate::engine::run::StatementOutcome;
use crate::engine::{Access, EngineError, Sandbox, input};
use crate::tr;

/// The check results, or the check (empty for the `after` patch) that failed and why.
pub(crate) type CheckResults = Result<Vec<Expected>, (String, EngineError)>;

/// Runs a script, the `after` patch and the checks on a fresh copy of `ds`.
pub(crate) fn run_checks(
    g: &Grader<'_>,
    ex: &Exercise,
    ds: &Dataset,
    access: Access,
    script: &str,
) -> Result<(Vec<StatementOutcome>, CheckResults), GradeError> {
    let pieces = input::script(script, &g.caps).map_err(GradeError::BadInput)?;
    let sb = Sandbox::open(&ds.image, access, &g.caps)
        .map_err(|e| GradeError::Catalog(e.to_string()))?;
    let outcomes = sb.run_script(&pieces);
    if let Some(after) = &ex.meta.after
        && let Err(e) = sb.execute_trusted(after)
    {
        return Ok((outcomes, Err((String::new(), e))));
    }
    let mut results = Vec::new();
    for check in &ex.meta.checks {
        match expected::run(&sb, check) {
            Ok(e) => results.push(e),
            Err(e) => return Ok((outcomes, Err((check.clone(), e)))),
        }
    }
    Ok((outcomes, Ok(results)))
}

pub fn grade(g: &Grader<'_>, ex: &Exercise, answer: &str) -> Result<Verdict, GradeError> {
    let lang = g.lang;
    let pieces = input::script(answer, &g.caps).map_err(GradeError::BadInput)?;
    let datasets = g.datasets(ex)?;
    let mut outcome = None;
    for (i, ds) in datasets.iter().enumerate() {
        let (statements, checks) = run_checks(g, ex, ds, Access::Script, answer)?;
        if i == 0
            && let Some((n, e)) = statements.iter().enumerate().find_map(|(n, s)| {
                s.error
                    .as_ref()
                    .filter(|e| e.is_syntax() || matches!(e, EngineError::Denied(_)))
                    .map(|e| (n, e))
            })
        {
            return Err(GradeError::BadInput(
                e.clone().relocate(answer, pieces[n].start),
            ));
        }
        let errors: Vec<String> = statements
            .iter()
            .filter_map(|s| {
                s.error.as_ref().map(|e| {
                    tr!(
                        lang,
                        StatementFailed,
                        n = s.index,
                        error = engine_error_text(lang, e)
                    )
                })
            })
            .collect();
        let reference = reference(g, ex, ds)?;
        let out_of_budget = statements
            .iter()
            .find_map(|s| s.error.as_ref())
            .filter(|e| matches!(e, EngineError::CheckBudget(_)));
        let failure = match checks {
            _ if out_of_budget.is_some() => {
                out_of_budget.map(|e| feedback::error_verdict(&ex.id, lang, ds, e))
            }
            Err((check, e)) => {
                let msg = if check.is_empty() {
                    tr!(lang, AfterFailed, error = engine_error_text(lang, &e))
                } else {
                    tr!(
                        lang,
                        CheckFailed,
                        check = check,
                        error = engine_error_text(lang, &e)
                    )
                };
                let mut v = Verdict::fail(&ex.id, FailCode::Error, msg);
                feedback::on_dataset(&mut v, lang, ds);
                Some(v)
            }
            Ok(actual) => ex
                .meta
                .checks
                .iter()
                .zip(reference.iter().zip(&actual))
                .find_map(|(check, (want, got))| {
                    compare(want, &got.result).map(|m| {
                        let mut v = mismatch_verdict(&ex.id, lang, ds, &want.result.columns, m);
                        v.message =
                            format!("{}\n{}", tr!(lang, CheckDiffers, check = check), v.message);
                        v
                    })
                }),
        };
        if let Some(mut v) = failure {
            v.details = errors;
            outcome = Some((i, v));
            break;
        }
    }
    Ok(g.finish(ex, &datasets, outcome))
}

/// What the reference script leaves behind on `ds`, computed once.
fn reference(
    g: &Grader<'_>,
    ex: &Exercise,
    ds: &Dataset,
) -> Result<std::sync::Arc<Vec<Expected>>, GradeError> {
    g.expected(ex, ds, || {
        let (statements, checks) = run_checks(g, ex, ds, Access::Script, &ex.solution)?;
        if let Some(e) = statements.iter().find_map(|s| s.error.as_ref()) {
            return Err(broken(g, ex, ds, e));
        }
        checks.map_err(|(_, e)| broken(g, ex, ds, &e))
    })
}
