//! The interactive REPL (`sqldrill` with no subcommand): drills on a scratch copy of each
//! exercise's fixture, `.check` with the same grader as `sqldrill check`, completion,
//! highlighting and history on a terminal; statements and dot-commands from stdin otherwise.
//!
//! The loop ([`session`]) is generic over where lines come from ([`line_source`]) and where
//! output goes, so whole sessions run in tests; completion, highlighting, validation and
//! hints are pure functions of the text.

pub mod complete;
pub mod completeness;
pub mod dot_command;
pub mod editor;
pub mod explain;
pub mod highlight;
pub mod hints;
pub mod history;
pub mod interrupt;
pub mod keywords;
pub mod lab_mode;
pub mod line_source;
pub mod mysql_hints;
pub mod output_mode;
pub mod pending;
pub mod schema;
pub mod scratch;
pub mod session;
mod sql_context;
pub mod suggest;
pub mod supervisor;
pub mod terminal;
pub mod tokens;

pub use interrupt::Interrupter;
pub use line_source::{Line, LineSource, Reader, Script, Scripted};
pub use session::Options;

use crate::cli::context::Ctx;
use crate::error::Error;
use std::io::{IsTerminal, Write};

/// A REPL when stdin is a terminal; otherwise statements and dot-commands from stdin,
/// printed for a pipe, exit 1 if any failed.
pub fn run(ctx: &mut Ctx, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    if !std::io::stdin().is_terminal() {
        // Lines over the SQL size cap come in pieces, so a huge line never fills memory.
        let mut reader = Reader::with_limit(std::io::stdin().lock(), ctx.caps.max_sql_bytes);
        return session::run(ctx, &Options::default(), &mut reader, out, err);
    }
    let start = match supervisor::child_setup(ctx.lang) {
        Some(resume) => resume,
        None => {
            if let Some(code) = supervisor::supervise() {
                return Ok(code);
            }
            None
        }
    };
    let mut terminal =
        terminal::Terminal::new(ctx.home.as_deref(), ctx.style.color).map_err(|e| Error::Io {
            path: "<terminal>".into(),
            error: e.to_string(),
        })?;
    let interrupter = Interrupter::new();
    // Without the handler Ctrl-C during a query would end sqldrill; the REPL works without.
    let _ = interrupter.on_sigint();
    let opts = Options {
        editor: Some(editor::from_env()),
        interrupter,
        start,
    };
    session::run(ctx, &opts, &mut terminal, out, err)?;
    // Errors at a terminal were shown as they happened; leaving is a success.
    Ok(0)
}
