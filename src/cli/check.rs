//! `sqldrill check ID [FILE|-] [--sql SQL]`: grade an answer, record progress on a pass.

use super::context::{Ctx, print_json};
use crate::catalog::Exercise;
use crate::error::Error;
use crate::grade::{Grader, Verdict};
use crate::render::verdict;
use std::io::{Read, Write};
use std::path::Path;

/// Reads the answer from exactly one source; bytes must be UTF-8.
pub fn read_answer(file: Option<&Path>, sql: Option<&str>) -> Result<String, Error> {
    let bytes = match (file, sql) {
        (Some(_), Some(_)) => return Err(Error::Usage("give FILE or --sql, not both".into())),
        (None, None) => {
            return Err(Error::Usage(crate::tr!(
                crate::lang::Lang::from_env(),
                NoSql
            )));
        }
        (None, Some(s)) => return Ok(s.to_string()),
        (Some(p), None) if p == Path::new("-") => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| Error::Io {
                    path: p.to_path_buf(),
                    error: e.to_string(),
                })?;
            buf
        }
        (Some(p), None) => std::fs::read(p).map_err(|e| Error::Io {
            path: p.to_path_buf(),
            error: e.to_string(),
        })?,
    };
    String::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 {
        offset: e.utf8_error().valid_up_to(),
    })
}

/// Grades `answer` and records the attempt in the progress file: the one path that both
/// `sqldrill check` and the REPL's `.check` take, so a pass counts the same everywhere.
pub fn grade_and_record(
    ctx: &Ctx,
    grader: &Grader<'_>,
    ex: &Exercise,
    answer: &str,
    err: &mut dyn Write,
) -> Result<Verdict, Error> {
    let v = grader.grade(ex, answer).map_err(|e| Error::Grade {
        exercise: ex.id.clone(),
        error: e,
    })?;
    let mut progress = ctx.progress(err);
    if v.passed() {
        progress.record_pass(&ex.id, answer);
    } else {
        progress.update(&ex.id, |e| e.attempts += 1);
    }
    ctx.save(&mut progress)?;
    Ok(v)
}

pub fn run(
    ctx: &Ctx,
    id: &str,
    file: Option<&Path>,
    sql: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, Error> {
    let ex = ctx.exercise(id)?;
    let answer = read_answer(file, sql)?;
    let grader = Grader::new(&ctx.catalog, ctx.caps.clone(), ctx.lang);
    let v = grade_and_record(ctx, &grader, ex, &answer, err)?;
    if ctx.json {
        print_json(out, &serde_json::to_value(&v).unwrap_or_default());
    } else {
        let _ = write!(out, "{}", verdict::verdict(&v, ctx.lang, ctx.style));
    }
    Ok(if v.passed() { 0 } else { 1 })
}
