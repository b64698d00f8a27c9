//! Turning a comparison into a verdict with feedback: which dataset failed and what it
//! changes, missing and extra rows, the first order difference, notes and a hint.

use super::compare::{self, BagDiff, Note, OrderDiff};
use super::datasets::Dataset;
use super::expected::Expected;
use super::verdict::{FailCode, OrderReport, Verdict, shown};
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
        EngineError::Empty => tr!(lang, Empty),
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
