//! What the grader needs to know about a statement's structure, read from the sqlparser AST
//! (never from regexes): features used, the top-level ORDER BY and LIMIT, and a rewrite that
//! exposes the ORDER BY keys as extra columns.

use crate::catalog::Feature;
use sqlparser::ast::{
    Expr, GroupByExpr, LimitClause, Query, Select, SelectItem, SetExpr, Statement, Visit, Visitor,
};
use sqlparser::dialect::SQLiteDialect;
use sqlparser::parser::Parser;
use std::collections::HashSet;
use std::ops::ControlFlow;

/// Parses one SELECT (possibly WITH ...) statement.
pub fn parse_query(sql: &str) -> Result<Box<Query>, String> {
    let mut statements = Parser::parse_sql(&SQLiteDialect {}, sql).map_err(|e| e.to_string())?;
    match (statements.len(), statements.pop()) {
        (1, Some(Statement::Query(q))) => Ok(q),
        _ => Err("not a single SELECT statement".into()),
    }
}

/// Every structural feature the query uses, at any depth.
pub fn features(q: &Query) -> HashSet<Feature> {
    let mut finder = FeatureFinder::default();
    let _ = q.visit(&mut finder);
    let mut found = finder.found;
    // Every Query node beyond the top one and the CTE bodies is a subquery.
    if finder.queries > 1 + finder.ctes {
        found.insert(Feature::Subquery);
    }
    found
}

#[derive(Default)]
struct FeatureFinder {
    found: HashSet<Feature>,
    queries: usize,
    ctes: usize,
}

impl Visitor for FeatureFinder {
    type Break = ();

    fn pre_visit_query(&mut self, q: &Query) -> ControlFlow<()> {
        self.queries += 1;
        if let Some(with) = &q.with {
            self.ctes += with.cte_tables.len();
            self.found.insert(Feature::Cte);
        }
        if q.order_by.is_some() {
            self.found.insert(Feature::OrderBy);
        }
        let (limit, offset) = limit_parts(q);
        if limit.is_some() {
            self.found.insert(Feature::Limit);
        }
        if offset.is_some() {
            self.found.insert(Feature::Offset);
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_select(&mut self, s: &Select) -> ControlFlow<()> {
        if s.having.is_some() {
            self.found.insert(Feature::Having);
        }
        if s.distinct.is_some() {
            self.found.insert(Feature::Distinct);
        }
        let grouped = match &s.group_by {
            GroupByExpr::All(_) => true,
            GroupByExpr::Expressions(e, _) => !e.is_empty(),
        };
        if grouped {
            self.found.insert(Feature::GroupBy);
        }
        if s.from.len() > 1 || s.from.iter().any(|t| !t.joins.is_empty()) {
            self.found.insert(Feature::Join);
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_expr(&mut self, e: &Expr) -> ControlFlow<()> {
        if let Expr::Function(f) = e
            && f.over.is_some()
        {
            self.found.insert(Feature::Window);
        }
        ControlFlow::Continue(())
    }
}

/// The LIMIT and OFFSET expressions of a query, whichever syntax spelled them.
pub fn limit_parts(q: &Query) -> (Option<&Expr>, Option<&Expr>) {
    match &q.limit_clause {
        None => (None, None),
        Some(LimitClause::LimitOffset { limit, offset, .. }) => {
            (limit.as_ref(), offset.as_ref().map(|o| &o.value))
        }
        Some(LimitClause::OffsetCommaLimit { offset, limit }) => (Some(limit), Some(offset)),
    }
}

pub fn has_order_by(q: &Query) -> bool {
    q.order_by.as_ref().is_some_and(
        |o| !matches!(&o.kind, sqlparser::ast::OrderByKind::Expressions(e) if e.is_empty()),
    )
}

pub fn has_limit(q: &Query) -> bool {
    q.limit_clause.is_some()
}

/// Where one ORDER BY key's value is found in a row of the keyed query's result.
#[derive(Clone, Debug, PartialEq)]
pub enum KeyAt {
    /// An output column (by position or alias).
    Output(usize),
    /// An output column found by name at run time (compound SELECTs).
    Named(String),
}

/// A query rewritten so each row carries its ORDER BY key values.
#[derive(Clone, Debug)]
pub struct Keyed {
    pub sql: String,
    /// Number of columns the original query returns.
    pub visible: usize,
    pub keys: Vec<KeyAt>,
}

/// Rewrites `q` so that the values of its top-level ORDER BY keys can be read from each
/// row. With `first_rows = Some(n)`, LIMIT/OFFSET are replaced by `LIMIT n`, so the rows
/// around a page's edges come back from the start of the ordering.
/// `None` when the keys cannot be located (the caller then falls back to strict order).
pub fn keyed(q: &Query, first_rows: Option<u64>) -> Option<Keyed> {
    let mut q = q.clone();
    if let Some(n) = first_rows {
        let limit = Parser::new(&SQLiteDialect {})
            .try_with_sql(&n.to_string())
            .and_then(|mut p| p.parse_expr())
            .ok()?;
        q.limit_clause = Some(LimitClause::LimitOffset {
            limit: Some(limit),
            offset: None,
            limit_by: Vec::new(),
        });
        q.fetch = None;
    }
    let exprs: Vec<Expr> = match &q.order_by {
        Some(o) => match &o.kind {
            sqlparser::ast::OrderByKind::Expressions(list) => {
                list.iter().map(|e| e.expr.clone()).collect()
            }
            sqlparser::ast::OrderByKind::All(_) => return None,
        },
        None => Vec::new(),
    };
    let mut keys = Vec::new();
    match q.body.as_mut() {
        SetExpr::Select(select) => {
            let visible = select.projection.len();
            let has_wildcard = select.projection.iter().any(|p| {
                matches!(
                    p,
                    SelectItem::Wildcard(_) | SelectItem::QualifiedWildcard(..)
                )
            });
            let mut extra = 0;
            for expr in exprs {
                if let Some(at) = output_position(&expr, &select.projection, has_wildcard) {
                    keys.push(at);
                    continue;
                }
                let alias = sqlparser::ast::Ident::new(format!("__sqldrill_k{extra}"));
                select
                    .projection
                    .push(SelectItem::ExprWithAlias { expr, alias });
                keys.push(KeyAt::Named(format!("__sqldrill_k{extra}")));
                extra += 1;
            }
            // With `*` the visible width is only known at run time; callers use the name
            // prefix `__sqldrill_k` to split.
            let visible = if has_wildcard { usize::MAX } else { visible };
            Some(Keyed {
                sql: q.to_string(),
                visible,
                keys,
            })
        }
        _ => {
            for expr in exprs {
                match expr {
                    Expr::Value(v) => {
                        let n: usize = v.value.to_string().parse().ok()?;
                        keys.push(KeyAt::Output(n.checked_sub(1)?));
                    }
                    Expr::Identifier(id) => keys.push(KeyAt::Named(id.value)),
                    Expr::CompoundIdentifier(parts) => {
                        keys.push(KeyAt::Named(parts.last()?.value.clone()))
                    }
                    _ => return None,
                }
            }
            Some(Keyed {
                sql: q.to_string(),
                visible: usize::MAX,
                keys,
            })
        }
    }
}

/// An ORDER BY term that names an output column: `ORDER BY 2` or `ORDER BY alias`.
fn output_position(expr: &Expr, projection: &[SelectItem], has_wildcard: bool) -> Option<KeyAt> {
    match expr {
        Expr::Value(v) if !has_wildcard => {
            let n: usize = v.value.to_string().parse().ok()?;
            let i = n.checked_sub(1).filter(|i| *i < projection.len())?;
            Some(KeyAt::Output(i))
        }
        Expr::Identifier(id) => {
            let i = projection.iter().position(|p| {
                matches!(p, SelectItem::ExprWithAlias { alias, .. } if alias.value.eq_ignore_ascii_case(&id.value))
            })?;
            // Behind a `*` the alias's output position is only known at run time.
            Some(if has_wildcard {
                KeyAt::Named(id.value.clone())
            } else {
                KeyAt::Output(i)
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(sql: &str) -> HashSet<Feature> {
        features(&parse_query(sql).unwrap())
    }

    #[test]
    fn detects_having_window_join_subquery_limit_offset() {
        assert!(f("SELECT a FROM t GROUP BY a HAVING count(*) > 1").contains(&Feature::Having));
        assert!(f("SELECT rank() OVER (ORDER BY a) FROM t").contains(&Feature::Window));
        assert!(f("SELECT * FROM a JOIN b ON a.id = b.id").contains(&Feature::Join));
        assert!(f("SELECT * FROM a, b").contains(&Feature::Join));
        assert!(f("SELECT * FROM t WHERE a IN (SELECT a FROM u)").contains(&Feature::Subquery));
        let lo = f("SELECT * FROM t ORDER BY a LIMIT 5 OFFSET 5");
        assert!(lo.contains(&Feature::Limit) && lo.contains(&Feature::Offset));
        assert!(f("SELECT * FROM t LIMIT 5, 5").contains(&Feature::Offset));
    }

    #[test]
    fn a_cte_is_not_a_subquery_and_comments_are_not_features() {
        let found = f("WITH x AS (SELECT 1 AS a) SELECT a FROM x -- HAVING LIMIT OFFSET");
        assert!(found.contains(&Feature::Cte));
        assert!(!found.contains(&Feature::Subquery));
        assert!(!found.contains(&Feature::Having));
        assert!(!found.contains(&Feature::Limit));
        assert!(!f("SELECT 'HAVING' FROM t").contains(&Feature::Having));
    }

    #[test]
    fn keyed_resolves_aliases_and_positions_and_appends_the_rest() {
        let q = parse_query(
            "SELECT name, sum(s) AS total FROM t GROUP BY name ORDER BY total DESC, 1, id LIMIT 3",
        )
        .unwrap();
        let k = keyed(&q, Some(4)).unwrap();
        assert_eq!(k.visible, 2);
        assert_eq!(
            k.keys,
            vec![
                KeyAt::Output(1),
                KeyAt::Output(0),
                KeyAt::Named("__sqldrill_k0".into())
            ]
        );
        assert!(k.sql.ends_with("LIMIT 4"), "{}", k.sql);
        assert!(k.sql.contains("__sqldrill_k0"));
    }
}
