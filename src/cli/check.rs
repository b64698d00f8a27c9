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

/// Grades `answer`: the one grader both `sqldrill check` and the REPL's `.check` use.
pub fn grade(grader: &Grader<'_>, ex: &Exercise, answer: &str) -> Result<Verdict, Error> {
    grader.grade(ex, answer).map_err(|e| Error::Grade {
        exercise: ex.id.clone(),
        error: e,
    })
}

/// Records the attempt in the progress file, so a pass counts the same everywhere. Called
/// after the verdict is shown: a failure to save never hides the verdict.
pub fn record(
    ctx: &Ctx,
    ex: &Exercise,
    answer: &str,
    verdict: &Verdict,
    err: &mut dyn Write,
) -> Result<(), Error> {
    ctx.change_progress(&ex.id, err, |e| e.record_attempt(verdict.passed(), answer))?;
    Ok(())
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
    let v = grade(&grader, ex, &answer)?;
    if ctx.json {
        print_json(out, &serde_json::to_value(&v).unwrap_or_default());
    } else {
        let _ = write!(out, "{}", verdict::verdict(&v, ctx.lang, ctx.style));
    }
    let _ = out.flush();
    record(ctx, ex, &answer, &v, err).map_err(|e| Error::AfterOutput(Box::new(e)))?;
    Ok(if v.passed() { 0 } else { 1 })
}
