//! `sqldrill solution ID [--reveal]`: the reference, only once solved or on request.
//! Exit 1 when it stays locked, so scripts can tell.

use super::context::{Ctx, print_json};
use crate::error::Error;
use crate::render::escape;
use crate::tr;
use serde_json::json;
use std::io::Write;

pub fn run(
    ctx: &Ctx,
    id: &str,
    reveal: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, Error> {
    let ex = ctx.exercise(id)?;
    let lang = ctx.lang;
    let solved = ctx.progress(err)?.get(&ex.id).solved;
    if !solved && !reveal {
        if ctx.json {
            print_json(
                out,
                &json!({"exercise": ex.id, "locked": true, "solution": null, "message": tr!(lang, SolutionLocked, id = ex.id)}),
            );
        } else {
            let _ = writeln!(err, "{}", tr!(lang, SolutionLocked, id = ex.id));
        }
        return Ok(1);
    }
    if !solved {
        ctx.change_progress(&ex.id, err, |e| e.revealed = true)?;
    }
    let alternatives: Vec<&str> = ex.right.iter().map(|r| r.sql.trim()).collect();
    if ctx.json {
        print_json(
            out,
            &json!({"exercise": ex.id, "locked": false, "solution": ex.solution.trim(), "alternatives": alternatives}),
        );
        return Ok(0);
    }
    // The SQL comes from catalog files: escaped for the terminal.
    let _ = writeln!(
        out,
        "{}\n{}\n",
        tr!(lang, Reference, id = ex.id),
        escape::text(ex.solution.trim())
    );
    if !alternatives.is_empty() {
        let _ = writeln!(out, "{}", tr!(lang, Alternatives));
        for a in alternatives {
            let _ = writeln!(out, "\n{}", escape::text(a));
        }
    }
    Ok(0)
}
