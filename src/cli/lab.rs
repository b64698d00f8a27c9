//! `sqldrill lab [SCENARIO] [--level L|all] [--engine E] [--matrix]`: the isolation lab.

use super::args::Command;
use super::context::{Ctx, print_json};
use crate::error::Error;
use crate::lab::{self, Backend, Level, Scenario};
use serde_json::json;
use std::io::Write;
use std::path::Path;

/// The engines a `--engine` value names. Only SQLite is built in so far; server URLs are
/// refused with a clear message rather than silently run elsewhere.
pub fn backends(spec: Option<&str>) -> Result<Vec<Box<dyn Backend>>, Error> {
    let env = std::env::var("SQLDRILL_ENGINE")
        .ok()
        .filter(|v| !v.is_empty());
    let spec = spec
        .map(str::to_string)
        .or(env)
        .unwrap_or_else(|| "sqlite".into());
    match spec.as_str() {
        "sqlite" | "all" => Ok(vec![Box::new(lab::SqliteBackend::new())]),
        other => Err(Error::Usage(format!(
            "--engine {other:?}: this build runs the lab on sqlite only (server engines are not supported yet)"
        ))),
    }
}

fn scenarios(extra: Option<&Path>) -> Result<Vec<Scenario>, Error> {
    let base = lab::builtin();
    match extra {
        Some(dir) => Ok(lab::with_extra(
            base,
            lab::load_dir(dir).map_err(Error::Lab)?,
        )),
        None => Ok(base),
    }
}

pub fn run(ctx: &Ctx, command: &Command, out: &mut dyn Write) -> Result<u8, Error> {
    let Command::Lab {
        scenario,
        level,
        engine,
        matrix,
        scenarios: dir,
    } = command
    else {
        return Ok(2);
    };
    let lang = ctx.lang;
    let all = scenarios(dir.as_deref())?;
    let levels = Level::parse_many(level).map_err(Error::Lab)?;
    let backends = backends(engine.as_deref())?;
    if *matrix {
        let matrices: Vec<_> = backends
            .iter()
            .map(|b| lab::matrix(&all, &levels, b.as_ref()))
            .collect();
        if ctx.json {
            let doc = match matrices.as_slice() {
                [one] => serde_json::to_value(one).unwrap_or_default(),
                many => json!({ "engines": many }),
            };
            print_json(out, &doc);
        } else {
            for m in &matrices {
                let _ = writeln!(out, "{}", lab::render::matrix(m, lang));
            }
        }
        return Ok(0);
    }
    let Some(id) = scenario else {
        if ctx.json {
            let list: Vec<_> = all
                .iter()
                .map(|s| json!({"id": s.id, "title": s.title.get(lang), "description": s.description.get(lang)}))
                .collect();
            print_json(out, &json!({ "scenarios": list }));
        } else {
            let _ = writeln!(out, "{}", lab::render::scenario_list(&all, lang));
        }
        return Ok(0);
    };
    let scenario = lab::find(&all, id).map_err(Error::Lab)?;
    let mut runs = Vec::new();
    for backend in &backends {
        for level in &levels {
            let run = lab::run_scenario(scenario, *level, backend.as_ref()).map_err(Error::Lab)?;
            if !ctx.json {
                let _ = writeln!(out, "{}", lab::render::timeline(scenario, &run, lang));
            }
            runs.push(run);
        }
    }
    if ctx.json {
        print_json(out, &json!({ "scenario": scenario.id, "runs": runs }));
    } else if runs.len() > 1 {
        for run in &runs {
            let _ = writeln!(out, "{}", lab::render::level_summary(run, lang));
        }
    }
    Ok(0)
}
