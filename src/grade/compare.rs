//! Result-set comparison (DESIGN.md § Grading semantics): bags of rows where duplicates
//! count, order compared run by run over rows tied on the reference's ORDER BY keys, and
//! notes that explain near misses (types, rounding, an empty result versus a NULL row).

use crate::engine::value::rows_cmp;
use crate::engine::{Row, Value};
use std::cmp::Ordering;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct BagDiff {
    /// Expected rows the answer lacks (with multiplicity).
    pub missing: Vec<Row>,
    /// Rows the answer has that were not expected.
    pub extra: Vec<Row>,
}

impl BagDiff {
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.extra.is_empty()
    }
}

fn sorted(rows: &[Row]) -> Vec<&Row> {
    let mut v: Vec<&Row> = rows.iter().collect();
    v.sort_by(|a, b| rows_cmp(a, b));
    v
}

/// Multiset difference under the grader's value equality.
pub fn bag_diff(expected: &[Row], actual: &[Row]) -> BagDiff {
    let (e, a) = (sorted(expected), sorted(actual));
    let (mut i, mut j) = (0, 0);
    let mut diff = BagDiff::default();
    while i < e.len() || j < a.len() {
        let ord = match (e.get(i), a.get(j)) {
            (Some(x), Some(y)) => rows_cmp(x, y),
            (Some(_), None) => Ordering::Less,
            (None, _) => Ordering::Greater,
        };
        match ord {
            Ordering::Equal => {
                i += 1;
                j += 1;
            }
            Ordering::Less => {
                diff.missing.push(e[i].clone());
                i += 1;
            }
            Ordering::Greater => {
                diff.extra.push(a[j].clone());
                j += 1;
            }
        }
    }
    diff
}

/// The first place where the answer's order breaks the reference's order.
#[derive(Clone, Debug, PartialEq)]
pub struct OrderDiff {
    /// 0-based row position.
    pub position: usize,
    /// A row that may stand at that position.
    pub expected: Row,
    pub actual: Row,
}

/// Compares order run by run: rows whose reference keys are equal form a run and may come
/// in any order inside it. Assumes the two bags are already equal.
pub fn order_diff(expected: &[Row], keys: &[Row], actual: &[Row]) -> Option<OrderDiff> {
    let mut start = 0;
    while start < expected.len() {
        let mut end = start + 1;
        while end < expected.len() && rows_cmp(&keys[end], &keys[start]) == Ordering::Equal {
            end += 1;
        }
        let mut pool: Vec<&Row> = expected[start..end].iter().collect();
        for (pos, row) in actual.iter().enumerate().take(end).skip(start) {
            match pool
                .iter()
                .position(|r| rows_cmp(r, row) == Ordering::Equal)
            {
                Some(k) => {
                    pool.swap_remove(k);
                }
                None => {
                    let want = pool.first().map(|r| (*r).clone()).unwrap_or_default();
                    return Some(OrderDiff {
                        position: pos,
                        expected: want,
                        actual: row.clone(),
                    });
                }
            }
        }
        start = end;
    }
    None
}

/// Why an expected row and a returned row differ, when they nearly match.
#[derive(Clone, Debug, PartialEq)]
pub enum Note {
    /// Same value, other type: `200` against `'200'`.
    Type {
        column: usize,
        expected: Value,
        actual: Value,
    },
    /// The answer's number rounds to the expected one at its number of decimals.
    Rounding {
        column: usize,
        decimals: usize,
        expected: Value,
        actual: Value,
    },
    /// One row of NULLs was expected and the answer returned no rows.
    EmptyNotNullRow,
    /// The answer returned one row of NULLs where no rows were expected.
    NullRowNotEmpty,
}

/// Notes for a bag difference. `type_only` is true when every difference is a type one.
pub fn notes(diff: &BagDiff) -> (Vec<Note>, bool) {
    let all_null = |rows: &[Row]| rows.len() == 1 && rows[0].iter().all(|v| *v == Value::Null);
    if diff.extra.is_empty() && all_null(&diff.missing) {
        return (vec![Note::EmptyNotNullRow], false);
    }
    if diff.missing.is_empty() && all_null(&diff.extra) {
        return (vec![Note::NullRowNotEmpty], false);
    }
    let mut notes = Vec::new();
    let mut type_only = diff.missing.len() == diff.extra.len() && !diff.missing.is_empty();
    let pairs = pair_up(&diff.missing, &diff.extra);
    for (want, got) in &pairs {
        let mut row_type_only = true;
        for (c, (e, a)) in want.iter().zip(got.iter()).enumerate() {
            if e.grade_eq(a) {
                continue;
            }
            if same_text(e, a) {
                push_once(
                    &mut notes,
                    Note::Type {
                        column: c,
                        expected: e.clone(),
                        actual: a.clone(),
                    },
                );
                continue;
            }
            row_type_only = false;
            if let Some(decimals) = rounds_to(e, a) {
                push_once(
                    &mut notes,
                    Note::Rounding {
                        column: c,
                        decimals,
                        expected: e.clone(),
                        actual: a.clone(),
                    },
                );
            }
        }
        type_only &= row_type_only;
    }
    if pairs.len() != diff.missing.len() {
        type_only = false;
    }
    (notes, type_only)
}

fn push_once(notes: &mut Vec<Note>, note: Note) {
    let column = |n: &Note| match n {
        Note::Type { column, .. } | Note::Rounding { column, .. } => Some(*column),
        _ => None,
    };
    if !notes.iter().any(|n| {
        column(n) == column(&note) && std::mem::discriminant(n) == std::mem::discriminant(&note)
    }) {
        notes.push(note);
    }
}

/// Pairs each missing row with the extra row that shares the most equal columns.
fn pair_up<'a>(missing: &'a [Row], extra: &'a [Row]) -> Vec<(&'a Row, &'a Row)> {
    let mut used = vec![false; extra.len()];
    let mut pairs = Vec::new();
    for m in missing {
        let best = extra
            .iter()
            .enumerate()
            .filter(|(i, x)| !used[*i] && x.len() == m.len())
            .max_by_key(|(_, x)| {
                m.iter()
                    .zip(x.iter())
                    .filter(|(a, b)| a.grade_eq(b) || same_text(a, b))
                    .count()
            });
        if let Some((i, x)) = best {
            used[i] = true;
            pairs.push((m, x));
        }
    }
    pairs
}

/// A number and a text that spell the same number.
fn same_text(a: &Value, b: &Value) -> bool {
    let num_text = |n: &Value, t: &Value| match (n.as_f64(), t) {
        (Some(x), Value::Text(s)) => s
            .trim()
            .parse::<f64>()
            .is_ok_and(|y| crate::engine::value::approx_eq(x, y)),
        _ => false,
    };
    num_text(a, b) || num_text(b, a)
}

/// When `actual` rounded to `expected`'s decimals equals `expected`, those decimals.
fn rounds_to(expected: &Value, actual: &Value) -> Option<usize> {
    let (e, a) = (expected.as_f64()?, actual.as_f64()?);
    let shown = expected.to_string();
    let decimals = shown.split_once('.').map_or(0, |(_, d)| d.len());
    let factor = 10f64.powi(decimals as i32);
    let rounded = (a * factor).round() / factor;
    (crate::engine::value::approx_eq(rounded, e) && !crate::engine::value::approx_eq(a, e))
        .then_some(decimals)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Value::*;

    fn t(s: &str) -> Value {
        Text(s.into())
    }

    #[test]
    fn duplicates_count_in_bags() {
        let e = vec![vec![Integer(1)], vec![Integer(1)]];
        let a = vec![vec![Integer(1)]];
        let d = bag_diff(&e, &a);
        assert_eq!(d.missing, vec![vec![Integer(1)]]);
        assert!(d.extra.is_empty());
    }

    #[test]
    fn order_is_ignored_by_bags() {
        let e = vec![vec![Integer(1)], vec![Integer(2)]];
        let a = vec![vec![Integer(2)], vec![Integer(1)]];
        assert!(bag_diff(&e, &a).is_empty());
    }

    #[test]
    fn integers_and_reals_match_in_bags() {
        assert!(bag_diff(&[vec![Integer(200)]], &[vec![Real(200.0)]]).is_empty());
    }

    #[test]
    fn empty_result_is_not_a_null_row() {
        let d = bag_diff(&[vec![Null]], &[]);
        assert!(!d.is_empty());
        assert_eq!(notes(&d).0, vec![Note::EmptyNotNullRow]);
    }

    #[test]
    fn tied_rows_may_come_in_any_order() {
        let expected = vec![
            vec![t("a"), Integer(9)],
            vec![t("b"), Integer(9)],
            vec![t("c"), Integer(5)],
        ];
        let keys = vec![vec![Integer(9)], vec![Integer(9)], vec![Integer(5)]];
        let swapped = vec![
            expected[1].clone(),
            expected[0].clone(),
            expected[2].clone(),
        ];
        assert_eq!(order_diff(&expected, &keys, &swapped), None);
        let wrong = vec![
            expected[2].clone(),
            expected[0].clone(),
            expected[1].clone(),
        ];
        let d = order_diff(&expected, &keys, &wrong).unwrap();
        assert_eq!(d.position, 0);
        assert_eq!(d.actual, expected[2]);
    }

    #[test]
    fn number_against_text_is_a_type_note() {
        let d = bag_diff(&[vec![t("x"), Integer(200)]], &[vec![t("x"), t("200")]]);
        let (n, type_only) = notes(&d);
        assert!(type_only);
        assert!(matches!(n[0], Note::Type { column: 1, .. }));
    }

    #[test]
    fn unrounded_average_gets_a_rounding_note() {
        let d = bag_diff(&[vec![Real(85.33)]], &[vec![Real(85.333333)]]);
        let (n, type_only) = notes(&d);
        assert!(!type_only);
        assert!(matches!(n[0], Note::Rounding { decimals: 2, .. }));
    }
}
