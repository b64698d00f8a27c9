//! Running a statement so that its result can be compared: rows plus, when the statement
//! has a top-level ORDER BY, each row's ORDER BY key values (read through the AST rewrite in
//! `analyze::keyed`), which define the runs of tied rows.

use super::analyze::{self, KeyAt, Keyed};
use crate::engine::{EngineError, ResultSet, Row, Sandbox};

#[derive(Clone, Debug)]
pub struct Expected {
    pub result: ResultSet,
    /// Per-row ORDER BY keys; `None` when order does not matter.
    pub keys: Option<Vec<Row>>,
}

impl Expected {
    pub fn ordered(&self) -> bool {
        self.keys.is_some()
    }
}

/// Runs `sql` and records its order keys when it orders its rows.
pub fn run(sb: &Sandbox, sql: &str) -> Result<Expected, EngineError> {
    let keyed = analyze::parse_query(sql)
        .ok()
        .filter(|q| analyze::has_order_by(q))
        .map(|q| analyze::keyed(&q, None));
    match keyed {
        None => Ok(Expected {
            result: sb.query(sql, true)?,
            keys: None,
        }),
        Some(Some(k)) => match sb.query(&k.sql, true) {
            Ok(rs) => Ok(split(rs, &k)),
            // The rewrite did not survive the round trip: fall back to strict order.
            Err(_) => strict(sb, sql),
        },
        Some(None) => strict(sb, sql),
    }
}

/// Every row its own run: order must match exactly.
fn strict(sb: &Sandbox, sql: &str) -> Result<Expected, EngineError> {
    let result = sb.query(sql, true)?;
    let keys = (0..result.rows.len())
        .map(|i| vec![crate::engine::Value::Integer(i as i64)])
        .collect();
    Ok(Expected {
        result,
        keys: Some(keys),
    })
}

/// Splits a keyed result into the visible columns and the key values.
pub fn split(rs: ResultSet, k: &Keyed) -> Expected {
    let extras = rs
        .columns
        .iter()
        .filter(|c| c.starts_with("__sqldrill_k"))
        .count();
    let visible = if k.visible == usize::MAX {
        rs.columns.len() - extras
    } else {
        k.visible
    };
    let at: Vec<usize> = k
        .keys
        .iter()
        .filter_map(|key| match key {
            KeyAt::Output(i) => Some(*i),
            KeyAt::Named(name) => rs
                .columns
                .iter()
                .position(|c| c == name)
                .or_else(|| rs.columns.iter().position(|c| c.eq_ignore_ascii_case(name))),
        })
        .collect();
    let keys = rs
        .rows
        .iter()
        .map(|r| at.iter().filter_map(|i| r.get(*i).cloned()).collect())
        .collect();
    let result = ResultSet {
        columns: rs.columns[..visible].to_vec(),
        rows: rs
            .rows
            .into_iter()
            .map(|mut r| {
                r.truncate(visible);
                r
            })
            .collect(),
    };
    Expected {
        result,
        keys: Some(keys),
    }
}
