//! Turning a comparison into a verdict with feedback: which dataset failed and what it
//! changes, missing and extra rows, the first order difference, notes and a hint.

use super::compare::{self, BagDiff, Note, OrderDiff};
use super::datasets::Dataset;
use super::expected::Expected;
use super::verdict::{FailCode, OrderReport, Timing, Verdict, shown};
use crate::engine::{EngineError, ResultSet, Row};
use crate::lang::Lang;
use crate::tr;

/// How an answer's result differs from the expected one.
#[derive(Clone, Debug)]
pub enum Mismatch {
    Columns {
        expected: Vec<String>,
        actual: usize,
    },
    Rows(BagDiff),
    Order(OrderDiff),
}

/// Compares one result with the expected one: column count, then the bag, then (when the
/// expected result is ordered) the order run by run.
pub fn compare(expected: &Expected, actual: &ResultSet) -> Option<Mismatch> {
    if expected.result.columns.len() != actual.columns.len() {
        return Some(Mismatch::Columns {
            expected: expected.result.columns.clone(),
            actual: actual.columns.len(),
        });
    }
    let diff = compare::bag_diff(&expected.result.rows, &actual.rows);
    if !diff.is_empty() {
        return Some(Mismatch::Rows(diff));
    }
    let keys = expected.keys.as_ref()?;
    compare::order_diff(&expected.result.rows, keys, &actual.rows).map(Mismatch::Order)
}

fn row_text(row: &Row) -> String {
    let cells: Vec<String> = row
        .iter()
        .map(|v| match v {
            crate::engine::Value::Text(s) => format!("'{s}'"),
            other => other.to_string(),
        })
        .collect();
    format!("({})", cells.join(", "))
}

/// The verdict for a mismatch on `dataset`.
pub fn mismatch_verdict(
    id: &str,
    lang: Lang,
    dataset: &Dataset,
    columns: &[String],
    mismatch: Mismatch,
) -> Verdict {
    let mut v = match mismatch {
        Mismatch::Columns { expected, actual } => Verdict::fail(
            id,
            FailCode::Columns,
            tr!(
                lang,
                ColumnCount,
                actual = actual,
                expected = expected.len(),
                names = expected.join(", ")
            ),
        ),
        Mismatch::Rows(diff) => {
            let (notes, type_only) = compare::notes(&diff);
            let (code, message) = if type_only {
                (FailCode::Types, tr!(lang, TypesDiffer))
            } else {
                (
                    FailCode::Rows,
                    tr!(
                        lang,
                        RowsDiffer,
                        missing = diff.missing.len(),
                        extra = diff.extra.len()
                    ),
                )
            };
            let mut v = Verdict::fail(id, code, message);
            v.notes = notes.iter().map(|n| note_text(lang, columns, n)).collect();
            v.missing = shown(columns, &diff.missing);
            v.missing_total = diff.missing.len();
            v.extra = shown(columns, &diff.extra);
            v.extra_total = diff.extra.len();
            v
        }
        Mismatch::Order(d) => {
            let mut v = Verdict::fail(
                id,
                FailCode::Order,
                tr!(
                    lang,
                    OrderDiffers,
                    pos = d.position + 1,
                    expected = row_text(&d.expected),
                    actual = row_text(&d.actual)
                ),
            );
            v.order = Some(OrderReport {
                position: d.position + 1,
                expected: d.expected,
                actual: d.actual,
            });
            v
        }
    };
    on_dataset(&mut v, lang, dataset);
    v
}

/// Names the failing dataset, says what it changes, and attaches its hint.
pub fn on_dataset(v: &mut Verdict, lang: Lang, dataset: &Dataset) {
    v.failed_dataset = Some(dataset.name.clone());
    v.about = Some(dataset.about(lang));
    if v.hint.is_none() {
        v.hint = dataset
            .hint
            .as_ref()
            .map(|h| h.get(lang).trim().to_string());
    }
}

/// A runtime error of the answer on a dataset (time budget, row cap, SQL error).
pub fn error_verdict(id: &str, lang: Lang, dataset: &Dataset, err: &EngineError) -> Verdict {
    let mut v = Verdict::fail(
        id,
        FailCode::Error,
        tr!(
            lang,
            AnswerError,
            dataset = dataset.name,
            error = engine_error_text(lang, err)
        ),
    );
    on_dataset(&mut v, lang, dataset);
    v
}

pub fn engine_error_text(lang: Lang, err: &EngineError) -> String {
    match err {
        EngineError::Timeout(d) => tr!(lang, Timeout, secs = format!("{:.1}", d.as_secs_f64())),
        EngineError::TooManyRows(cap) => tr!(lang, TooManyRows, cap = cap),
        EngineError::TooManyBytes(cap) => tr!(lang, TooManyBytes, cap = cap),
        EngineError::CheckBudget(d) => {
            tr!(lang, CheckBudget, secs = format!("{:.1}", d.as_secs_f64()))
        }
        EngineError::OutOfMemory => tr!(
            lang,
            OutOfMemory,
            cap = crate::engine::sandbox::HEAP_LIMIT_MIB
        ),
        EngineError::Empty => tr!(lang, Empty),
        EngineError::Nul { offset } => tr!(lang, NulByte, offset = offset),
        EngineError::TooLongWhileReading { cap } => tr!(lang, TooLongWhileReading, cap = cap),
        EngineError::Several { count } => tr!(lang, Several, count = count),
        EngineError::TooLong { bytes, cap } => tr!(lang, TooLong, bytes = bytes, cap = cap),
        EngineError::NotReadOnly { statement } => tr!(lang, NotReadOnly, statement = statement),
        EngineError::Denied(why) => tr!(lang, Denied, why = why),
        EngineError::Prepare { message, .. } => message.clone(),
        EngineError::Sql(m) => m.clone(),
    }
}

fn note_text(lang: Lang, columns: &[String], note: &Note) -> String {
    let name = |c: &usize| columns.get(*c).cloned().unwrap_or_default();
    match note {
        Note::Type {
            column,
            expected,
            actual,
        } => tr!(
            lang,
            NoteType,
            col = column + 1,
            name = name(column),
            actual_type = actual.type_name(),
            actual = actual,
            expected_type = expected.type_name(),
            expected = expected
        ),
        Note::Rounding {
            column,
            decimals,
            expected,
            actual,
        } => tr!(
            lang,
            NoteRounding,
            col = column + 1,
            name = name(column),
            actual = actual,
            decimals = decimals,
            expected = expected
        ),
        Note::EmptyNotNullRow => tr!(lang, NoteEmptyNotNull),
        Note::NullRowNotEmpty => tr!(lang, NoteNullNotEmpty),
    }
}

/// A duration for people: "0.12 ms", "4.8 ms", "48 ms", "1.25 s".
pub fn duration_text(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else if ms >= 10.0 {
        format!("{ms:.0} ms")
    } else if ms >= 1.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.2} ms")
    }
}

/// "Your query took 48 ms on dataset 'base'; the reference solution takes 0.10 ms."
pub fn timing_text(lang: Lang, t: &Timing) -> String {
    tr!(
        lang,
        Timing,
        answer = duration_text(t.answer_ms),
        dataset = t.dataset,
        reference = duration_text(t.reference_ms)
    )
}

/// Attaches a timing: the field, plus a note when the answer failed (a pass appends the
/// sentence to its message, see `Grader::grade`).
pub fn attach_timing(v: &mut Verdict, lang: Lang, timing: Timing) {
    if !v.passed() {
        v.notes.push(timing_text(lang, &timing));
    }
    v.timing = Some(timing);
}

#[cfg(test)]
mod timing_tests {
    use super::*;

    #[test]
    fn durations_read_well() {
        assert_eq!(duration_text(0.1234), "0.12 ms");
        assert_eq!(duration_text(4.84), "4.8 ms");
        assert_eq!(duration_text(48.2), "48 ms");
        assert_eq!(duration_text(1250.0), "1.25 s");
    }

    #[test]
    fn a_failed_answer_gets_the_timing_as_a_note() {
        let t = Timing {
            dataset: "base".into(),
            answer_ms: 48.0,
            reference_ms: 0.1,
        };
        let mut v = Verdict::fail("exercise-20", FailCode::Rows, "rows".into());
        attach_timing(&mut v, Lang::En, t.clone());
        assert_eq!(
            v.notes,
            vec!["Your query took 48 ms on dataset 'base'; the reference solution takes 0.10 ms."]
        );
        assert!(v.timing.is_some());
        let mut pass = Verdict::new("exercise-20", super::super::Outcome::Pass, String::new());
        attach_timing(&mut pass, Lang::Zh, t);
        assert!(pass.notes.is_empty());
    }
}
