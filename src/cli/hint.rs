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
    let mut progress = ctx.progress(err);
    let shown = progress.get(&ex.id).hints_shown;
    let n = (shown + 1).min(hints.len());
    progress.update(&ex.id, |e| e.hints_shown = n);
    ctx.save(&mut progress)?;
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
