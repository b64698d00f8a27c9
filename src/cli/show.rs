//! `sqldrill show ID`: the prompt, the tables involved with their schema, the expected
//! columns and whether order matters. Never the reference.

use super::context::{Ctx, print_json};
use crate::catalog::{Exercise, Kind};
use crate::error::Error;
use crate::grade::{GradeError, analyze};
use crate::render::escape;
use crate::tr;
use serde_json::json;
use std::io::Write;

/// Whether the exercise requires an order: its reference has a top-level ORDER BY.
pub fn order_required(ex: &Exercise) -> bool {
    ex.meta.kind == Kind::Query
        && analyze::parse_query(ex.solution.trim().trim_end_matches(';'))
            .map(|q| analyze::has_order_by(&q))
            .unwrap_or(false)
}

/// `CREATE TABLE` text of each table the exercise involves, from its fixture.
pub fn schemas(ctx: &Ctx, ex: &Exercise) -> Result<Vec<(String, String)>, Error> {
    if ex.meta.kind == Kind::Lab {
        return Ok(Vec::new());
    }
    let grader = crate::grade::Grader::new(&ctx.catalog, ctx.caps.clone(), ctx.lang);
    let image = grader.fixture(&ex.meta.fixture).map_err(|e| Error::Grade {
        exercise: ex.id.clone(),
        error: e,
    })?;
    let conn = image.open_copy().map_err(|e| Error::Grade {
        exercise: ex.id.clone(),
        error: GradeError::Catalog(e.to_string()),
    })?;
    let mut out = Vec::new();
    for t in &ex.meta.tables {
        let sql: Option<String> = conn
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE type IN ('table','view') AND name = ?1 COLLATE NOCASE",
                [t],
                |r| r.get(0),
            )
            .ok();
        out.push((t.clone(), sql.unwrap_or_default()));
    }
    Ok(out)
}

pub fn run(ctx: &Ctx, id: &str, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    let ex = ctx.exercise(id)?;
    let lang = ctx.lang;
    let tables = schemas(ctx, ex)?;
    let ordered = order_required(ex);
    let progress = ctx.progress(err)?;
    let m = &ex.meta;
    if ctx.json {
        let tables: Vec<_> = tables
            .iter()
            .map(|(n, s)| json!({"name": n, "sql": s}))
            .collect();
        print_json(
            out,
            &json!({
                "id": ex.id, "title": m.title.get(lang), "prompt": m.prompt.get(lang).trim(),
                "topic": m.topic, "difficulty": m.difficulty, "kind": m.kind, "fixture": m.fixture,
                "tables": tables, "columns": m.columns, "order_required": ordered,
                "requires": m.requires, "forbids": m.forbids, "hints": m.hints.len(),
                "solved": progress.get(&ex.id).solved,
            }),
        );
        return Ok(0);
    }
    let s = ctx.style;
    // Everything below comes from catalog files, which may be a user's directory: the text
    // is written to `text` first and escaped once on its way out.
    let mut text = String::new();
    write_text(&mut text, ctx, ex, &tables, ordered);
    let _ = writeln!(
        out,
        "{}  {}",
        s.bold(&ex.id),
        s.bold(&escape::text(m.title.get(lang)))
    );
    let topic = format!("{} · {:?}", m.topic, m.difficulty).to_lowercase();
    let _ = writeln!(out, "{}\n", s.dim(&escape::text(&topic)));
    let _ = write!(out, "{}", escape::text(&text));
    Ok(0)
}

/// The body of `show` (after the title line), unescaped.
fn write_text(
    out: &mut String,
    ctx: &Ctx,
    ex: &Exercise,
    tables: &[(String, String)],
    ordered: bool,
) {
    use std::fmt::Write as _;
    let (lang, m) = (ctx.lang, &ex.meta);
    let _ = writeln!(out, "{}\n", m.prompt.get(lang).trim());
    if !tables.is_empty() {
        let _ = writeln!(out, "{}", tr!(lang, TablesInvolved));
        for (_, sql) in tables {
            let _ = writeln!(out, "{sql};");
        }
        let _ = writeln!(out);
    }
    match m.kind {
        Kind::Query => {
            if !m.columns.is_empty() {
                let _ = writeln!(
                    out,
                    "{}",
                    tr!(lang, ExpectedColumns, cols = m.columns.join(", "))
                );
            }
            let order = if ordered {
                tr!(lang, OrderRequired)
            } else {
                tr!(lang, OrderAny)
            };
            let _ = writeln!(out, "{order}");
        }
        Kind::Script => {
            let _ = writeln!(
                out,
                "{}",
                tr!(lang, ScriptTask, checks = m.checks.join("; "))
            );
        }
        Kind::Plan => {
            let _ = writeln!(
                out,
                "{}",
                tr!(lang, PlanTask, target = m.target.as_deref().unwrap_or(""))
            );
        }
        Kind::Lab => {}
    }
    for f in &m.requires {
        let _ = writeln!(out, "{}", tr!(lang, Requires, feature = f.sql_name()));
    }
    for f in &m.forbids {
        let _ = writeln!(out, "{}", tr!(lang, Forbids, feature = f.sql_name()));
    }
}
