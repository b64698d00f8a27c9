//! `sqldrill verify [ID...]`: the catalog self-test, in parallel across cores.

use super::context::{Ctx, print_json};
use crate::error::Error;
use crate::grade::{Grader, verify};
use crate::render::{escape, table};
use crate::tr;
use serde_json::json;
use std::io::Write;

pub fn run(
    ctx: &Ctx,
    ids: &[String],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, Error> {
    let lang = ctx.lang;
    let exercises = if ids.is_empty() {
        ctx.catalog.exercises.iter().collect()
    } else {
        ids.iter()
            .map(|id| ctx.exercise(id))
            .collect::<Result<Vec<_>, _>>()?
    };
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let grader = Grader::new(&ctx.catalog, ctx.caps.clone(), lang);
    if !ctx.json {
        let _ = writeln!(
            err,
            "verify: {} exercises on {workers} threads …",
            exercises.len()
        );
    }
    let checks = verify::verify(&grader, &exercises, workers);
    let failed: Vec<_> = checks.iter().filter(|c| !c.ok).collect();
    if ctx.json {
        print_json(
            out,
            &json!({"ok": failed.is_empty(), "exercises": exercises.len(), "checks": checks}),
        );
    } else {
        if !failed.is_empty() {
            let rows: Vec<Vec<String>> = failed
                .iter()
                .map(|c| {
                    [&c.exercise, &c.item, &c.detail]
                        .map(|t| escape::cell(t).into_owned())
                        .to_vec()
                })
                .collect();
            let header = [tr!(lang, ColId), tr!(lang, ColCheck), tr!(lang, ColProblem)];
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            let _ = writeln!(out, "{}", table::strings(&header, &rows));
        }
        let summary = if failed.is_empty() {
            ctx.style.good(&tr!(
                lang,
                VerifyOk,
                n = exercises.len(),
                checks = checks.len()
            ))
        } else {
            ctx.style.bad(&tr!(
                lang,
                VerifyFailed,
                failed = failed.len(),
                checks = checks.len()
            ))
        };
        let _ = writeln!(out, "{summary}");
    }
    Ok(if failed.is_empty() { 0 } else { 1 })
}
