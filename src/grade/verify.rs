//! `sqldrill verify`: the catalog's self-test (DESIGN.md § Verify). Every reference passes
//! on every dataset and is deterministic, every `right/` passes, every `wrong/` fails for the
//! reason its header gives, and the content rules hold. Exercises run in parallel.

use super::expected;
use super::verdict::FailCode;
use super::{GradeError, Grader, analyze, ties};
use crate::catalog::{Exercise, Kind, WrongAnswer};
use crate::engine::{Access, Sandbox, input};
use serde::Serialize;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Clone, Debug, Serialize)]
pub struct Check {
    pub exercise: String,
    pub item: String,
    pub ok: bool,
    pub detail: String,
}

fn check(ex: &Exercise, item: impl Into<String>, result: Result<(), String>) -> Check {
    Check {
        exercise: ex.id.clone(),
        item: item.into(),
        ok: result.is_ok(),
        detail: result.err().unwrap_or_default(),
    }
}

/// One unit of verify's work: small enough that one big exercise does not leave the other
/// threads idle.
#[derive(Clone, Copy)]
enum Item {
    Content,
    Reference,
    Deterministic,
    Right(usize),
    Wrong(usize),
}

fn items(ex: &Exercise) -> Vec<Item> {
    let mut out = vec![Item::Content, Item::Reference];
    if ex.meta.kind == Kind::Query {
        out.push(Item::Deterministic);
    }
    out.extend((0..ex.right.len()).map(Item::Right));
    out.extend((0..ex.wrong.len()).map(Item::Wrong));
    out
}

/// Runs `jobs` on up to `workers` threads, handing them out in order.
fn parallel<T: Send>(workers: usize, n: usize, job: impl Fn(usize) -> T + Sync) -> Vec<(usize, T)> {
    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::with_capacity(n));
    std::thread::scope(|s| {
        for _ in 0..workers.clamp(1, n.max(1)) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= n {
                        break;
                    }
                    let r = job(i);
                    results.lock().unwrap().push((i, r));
                }
            });
        }
    });
    results.into_inner().unwrap()
}

/// Verifies `exercises` on up to `workers` threads; results keep catalog order.
///
/// First every exercise's datasets are built (in parallel; each image once, see
/// `datasets::Cache`), then the checks run one item at a time (the reference, each `right/`,
/// each `wrong/`), the exercises with the largest datasets first, so the longest items start
/// early and the threads finish together; lab items, which mostly wait, run on threads of
/// their own meanwhile.
pub fn verify(g: &Grader<'_>, exercises: &[&Exercise], workers: usize) -> Vec<Check> {
    let is_lab = |e: usize| exercises[e].meta.kind == Kind::Lab;
    let sizes = parallel(workers, exercises.len(), |i| {
        if is_lab(i) {
            return 0;
        }
        // Errors come back from the items themselves.
        g.datasets(exercises[i])
            .map(|d| d.iter().map(|ds| ds.image.len()).max().unwrap_or(0))
            .unwrap_or(0)
    });
    let mut size = vec![0; exercises.len()];
    for (i, s) in sizes {
        size[i] = s;
    }
    let (lab, mut sql): (Vec<_>, Vec<_>) = exercises
        .iter()
        .enumerate()
        .flat_map(|(e, ex)| {
            items(ex)
                .into_iter()
                .enumerate()
                .map(move |(k, it)| (e, k, it))
        })
        .partition(|(e, _, _)| is_lab(*e));
    // Largest datasets first; the sort is stable, so catalog order otherwise.
    sql.sort_by_key(|(e, _, _)| std::cmp::Reverse(size[*e]));
    let run = |jobs: &[(usize, usize, Item)], threads: usize| {
        parallel(threads, jobs.len(), |j| {
            let (e, k, item) = jobs[j];
            ((e, k), run_item(g, exercises[e], item))
        })
    };
    // Lab items mostly wait (on purpose: that is how a blocked session shows), so they get
    // threads of their own (two per core) beside the ones that run SQL.
    let mut results = std::thread::scope(|s| {
        let labs = s.spawn(|| run(&lab, workers * 2));
        let mut out = run(&sql, workers);
        out.extend(labs.join().unwrap());
        out
    });
    results.sort_by_key(|(_, (key, _))| *key);
    results.into_iter().map(|(_, (_, c))| c).collect()
}

pub fn verify_one(g: &Grader<'_>, ex: &Exercise) -> Vec<Check> {
    items(ex)
        .into_iter()
        .map(|it| run_item(g, ex, it))
        .collect()
}

fn run_item(g: &Grader<'_>, ex: &Exercise, item: Item) -> Check {
    match item {
        Item::Content => check(ex, "content", content(ex)),
        Item::Reference => check(ex, "reference", reference(g, ex)),
        Item::Deterministic => check(ex, "reference deterministic", deterministic(g, ex)),
        Item::Right(i) => {
            let right = &ex.right[i];
            let r = match g.grade(ex, &right.sql) {
                Ok(v) if v.passed() => Ok(()),
                Ok(v) => Err(format!(
                    "{} ({})",
                    v.message,
                    v.failed_dataset.unwrap_or_default()
                )),
                Err(e) => Err(e.to_string()),
            };
            check(ex, format!("right/{}", right.name), r)
        }
        Item::Wrong(i) => {
            let wrong = &ex.wrong[i];
            check(
                ex,
                format!("wrong/{}", wrong.name),
                wrong_result(g, ex, wrong),
            )
        }
    }
}

fn wrong_result(g: &Grader<'_>, ex: &Exercise, wrong: &WrongAnswer) -> Result<(), String> {
    let (code, dataset, message) = match g.grade(ex, &wrong.sql) {
        Ok(v) if v.passed() => (None, None, "it passes".to_string()),
        Ok(v) => (v.code, v.failed_dataset, v.message),
        Err(GradeError::BadInput(e)) => (Some(FailCode::BadInput), None, e.to_string()),
        Err(GradeError::BadAnswer(e)) => (Some(FailCode::BadInput), None, e),
        Err(e) => (None, None, e.to_string()),
    };
    match (code, &wrong.code) {
        (None, _) => Err(format!("should fail, but: {message}")),
        (Some(got), Some(want)) if got.as_str() != want => Err(format!(
            "fails with `{}` but its header says `{want}`: {message}",
            got.as_str()
        )),
        (Some(_), None) => Err("no `-- wrong: CODE` header".into()),
        _ => match (&wrong.dataset, dataset) {
            (Some(want), Some(got)) if *want != got => Err(format!(
                "fails first on dataset `{got}`, header says `{want}`"
            )),
            _ => Ok(()),
        },
    }
}

/// The content rules every exercise meets: both languages, enough hints, cases and answers.
fn content(ex: &Exercise) -> Result<(), String> {
    let m = &ex.meta;
    let mut problems = Vec::new();
    if m.title.zh.trim().is_empty() || m.prompt.zh.trim().is_empty() {
        problems.push("title and prompt need zh".to_string());
    }
    if m.hints.len() < 2
        || m.hints
            .iter()
            .any(|h| h.en.trim().is_empty() || h.zh.trim().is_empty())
    {
        problems.push("needs 2+ hints, each in en and zh".into());
    }
    // A lab exercise's datasets are the schedules the lab runs, not hidden cases.
    if m.kind != Kind::Lab && m.cases.len() < 2 {
        problems.push("needs 2+ hidden cases".into());
    }
    if ex.wrong.len() < 3 {
        problems.push("needs 3+ wrong/ answers".into());
    }
    if ex.right.is_empty() {
        problems.push("needs 1+ right/ answer".into());
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// The reference passes against itself on every dataset, and never cuts through ties.
fn reference(g: &Grader<'_>, ex: &Exercise) -> Result<(), String> {
    let v = g.grade(ex, &ex.solution).map_err(|e| e.to_string())?;
    if !v.passed() {
        return Err(v.message);
    }
    if ex.meta.kind != Kind::Query {
        return Ok(());
    }
    let sql = input::single(&ex.solution, &g.caps)
        .map_err(|e| e.to_string())?
        .sql;
    let q = analyze::parse_query(sql)
        .map_err(|e| format!("sqlparser cannot read the reference: {e}"))?;
    for ds in g.datasets(ex).map_err(|e| e.to_string())?.iter() {
        let sb = Sandbox::open(&ds.image, Access::ReadOnly, &g.caps).map_err(|e| e.to_string())?;
        if let Some(cut) = ties::limit_cut(&sb, &q) {
            return Err(format!(
                "LIMIT cuts through ties on {} (rows {} and {})",
                ds.name, cut.a, cut.b
            ));
        }
    }
    Ok(())
}

/// The same logical data stored in another order gives the same answer.
fn deterministic(g: &Grader<'_>, ex: &Exercise) -> Result<(), String> {
    let datasets = g.datasets(ex).map_err(|e| e.to_string())?;
    let base = &datasets[0];
    let reversed = datasets
        .iter()
        .find(|d| d.name == "reversed")
        .ok_or("no reversed dataset")?;
    let sql = input::single(&ex.solution, &g.caps)
        .map_err(|e| e.to_string())?
        .sql;
    let run = |image| -> Result<expected::Expected, String> {
        let sb = Sandbox::open(image, Access::ReadOnly, &g.caps).map_err(|e| e.to_string())?;
        expected::run(&sb, sql).map_err(|e| e.to_string())
    };
    let a = run(&base.image)?;
    let b = run(&reversed.image)?;
    match super::feedback::compare(&a, &b.result) {
        None => Ok(()),
        Some(m) => Err(format!(
            "differs between base and reversed storage order: {m:?}"
        )),
    }
}
