//! The command-line front end: parse, dispatch, and turn errors into exit codes in one place.

pub mod args;
pub mod check;
pub mod context;
pub mod hint;
pub mod lab;
pub mod list;
pub mod show;
pub mod solution;
pub mod verify;

use crate::error::Error;
use crate::lang::Lang;
use crate::render::caret;
use args::{Cli, Command};
use clap::Parser;
use context::Ctx;
use std::io::Write;
use std::process::ExitCode;

/// Runs one command; returns its exit code (errors included).
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let json = cli.json;
    let lang = cli
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_else(Lang::from_env);
    crate::engine::hard_stop::configure(crate::engine::hard_stop::Policy::Exit { lang, json });
    match dispatch(&cli, out, err) {
        Ok(code) => code,
        Err(e) => {
            report(&e, lang, json, out, err);
            e.exit_code()
        }
    }
}

fn dispatch(cli: &Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    let mut ctx = Ctx::new(cli)?;
    match &cli.command {
        // The REPL on a terminal, statements from stdin otherwise (`--json`: the list).
        None if !ctx.json => crate::repl::run(&mut ctx, out, err),
        None => list::run(&ctx, None, out, err),
        Some(Command::List { topic }) => list::run(&ctx, topic.as_deref(), out, err),
        Some(Command::Show { id }) => show::run(&ctx, id, out, err),
        Some(Command::Check { id, file, sql }) => {
            check::run(&ctx, id, file.as_deref(), sql.as_deref(), out, err)
        }
        Some(Command::Hint { id }) => hint::run(&ctx, id, out, err),
        Some(Command::Solution { id, reveal }) => solution::run(&ctx, id, *reveal, out, err),
        Some(Command::Verify { ids }) => verify::run(&ctx, ids, out, err),
        Some(command @ Command::Lab { .. }) => lab::run(&ctx, command, out),
    }
}

/// Errors: a JSON document on stdout with `--json` (unless one was printed already), else a
/// message (and a caret under the spot, for SQL errors) on stderr.
fn report(e: &Error, lang: Lang, json: bool, out: &mut dyn Write, err: &mut dyn Write) {
    let message = e.message(lang);
    if json && !matches!(e, Error::AfterOutput(_)) {
        let mut doc = serde_json::json!({
            "verdict": "error",
            "error": e.kind(),
            "exercise": e.exercise(),
            "datasets": [],
            "message": message,
        });
        if let Some((sql, offset)) = e.location() {
            let (line, column) = caret::line_col(sql, offset);
            doc["line"] = line.into();
            doc["column"] = column.into();
        }
        context::print_json(out, &doc);
        return;
    }
    // Messages quote SQL, names, paths and catalog files: escaped for the terminal.
    let message = crate::render::escape::text(&message);
    let _ = match e.location() {
        Some((sql, offset)) => {
            let (line, col) = caret::line_col(sql, offset);
            writeln!(
                err,
                "error: {}\n{}",
                crate::tr!(lang, SqlErrorAt, message = message, line = line, col = col),
                caret::caret(sql, offset)
            )
        }
        None => writeln!(err, "error: {message}"),
    };
}

/// The binary's entry point.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = run(
        cli,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    ExitCode::from(code)
}
