//! Grading `plan` exercises: after the answer's DDL, `EXPLAIN QUERY PLAN target` must
//! SEARCH the table with an index constrained on every expected column: not a SCAN, a
//! skip-scan or an automatic index. The target's rows must not change.

use super::Grader;
use super::datasets::Dataset;
use super::error::GradeError;
use super::expected::Expected;
use super::feedback::{self, compare, mismatch_verdict};
use super::query::broken;
use super::verdict::{FailCode, Verdict};
use crate::catalog::Exercise;
use crate::engine::{Access, EngineError, Sandbox, input};
use crate::tr;

/// The verdict on a plan's detail lines: which columns an index SEARCH on `table`
/// constrains, if it is a SEARCH at all.
pub fn constrained_columns(plan: &[String], table: &str) -> Option<Vec<String>> {
    let prefix = format!("SEARCH {table} USING ");
    for line in plan {
        let Some(rest) = line.strip_prefix(&prefix) else {
            continue;
        };
        if rest.starts_with("AUTOMATIC")
            || !(rest.starts_with("INDEX") || rest.starts_with("COVERING INDEX"))
        {
            return None;
        }
        let inner = rest.split_once('(')?.1.rsplit_once(')')?.0;
        let mut cols = Vec::new();
        for term in inner.split(" AND ") {
            // `ANY(col)` marks a skip-scan: that column is not constrained.
            if term.starts_with("ANY(") {
                continue;
            }
            let name: String = term
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            cols.push(name);
        }
        return Some(cols);
    }
    None
}

struct Run {
    plan: Vec<String>,
    target: Expected,
}

fn run(
    g: &Grader<'_>,
    ex: &Exercise,
    ds: &Dataset,
    script: &str,
) -> Result<
    (
        Vec<crate::engine::run::StatementOutcome>,
        Result<Run, EngineError>,
    ),
    GradeError,
> {
    let pieces = input::script(script, &g.caps).map_err(GradeError::BadInput)?;
    let sb = Sandbox::open(&ds.image, Access::Plan, &g.caps)
        .map_err(|e| GradeError::Catalog(e.to_string()))?;
    let outcomes = sb.run_script(&pieces);
    let target = ex.meta.target.as_deref().unwrap_or_default();
    let result = sb
        .query(&format!("EXPLAIN QUERY PLAN {target}"), true)
        .and_then(|rs| {
            let plan = rs
                .rows
                .iter()
                .filter_map(|r| r.last().map(|v| v.to_string()))
                .collect();
            let target = super::expected::run(&sb, target)?;
            Ok(Run { plan, target })
        });
    Ok((outcomes, result))
}

pub fn grade(g: &Grader<'_>, ex: &Exercise, answer: &str) -> Result<Verdict, GradeError> {
    let lang = g.lang;
    let pieces = input::script(answer, &g.caps).map_err(GradeError::BadInput)?;
    let table = ex.meta.plan_table.clone().unwrap_or_default();
    let datasets = g.datasets(ex)?;
    let mut outcome = None;
    for (i, ds) in datasets.iter().enumerate() {
        let (statements, result) = run(g, ex, ds, answer)?;
        if let Some((n, e)) = statements
            .iter()
            .enumerate()
            .find_map(|(n, s)| s.error.as_ref().map(|e| (n, e)))
        {
            if i == 0 {
                return Err(GradeError::BadInput(
                    e.clone().relocate(answer, pieces[n].start),
                ));
            }
            outcome = Some((i, feedback::error_verdict(&ex.id, lang, ds, e)));
            break;
        }
        let got = match result {
            Ok(r) => r,
            Err(e) => {
                outcome = Some((i, feedback::error_verdict(&ex.id, lang, ds, &e)));
                break;
            }
        };
        let constrained = constrained_columns(&got.plan, &table).unwrap_or_default();
        let missing = ex
            .meta
            .plan_columns
            .iter()
            .any(|c| !constrained.iter().any(|k| k.eq_ignore_ascii_case(c)));
        if missing {
            let mut v = Verdict::fail(
                &ex.id,
                FailCode::Plan,
                tr!(
                    lang,
                    PlanNotSearch,
                    table = table,
                    columns = ex.meta.plan_columns.join(" + ")
                ),
            );
            v.details = std::iter::once(tr!(lang, PlanIs))
                .chain(got.plan.iter().map(|l| format!("  {l}")))
                .collect();
            feedback::on_dataset(&mut v, lang, ds);
            outcome = Some((i, v));
            break;
        }
        let want = reference(g, ex, ds)?;
        if let Some(m) = compare(&want[0], &got.target.result) {
            let mut v = mismatch_verdict(&ex.id, lang, ds, &want[0].result.columns, m);
            v.message = format!("{}\n{}", tr!(lang, PlanRowsChanged), v.message);
            outcome = Some((i, v));
            break;
        }
    }
    Ok(g.finish(ex, &datasets, outcome))
}

/// The target's rows under the reference's index, computed once per dataset.
fn reference(
    g: &Grader<'_>,
    ex: &Exercise,
    ds: &Dataset,
) -> Result<std::sync::Arc<Vec<Expected>>, GradeError> {
    g.expected(ex, ds, || {
        let (statements, result) = run(g, ex, ds, &ex.solution)?;
        if let Some(e) = statements.iter().find_map(|s| s.error.as_ref()) {
            return Err(broken(g, ex, ds, e));
        }
        result
            .map(|r| vec![r.target])
            .map_err(|e| broken(g, ex, ds, &e))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn search_on_both_columns_is_recognised() {
        let p = plan(&["SEARCH score USING INDEX i (course_id=? AND score>?)"]);
        assert_eq!(
            constrained_columns(&p, "score"),
            Some(vec!["course_id".into(), "score".into()])
        );
        let c = plan(&["SEARCH score USING COVERING INDEX i (course_id=? AND score>?)"]);
        assert_eq!(constrained_columns(&c, "score").unwrap().len(), 2);
    }

    #[test]
    fn scan_skip_scan_and_automatic_index_are_not_searches_on_the_columns() {
        assert_eq!(constrained_columns(&plan(&["SCAN score"]), "score"), None);
        let skip = plan(&["SEARCH score USING INDEX i (ANY(course_id) AND score>?)"]);
        assert_eq!(
            constrained_columns(&skip, "score"),
            Some(vec!["score".into()])
        );
        let auto = plan(&["SEARCH score USING AUTOMATIC COVERING INDEX (course_id=?)"]);
        assert_eq!(constrained_columns(&auto, "score"), None);
    }
}
