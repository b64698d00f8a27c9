//! `sqldrill lab [SCENARIO] [--level L|all] [--engine E] [--matrix]`: the isolation lab.

use super::args::Command;
use super::context::{Ctx, print_json};
use crate::error::Error;
use crate::lab::messages::{self as m, tr};
use crate::lab::{self, Backend, Level, Matrix, Scenario, engines};
use crate::lang::Lang;
use crate::render::escape;
use serde_json::json;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// The engines `--engine` (or `SQLDRILL_ENGINE`) names, connected. A single named engine that
/// cannot be reached is an error; with `all`, unreachable servers are listed in `unavailable`
/// (one line each, saying how to start them) and the others still run.
pub struct Engines {
    pub connected: Vec<Box<dyn Backend>>,
    /// (engine name, why it is not available).
    pub unavailable: Vec<(&'static str, lab::LabError)>,
    /// More than one engine was asked for (`all`).
    pub several: bool,
}

/// `snapshot_isolation` (`--innodb-snapshot-isolation on|off`) applies to MySQL/MariaDB URLs;
/// the same can be written in the URL as `?innodb_snapshot_isolation=on`.
pub fn backends(spec: Option<&str>, snapshot_isolation: Option<bool>) -> Result<Engines, Error> {
    let value = engines::chosen(spec);
    let mut specs = engines::specs(&value).map_err(Error::Lab)?;
    if let Some(on) = snapshot_isolation {
        for s in &mut specs {
            if let lab::engine_url::EngineSpec::Server(url) = s
                && url.kind == lab::engine_url::ServerKind::Mysql
            {
                url.snapshot_isolation = Some(on);
            }
        }
    }
    let several = specs.len() > 1;
    let mut out = Engines {
        connected: Vec::new(),
        unavailable: Vec::new(),
        several,
    };
    // Connect in parallel: an unreachable server costs its connect timeout once, not in turn.
    let results: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = specs
            .iter()
            .map(|s| scope.spawn(move || engines::connect(s)))
            .collect();
        handles
            .into_iter()
            .zip(&specs)
            .map(|(h, s)| {
                let result = h.join().unwrap_or_else(|_| {
                    Err(lab::LabError::Unreachable(crate::lang::Text {
                        en: "internal error while connecting".into(),
                        zh: "连接时发生内部错误".into(),
                    }))
                });
                (engines::engine_name(s), result)
            })
            .collect()
    });
    for (name, result) in results {
        match result {
            Ok(b) => out.connected.push(b),
            Err(e) if several && !e.is_bad_input() => out.unavailable.push((name, e)),
            Err(e) => return Err(Error::Lab(e)),
        }
    }
    Ok(out)
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

/// Ctrl-C during a lab run: the first one lets the run in progress finish, so its drop guards
/// remove the server database or schema, and then stops; a second one quits at once (what is
/// left is removed by a later run, see src/lab/lab_names.rs). Unregistered when dropped.
struct Interrupt {
    stop: Arc<AtomicBool>,
    ids: Vec<signal_hook::SigId>,
}

impl Interrupt {
    fn install() -> Interrupt {
        let stop = Arc::new(AtomicBool::new(false));
        let sig = signal_hook::consts::SIGINT;
        // Order matters: the conditional exit sees the flag as it was before this signal.
        let ids = [
            signal_hook::flag::register_conditional_shutdown(sig, 130, stop.clone()),
            signal_hook::flag::register(sig, stop.clone()),
        ]
        .into_iter()
        .filter_map(Result::ok)
        .collect();
        Interrupt { stop, ids }
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }
}

impl Drop for Interrupt {
    fn drop(&mut self) {
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

/// The matrix of one engine, scenario by scenario so an interrupt stops between runs.
fn engine_matrix(
    all: &[Scenario],
    levels: &[Level],
    backend: &dyn Backend,
    interrupt: &Interrupt,
) -> Matrix {
    let mut whole = lab::matrix(&[], levels, backend);
    for s in all.iter().filter(|s| s.applies_to(backend.name())) {
        if interrupt.stopped() {
            break;
        }
        let one = lab::matrix(std::slice::from_ref(s), levels, backend);
        whole.scenarios.extend(one.scenarios);
    }
    whole
}

fn unavailable_lines(engines: &Engines, lang: Lang) -> Vec<String> {
    engines
        .unavailable
        .iter()
        .map(|(name, e)| m::unavailable(name, &e.message(lang), lang))
        .collect()
}

pub fn run(ctx: &Ctx, command: &Command, out: &mut dyn Write) -> Result<u8, Error> {
    let Command::Lab {
        scenario,
        level,
        engine,
        matrix,
        scenarios: dir,
        innodb_snapshot_isolation,
    } = command
    else {
        return Ok(2);
    };
    let lang = ctx.lang;
    let all = scenarios(dir.as_deref())?;
    let levels = Level::parse_many(level).map_err(Error::Lab)?;
    if !*matrix && scenario.is_none() {
        if ctx.json {
            let list: Vec<_> = all
                .iter()
                .map(|s| json!({"id": s.id, "title": s.title.get(lang), "description": s.description.get(lang), "engines": s.engines}))
                .collect();
            print_json(out, &json!({ "scenarios": list }));
        } else {
            let list = lab::render::scenario_list(&all, lang);
            let _ = writeln!(out, "{}", escape::text(&list));
        }
        return Ok(0);
    }
    let chosen = match scenario {
        Some(id) => Some(lab::find(&all, id).map_err(Error::Lab)?),
        None => None,
    };
    let snapshot = match innodb_snapshot_isolation.as_deref() {
        None => None,
        Some("on") => Some(true),
        Some("off") => Some(false),
        Some(other) => {
            return Err(Error::Usage(format!(
                "--innodb-snapshot-isolation takes on or off, not {other:?}"
            )));
        }
    };
    let engines = backends(engine.as_deref(), snapshot)?;
    let interrupt = Interrupt::install();
    let code = match chosen {
        None => run_matrix(ctx, &all, &levels, &engines, &interrupt, out),
        Some(s) => run_one(ctx, s, &levels, &engines, &interrupt, out)?,
    };
    if interrupt.stopped() {
        let _ = writeln!(out, "{}", tr(m::INTERRUPTED, lang));
        return Ok(130);
    }
    Ok(code)
}

fn run_matrix(
    ctx: &Ctx,
    all: &[Scenario],
    levels: &[Level],
    engines: &Engines,
    interrupt: &Interrupt,
    out: &mut dyn Write,
) -> u8 {
    let lang = ctx.lang;
    // Engines in parallel threads: each has its own databases, and the wall time is the
    // slowest engine's rather than the sum.
    let matrices: Vec<Matrix> = std::thread::scope(|scope| {
        let handles: Vec<_> = engines
            .connected
            .iter()
            .map(|b| scope.spawn(move || engine_matrix(all, levels, b.as_ref(), interrupt)))
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    if ctx.json {
        let doc = match (engines.several, matrices.as_slice()) {
            (false, [one]) => serde_json::to_value(one).unwrap_or_default(),
            (_, many) => {
                let unavailable: Vec<_> = engines
                    .unavailable
                    .iter()
                    .map(|(name, e)| json!({"engine": name, "error": e.message(lang)}))
                    .collect();
                json!({ "engines": many, "unavailable": unavailable })
            }
        };
        print_json(out, &doc);
    } else {
        for m in &matrices {
            let _ = writeln!(out, "{}", escape::text(&lab::render::matrix(m, lang)));
        }
        for line in unavailable_lines(engines, lang) {
            let _ = writeln!(out, "{}", escape::text(&line));
        }
    }
    0
}

fn run_one(
    ctx: &Ctx,
    scenario: &Scenario,
    levels: &[Level],
    engines: &Engines,
    interrupt: &Interrupt,
    out: &mut dyn Write,
) -> Result<u8, Error> {
    let lang = ctx.lang;
    let mut runs = Vec::new();
    let mut skipped = Vec::new();
    for backend in &engines.connected {
        if engines.several && !scenario.applies_to(backend.name()) {
            skipped.push(m::not_applicable(&scenario.id, backend.name(), lang));
            continue;
        }
        for level in levels {
            if interrupt.stopped() {
                break;
            }
            let run = lab::run_scenario(scenario, *level, backend.as_ref()).map_err(Error::Lab)?;
            if !ctx.json {
                let timeline = lab::render::timeline(scenario, &run, lang);
                let _ = writeln!(out, "{}", escape::text(&timeline));
            }
            runs.push(run);
        }
    }
    if ctx.json {
        let unavailable: Vec<_> = engines
            .unavailable
            .iter()
            .map(|(name, e)| json!({"engine": name, "error": e.message(lang)}))
            .collect();
        let mut doc = json!({ "scenario": scenario.id, "runs": runs });
        if engines.several {
            doc["unavailable"] = unavailable.into();
        }
        print_json(out, &doc);
    } else {
        if runs.len() > 1 {
            for run in &runs {
                let summary = lab::render::level_summary(run, lang);
                let summary = escape::text(&summary);
                let _ = if engines.several {
                    writeln!(out, "{:<8} {summary}", run.engine)
                } else {
                    writeln!(out, "{summary}")
                };
            }
        }
        for line in skipped.into_iter().chain(unavailable_lines(engines, lang)) {
            let _ = writeln!(out, "{}", escape::text(&line));
        }
    }
    Ok(0)
}
