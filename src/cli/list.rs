//! `sqldrill list`: the exercises and where the learner stands.

use super::context::{Ctx, print_json};
use crate::error::Error;
use crate::render::{escape, table};
use crate::tr;
use serde_json::json;
use std::io::Write;

pub fn run(
    ctx: &Ctx,
    topic: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, Error> {
    let progress = ctx.progress(err)?;
    let lang = ctx.lang;
    let shown: Vec<_> = ctx
        .catalog
        .exercises
        .iter()
        .filter(|e| topic.is_none_or(|t| e.meta.topic.eq_ignore_ascii_case(t)))
        .collect();
    let solved = shown.iter().filter(|e| progress.get(&e.id).solved).count();
    if ctx.json {
        let items: Vec<_> = shown
            .iter()
            .map(|e| {
                let p = progress.get(&e.id);
                json!({
                    "id": e.id, "slug": e.slug, "title": e.meta.title.get(lang),
                    "topic": e.meta.topic, "difficulty": e.meta.difficulty, "kind": e.meta.kind,
                    "solved": p.solved, "revealed": p.revealed,
                })
            })
            .collect();
        print_json(
            out,
            &json!({"exercises": items, "solved": solved, "total": shown.len()}),
        );
        return Ok(0);
    }
    let rows: Vec<Vec<String>> = shown
        .iter()
        .map(|e| {
            let p = progress.get(&e.id);
            let state = if p.solved {
                ctx.style.good(&tr!(lang, Solved))
            } else if p.revealed {
                tr!(lang, Revealed)
            } else {
                tr!(lang, Unsolved)
            };
            vec![
                e.id.clone(),
                escape::cell(e.meta.title.get(lang)).into_owned(),
                escape::cell(&e.meta.topic).into_owned(),
                format!("{:?}", e.meta.difficulty).to_lowercase(),
                state,
            ]
        })
        .collect();
    let header = [
        tr!(lang, ColId),
        tr!(lang, ColTitle),
        tr!(lang, ColTopic),
        tr!(lang, ColDifficulty),
        tr!(lang, ColState),
    ];
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let _ = writeln!(out, "{}", table::strings(&header, &rows));
    let _ = writeln!(
        out,
        "{}",
        tr!(lang, ListTotals, solved = solved, total = shown.len())
    );
    Ok(0)
}
