//! DESIGN.md § Order: an answer whose LIMIT/OFFSET cuts through ties of its own ORDER BY
//! fails, because which tied rows land on the page is up to the database. Detected by
//! re-running the statement without LIMIT, with its ORDER BY keys as extra columns.

use super::analyze;
use super::expected::split;
use crate::engine::value::rows_cmp;
use crate::engine::{Row, Sandbox, Value};
use sqlparser::ast::Query;
use std::cmp::Ordering;

/// Rows `a` and `b` (1-based, in the full ordering) are tied but on both sides of the page.
#[derive(Clone, Debug, PartialEq)]
pub struct Cut {
    pub a: usize,
    pub b: usize,
    /// The shared key values; empty when there is no ORDER BY at all.
    pub keys: Row,
}

/// `None` when the page edges fall between rows with different keys, or the check cannot
/// be made (no LIMIT, or the rewrite does not run).
pub fn limit_cut(sb: &Sandbox, q: &Query) -> Option<Cut> {
    if !analyze::has_limit(q) {
        return None;
    }
    let (limit, offset) = analyze::limit_parts(q);
    let eval = |e: Option<&sqlparser::ast::Expr>, default: i64| -> Option<i64> {
        let Some(e) = e else { return Some(default) };
        let rs = sb.query(&format!("SELECT {e}"), true).ok()?;
        match rs.rows.first()?.first()? {
            Value::Integer(i) => Some(*i),
            Value::Real(r) => Some(*r as i64),
            _ => None,
        }
    };
    let limit = eval(limit, -1)?;
    let offset = eval(offset, 0)?.max(0) as usize;
    // Past the row cap the re-run below can only end in "too many rows" or in fewer rows
    // than the offset, and both mean no cut: skip it rather than read the cap's worth of rows.
    if offset >= sb.caps().max_rows {
        return None;
    }
    // Only the rows up to one past the page matter; never read past them.
    let needed = if limit < 0 {
        offset + 1
    } else {
        offset.saturating_add(limit as usize) + 1
    };
    let keyed = analyze::keyed(q, Some(needed as u64))?;
    let full = split(sb.query(&keyed.sql, true).ok()?, &keyed);
    let keys = full.keys?;
    let n = keys.len();
    let tied = |i: usize, j: usize| rows_cmp(&keys[i], &keys[j]) == Ordering::Equal;
    let page_end = if limit < 0 {
        n
    } else {
        offset.saturating_add(limit as usize)
    };
    if offset > 0 && offset < n && tied(offset - 1, offset) {
        return Some(Cut {
            a: offset,
            b: offset + 1,
            keys: keys[offset].clone(),
        });
    }
    if page_end > offset && page_end < n && tied(page_end - 1, page_end) {
        return Some(Cut {
            a: page_end,
            b: page_end + 1,
            keys: keys[page_end].clone(),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Access, Caps, Image};

    fn sandbox() -> Sandbox {
        let image = Image::from_sql(
            "CREATE TABLE s(id INTEGER PRIMARY KEY, d TEXT);
             INSERT INTO s VALUES (1,'a'),(2,'b'),(3,'b'),(4,'c');",
        )
        .unwrap();
        Sandbox::open(&image, Access::ReadOnly, &Caps::default()).unwrap()
    }

    fn cut(sql: &str) -> Option<Cut> {
        limit_cut(&sandbox(), &analyze::parse_query(sql).unwrap())
    }

    #[test]
    fn page_edge_between_tied_rows_is_a_cut() {
        let c = cut("SELECT id FROM s ORDER BY d LIMIT 2").unwrap();
        assert_eq!((c.a, c.b), (2, 3));
        assert_eq!(c.keys, vec![Value::Text("b".into())]);
        assert!(cut("SELECT id FROM s ORDER BY d LIMIT 2 OFFSET 2").is_some());
    }

    #[test]
    fn tie_breaker_or_clean_edge_is_fine() {
        assert_eq!(cut("SELECT id FROM s ORDER BY d, id LIMIT 2"), None);
        assert_eq!(cut("SELECT id FROM s ORDER BY d LIMIT 3"), None);
        assert_eq!(cut("SELECT id FROM s ORDER BY d LIMIT 1, 2"), None);
    }

    #[test]
    fn limit_without_order_by_cuts_whenever_rows_are_left_out() {
        let c = cut("SELECT id FROM s LIMIT 2").unwrap();
        assert!(c.keys.is_empty());
        assert_eq!(cut("SELECT id FROM s LIMIT 10"), None);
    }
}
