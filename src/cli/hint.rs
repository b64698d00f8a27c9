//! `sqldrill hint ID`: the next hint; hints are progressive and remembered.

use super::context::{Ctx, print_json};
use crate::error::Error;
use crate::render::escape;
use crate::tr;
use serde_json::json;
use std::io::Write;

pub fn run(ctx: &Ctx, id: &str, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    let ex = ctx.exercise(id)?;
    let lang = ctx.lang;
    let hints = &ex.meta.hints;
    if hints.is_empty() {
        if ctx.json {
            print_json(
                out,
                &json!({"exercise": ex.id, "hint": null, "number": 0, "total": 0, "last": true}),
            );
        } else {
            let _ = writeln!(out, "{}", tr!(lang, NoHints));
        }
        return Ok(0);
    }
    let total = hints.len();
    let saved = ctx.change_progress(&ex.id, err, |e| {
        e.hints_shown = (e.hints_shown + 1).min(total);
    })?;
    let n = saved.hints_shown.clamp(1, total);
    let text = hints[n - 1].get(lang).trim();
    let last = n == hints.len();
    if ctx.json {
        print_json(
            out,
            &json!({"exercise": ex.id, "hint": text, "number": n, "total": hints.len(), "last": last}),
        );
        return Ok(0);
    }
    let _ = writeln!(
        out,
        "{}",
        tr!(
            lang,
            HintN,
            n = n,
            total = hints.len(),
            text = escape::text(text)
        )
    );
    if last {
        let _ = writeln!(out, "{}", ctx.style.dim(&tr!(lang, LastHint, id = ex.id)));
    }
    Ok(0)
}
