//! Engine-neutral values and small result tables, as every backend reports them.

use std::fmt;

use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl Value {
    /// Truth as SQL engines print it: non-zero numbers; `t`/`true` from engines that return text.
    pub fn truthy(&self) -> bool {
        match self {
            Value::Integer(i) => *i != 0,
            Value::Real(r) => *r != 0.0,
            Value::Text(t) => matches!(t.to_ascii_lowercase().as_str(), "1" | "t" | "true"),
            Value::Null | Value::Blob(_) => false,
        }
    }

    /// A key under which equal values compare equal: 200 and 200.0 are the same number.
    fn canonical(&self) -> String {
        match self {
            Value::Null => "N".into(),
            Value::Integer(i) => format!("n{i}"),
            Value::Real(r) if r.fract() == 0.0 && r.abs() < 9e15 => format!("n{}", *r as i64),
            Value::Real(r) => format!("n{r}"),
            Value::Text(t) => format!("t{t}"),
            Value::Blob(b) => format!("b{b:?}"),
        }
    }

    /// Converts a TOML literal from a scenario file (`[[1, 10]]`); booleans become 1/0 as SQL has them.
    pub(crate) fn from_toml(v: &toml::Value) -> Result<Value, String> {
        match v {
            toml::Value::Integer(i) => Ok(Value::Integer(*i)),
            toml::Value::Float(f) => Ok(Value::Real(*f)),
            toml::Value::String(s) => Ok(Value::Text(s.clone())),
            toml::Value::Boolean(b) => Ok(Value::Integer(i64::from(*b))),
            other => Err(format!(
                "unsupported value {other} (use numbers, strings, booleans)"
            )),
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("NULL"),
            Value::Integer(i) => write!(f, "{i}"),
            Value::Real(r) => write!(f, "{r}"),
            Value::Text(t) => f.write_str(t),
            Value::Blob(b) => {
                f.write_str("x'")?;
                for byte in b {
                    write!(f, "{byte:02x}")?;
                }
                f.write_str("'")
            }
        }
    }
}

/// A result set small enough to show in a timeline cell.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Rows {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    /// More rows existed than the lab keeps (`LabLimits::max_rows`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
}

impl Rows {
    fn bag(rows: &[Vec<Value>]) -> Vec<Vec<String>> {
        let mut keys: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(Value::canonical).collect())
            .collect();
        keys.sort();
        keys
    }

    /// Same rows in any order (a bag: duplicates count).
    pub fn same_bag(&self, other: &[Vec<Value>]) -> bool {
        Rows::bag(&self.rows) == Rows::bag(other)
    }

    /// The first column's values as a sorted set: "which rows" rather than "what values".
    pub fn key_set(&self) -> Vec<String> {
        let mut keys: Vec<String> = self
            .rows
            .iter()
            .filter_map(|r| r.first().map(Value::canonical))
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }

    /// First column of the first row, for invariant checks.
    pub fn scalar(&self) -> Option<&Value> {
        self.rows.first().and_then(|r| r.first())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_compare_across_types_and_order_is_ignored() {
        let a = Rows {
            columns: vec!["x".into()],
            rows: vec![vec![Value::Integer(2)], vec![Value::Real(1.0)]],
            truncated: false,
        };
        assert!(a.same_bag(&[vec![Value::Integer(1)], vec![Value::Integer(2)]]));
        assert!(!a.same_bag(&[vec![Value::Integer(1)]]));
        assert!(!a.same_bag(&[vec![Value::Text("1".into())], vec![Value::Integer(2)]]));
    }
}
