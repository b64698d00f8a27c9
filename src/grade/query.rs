//! Grading `query` exercises: one read-only SELECT compared by result on every dataset.

use super::datasets::Dataset;
use super::error::GradeError;
use super::expected::{self, Expected};
use super::feedback::{self, compare, mismatch_verdict};
use super::verdict::{FailCode, Timing, Verdict};
use super::{Grader, analyze, ties};
use crate::catalog::Exercise;
use crate::engine::{EngineError, Sandbox, input};
use crate::tr;
use std::time::{Duration, Instant};

/// Datasets at least this large (the 1,000,000-row articles fixture, not the small ones) get
/// a timing in the feedback: the answer's time next to the reference's on the base dataset.
pub const TIMING_MIN_BYTES: usize = 8 << 20;

pub fn grade(g: &Grader<'_>, ex: &Exercise, answer: &str) -> Result<Verdict, GradeError> {
    let lang = g.lang;
    let piece = input::single(answer, &g.caps).map_err(GradeError::BadInput)?;
    let sql = piece.sql;
    let datasets = g.datasets(ex)?;
    let mut outcome = None;
    let mut base_columns = Vec::new();
    let ast = analyze::parse_query(sql);
    let mut answer_time = None;
    for (i, ds) in datasets.iter().enumerate() {
        let sb = g.read_only(&ds.image).map_err(internal)?;
        // Once SQLite accepts the statement (prepared, not run), the structural rules come
        // first: an answer that breaks one is not run on a 1,000,000-row dataset for nothing.
        let accepted = i == 0 && sb.conn().prepare(sql).is_ok_and(|stmt| stmt.readonly());
        if accepted && let Some(v) = structure(g, ex, ast.as_deref().map_err(String::as_str))? {
            outcome = Some((i, v));
            break;
        }
        if i == 0 && ds.image.len() >= TIMING_MIN_BYTES {
            // Read the schema first, so the timing is the statement's alone, as the
            // reference's is (see `timing`).
            let _ = sb.conn().prepare("SELECT 1 FROM sqlite_schema LIMIT 0");
        }
        let started = Instant::now();
        let result = sb.query(sql, true);
        if i == 0 && result.is_ok() {
            answer_time = Some(started.elapsed());
        }
        let actual = match result {
            Ok(rs) => rs,
            Err(e) if i == 0 && is_input_error(&e) => {
                return Err(GradeError::BadInput(e.relocate(answer, piece.start)));
            }
            Err(e) => {
                outcome = Some((i, feedback::error_verdict(&ex.id, lang, ds, &e)));
                break;
            }
        };
        if i == 0 {
            base_columns = actual.columns.clone();
            // SQLite ran it; the structural rules, unless they were checked above.
            if !accepted && let Some(v) = structure(g, ex, ast.as_deref().map_err(String::as_str))?
            {
                outcome = Some((i, v));
                break;
            }
        }
        let expected = reference_in(g, ex, ds, Some(&sb))?;
        if let Ok(q) = &ast
            && let Some(cut) = ties::limit_cut(&sb, q)
        {
            let message = if cut.keys.is_empty() {
                tr!(lang, LimitNoOrder)
            } else {
                let keys: Vec<String> = cut.keys.iter().map(|k| k.to_string()).collect();
                tr!(
                    lang,
                    LimitTies,
                    a = cut.a,
                    b = cut.b,
                    keys = keys.join(", ")
                )
            };
            let mut v = Verdict::fail(&ex.id, FailCode::LimitTies, message);
            feedback::on_dataset(&mut v, lang, ds);
            outcome = Some((i, v));
            break;
        }
        if let Some(m) = compare(&expected, &actual) {
            let v = mismatch_verdict(&ex.id, lang, ds, &expected.result.columns, m);
            outcome = Some((i, v));
            break;
        }
    }
    if outcome.is_none()
        && let Some(v) = column_names(g, ex, &base_columns)
    {
        outcome = Some((0, v));
    }
    let mut verdict = g.finish(ex, &datasets, outcome);
    if let Some(timing) = timing(g, ex, &datasets[0], answer_time) {
        feedback::attach_timing(&mut verdict, lang, timing);
    }
    Ok(verdict)
}

/// The answer's and the reference's time on the base dataset, when it is large.
fn timing(
    g: &Grader<'_>,
    ex: &Exercise,
    base: &Dataset,
    answer: Option<Duration>,
) -> Option<Timing> {
    if base.image.len() < TIMING_MIN_BYTES {
        return None;
    }
    if g.reference_time(ex, base).is_none() {
        // The answer failed before the reference ran (a structural rule): run it now.
        reference(g, ex, base).ok()?;
    }
    let reference = g.reference_time(ex, base)?;
    Some(Timing {
        dataset: base.name.clone(),
        answer_ms: answer?.as_secs_f64() * 1000.0,
        reference_ms: reference.as_secs_f64() * 1000.0,
    })
}

/// Errors that mean the input itself is unusable, rather than wrong on some dataset.
fn is_input_error(e: &EngineError) -> bool {
    matches!(
        e,
        EngineError::Prepare { .. } | EngineError::Denied(_) | EngineError::NotReadOnly { .. }
    )
}

fn internal(e: EngineError) -> GradeError {
    GradeError::Catalog(e.to_string())
}

/// The reference's result on `ds`.
pub(crate) fn reference(
    g: &Grader<'_>,
    ex: &Exercise,
    ds: &Dataset,
) -> Result<Expected, GradeError> {
    reference_in(g, ex, ds, None)
}

/// The reference's result on `ds`, computed (once) in `sandbox` when given: the answer's own
/// read-only sandbox on the same dataset, which the answer cannot have changed, so the
/// dataset is not opened (copied, its schema parsed) a second time.
fn reference_in(
    g: &Grader<'_>,
    ex: &Exercise,
    ds: &Dataset,
    sandbox: Option<&Sandbox>,
) -> Result<Expected, GradeError> {
    let list = g.expected(ex, ds, || {
        let own;
        let sb = match sandbox {
            Some(sb) => sb,
            None => {
                own = g.read_only(&ds.image).map_err(internal)?;
                &*own
            }
        };
        let sql = input::single(&ex.solution, &g.caps)
            .map_err(|e| broken(g, ex, ds, &e))?
            .sql;
        let e = expected::run(sb, sql).map_err(|e| broken(g, ex, ds, &e))?;
        if ds.name == "base" && ds.image.len() >= TIMING_MIN_BYTES {
            // The time reported next to the answer's: the statement alone, timed the same
            // way (`expected::run` also parses and rewrites it to read its ORDER BY keys).
            let started = Instant::now();
            if sb.query(sql, true).is_ok() {
                g.record_reference_time(ex, ds, started.elapsed());
            }
        }
        Ok(vec![e])
    })?;
    Ok(list[0].clone())
}

pub(crate) fn broken(g: &Grader<'_>, ex: &Exercise, ds: &Dataset, e: &EngineError) -> GradeError {
    GradeError::Catalog(tr!(
        g.lang,
        ReferenceBroken,
        id = ex.id,
        dataset = ds.name,
        error = e
    ))
}

/// `requires`, `forbids`, and a missing top-level ORDER BY where order is required.
fn structure(
    g: &Grader<'_>,
    ex: &Exercise,
    ast: Result<&sqlparser::ast::Query, &str>,
) -> Result<Option<Verdict>, GradeError> {
    let lang = g.lang;
    let order_required = analyze::parse_query(&ex.solution)
        .map(|q| analyze::has_order_by(&q))
        .unwrap_or(false);
    let needs_ast = order_required || !ex.meta.requires.is_empty() || !ex.meta.forbids.is_empty();
    let q = match ast {
        Ok(q) => q,
        Err(e) if needs_ast => {
            return Err(GradeError::Unanalysable(tr!(lang, Unanalysable, error = e)));
        }
        Err(_) => return Ok(None),
    };
    let found = analyze::features(q);
    for f in &ex.meta.requires {
        if !found.contains(f) {
            let msg = tr!(lang, Requires, feature = f.sql_name());
            return Ok(Some(Verdict::fail(&ex.id, FailCode::Requires, msg)));
        }
    }
    for f in &ex.meta.forbids {
        if found.contains(f) {
            let msg = tr!(lang, Forbids, feature = f.sql_name());
            return Ok(Some(Verdict::fail(&ex.id, FailCode::Forbids, msg)));
        }
    }
    if order_required && !analyze::has_order_by(q) {
        return Ok(Some(Verdict::fail(
            &ex.id,
            FailCode::NoOrderBy,
            tr!(lang, NoOrderBy),
        )));
    }
    Ok(None)
}

/// With every dataset right, the named columns must match case-insensitively.
fn column_names(g: &Grader<'_>, ex: &Exercise, columns: &[String]) -> Option<Verdict> {
    for (i, (want, got)) in ex.meta.columns.iter().zip(columns).enumerate() {
        if !want.eq_ignore_ascii_case(got) {
            let msg = tr!(g.lang, ColumnName, n = i + 1, actual = got, expected = want);
            return Some(Verdict::fail(&ex.id, FailCode::ColumnNames, msg));
        }
    }
    None
}
