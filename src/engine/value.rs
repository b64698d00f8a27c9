//! SQL values and result sets as the grader sees them, with the comparison rules of
//! DESIGN.md § Values: integers and reals compare numerically within a relative tolerance,
//! NULL matches NULL, and a number never matches text.

use serde::Serialize;
use std::cmp::Ordering;
use std::fmt;

/// Relative tolerance for comparing reals (DESIGN.md: 1e-9).
pub const REL_TOLERANCE: f64 = 1e-9;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

pub type Row = Vec<Value>;

impl Value {
    /// Bytes the value holds, for the result size cap (a number or NULL counts 8).
    pub fn size(&self) -> usize {
        match self {
            Value::Text(t) => t.len(),
            Value::Blob(b) => b.len(),
            _ => 8,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ResultSet {
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

impl Value {
    pub fn from_sqlite(v: rusqlite::types::ValueRef<'_>) -> Value {
        use rusqlite::types::ValueRef;
        match v {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(i) => Value::Integer(i),
            ValueRef::Real(f) => Value::Real(f),
            ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => Value::Blob(b.to_vec()),
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Integer(i) => Some(*i as f64),
            Value::Real(f) => Some(*f),
            _ => None,
        }
    }

    pub fn is_number(&self) -> bool {
        matches!(self, Value::Integer(_) | Value::Real(_))
    }

    /// The type as a learner would name it in feedback.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "NULL",
            Value::Integer(_) => "integer",
            Value::Real(_) => "real",
            Value::Text(_) => "text",
            Value::Blob(_) => "blob",
        }
    }

    /// Rank of the storage class, so mixed columns sort deterministically.
    fn class(&self) -> u8 {
        match self {
            Value::Null => 0,
            Value::Integer(_) | Value::Real(_) => 1,
            Value::Text(_) => 2,
            Value::Blob(_) => 3,
        }
    }

    /// Total order used to sort bags before matching them; `Equal` means "the grader
    /// considers these the same value".
    pub fn grade_cmp(&self, other: &Value) -> Ordering {
        match (self, other) {
            (Value::Integer(a), Value::Integer(b)) => a.cmp(b),
            (a, b) if a.is_number() && b.is_number() => {
                let (x, y) = (a.as_f64().unwrap(), b.as_f64().unwrap());
                if approx_eq(x, y) {
                    Ordering::Equal
                } else {
                    x.partial_cmp(&y).unwrap_or(Ordering::Equal)
                }
            }
            (Value::Text(a), Value::Text(b)) => a.cmp(b),
            (Value::Blob(a), Value::Blob(b)) => a.cmp(b),
            (a, b) => a.class().cmp(&b.class()),
        }
    }

    pub fn grade_eq(&self, other: &Value) -> bool {
        self.grade_cmp(other) == Ordering::Equal
    }
}

pub fn approx_eq(x: f64, y: f64) -> bool {
    if x == y {
        return true;
    }
    let scale = x.abs().max(y.abs());
    (x - y).abs() <= REL_TOLERANCE * scale
}

pub fn rows_cmp(a: &[Value], b: &[Value]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        match x.grade_cmp(y) {
            Ordering::Equal => continue,
            other => return other,
        }
    }
    a.len().cmp(&b.len())
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => write!(f, "NULL"),
            Value::Integer(i) => write!(f, "{i}"),
            Value::Real(r) => {
                if r.is_finite() && r.fract() == 0.0 && r.abs() < 1e15 {
                    write!(f, "{r:.1}")
                } else {
                    write!(f, "{r}")
                }
            }
            Value::Text(s) => write!(f, "{s}"),
            Value::Blob(b) => {
                write!(f, "x'")?;
                for byte in b {
                    write!(f, "{byte:02x}")?;
                }
                write!(f, "'")
            }
        }
    }
}

impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_none(),
            Value::Integer(i) => s.serialize_i64(*i),
            Value::Real(r) if r.is_finite() => s.serialize_f64(*r),
            other => s.serialize_str(&other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_equals_real() {
        assert!(Value::Integer(200).grade_eq(&Value::Real(200.0)));
    }

    #[test]
    fn reals_match_within_relative_tolerance() {
        assert!(Value::Real(0.1 + 0.2).grade_eq(&Value::Real(0.3)));
        assert!(Value::Real(1e12).grade_eq(&Value::Real(1e12 + 1e-4)));
        assert!(!Value::Real(85.33).grade_eq(&Value::Real(85.333)));
    }

    #[test]
    fn number_never_equals_text() {
        assert!(!Value::Integer(200).grade_eq(&Value::Text("200".into())));
    }

    #[test]
    fn null_matches_null_only() {
        assert!(Value::Null.grade_eq(&Value::Null));
        assert!(!Value::Null.grade_eq(&Value::Integer(0)));
        assert!(!Value::Null.grade_eq(&Value::Text(String::new())));
    }

    #[test]
    fn big_integers_compare_exactly() {
        let a = Value::Integer(9_007_199_254_740_993);
        let b = Value::Integer(9_007_199_254_740_992);
        assert!(!a.grade_eq(&b));
    }
}
