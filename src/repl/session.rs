//! One REPL session: read lines from a [`LineSource`], run complete statements on the
//! exercise's scratch copy, run dot-commands, print to any `Write`. Generic over input and
//! output, so whole sessions are tested in-process with a [`super::line_source::Script`].
//! The loop and the exercise it is on live here; running statements and dot-commands live in
//! `statements` and `commands`.

use super::complete::Vocabulary;
use super::dot_command::{self, COMMANDS, DotCommand, DotError};
use super::editor;
use super::explain;
use super::interrupt::Interrupter;
use super::lab_mode::{self, LabMode};
use super::line_source::{Line, LineSource};
use super::mysql_hints;
use super::output_mode::{self, Mode, Shown};
use super::pending::{Fed, Pending};
use super::schema::Schema;
use super::scratch::{Ran, Scratch};
use super::suggest;
use crate::catalog::{Exercise, Kind};
use crate::cli::context::Ctx;
use crate::cli::{check, hint, list, show, solution};
use crate::engine::{EngineError, input, split};
use crate::error::Error;
use crate::grade::Grader;
use crate::grade::feedback::engine_error_text;
use crate::lang::Lang;
use crate::progress::Progress;
use crate::render::{caret, escape, verdict};
use crate::tr;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

mod commands;
mod statements;

/// How a session is set up beyond the command line.
#[derive(Clone, Default)]
pub struct Options {
    /// The editor `.edit` runs; `None` where there is no terminal for it.
    pub editor: Option<String>,
    /// Where Ctrl-C reaches a running statement.
    pub interrupter: Interrupter,
    /// The exercise to open at; by default the first unsolved one.
    pub start: Option<String>,
}

/// What the loop does next.
enum Flow {
    Quit,
    /// `.lang`: the grader speaks one language, so it is made anew.
    Lang(Lang),
}

/// Everything that outlives a language switch.
struct State {
    terminal: bool,
    exercise: Option<usize>,
    solved: bool,
    scratch: Option<Scratch>,
    schema: Schema,
    mode: Mode,
    timer: bool,
    /// The statement being typed, line by line (bounded by the SQL size cap).
    pending: Pending,
    line_no: usize,
    /// The last statement run, for `.check`, `.explain` and `.edit`.
    last: Option<String>,
    /// Statements that succeeded since the exercise was opened or reset (script answers).
    script: Vec<String>,
    /// Something failed: piped mode exits 1.
    failed: bool,
    started: bool,
    /// `.lab`: two live sessions instead of the scratch copy.
    lab: Option<LabMode>,
}

/// Runs a session to its end; the exit code is 1 when any statement or command failed.
pub fn run(
    ctx: &mut Ctx,
    opts: &Options,
    source: &mut dyn LineSource,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, Error> {
    ctx.json = false;
    let terminal = source.is_terminal();
    let mut state = State {
        terminal,
        exercise: None,
        solved: false,
        scratch: None,
        schema: Schema::default(),
        // People read tables; pipes get CSV.
        mode: if terminal { Mode::Table } else { Mode::Csv },
        timer: terminal,
        pending: Pending::new(ctx.caps.max_sql_bytes),
        line_no: 0,
        last: None,
        script: Vec::new(),
        failed: false,
        started: false,
        lab: None,
    };
    loop {
        let grader = Grader::new(&ctx.catalog, ctx.caps.clone(), ctx.lang);
        let mut session = Session {
            ctx,
            grader: &grader,
            state: &mut state,
            opts,
            source: &mut *source,
            out: &mut *out,
            err: &mut *err,
        };
        match session.drive()? {
            Flow::Quit => break,
            Flow::Lang(lang) => {
                drop(grader);
                ctx.lang = lang;
                let _ = writeln!(out, "{}", tr!(lang, ReplLangSet));
            }
        }
    }
    Ok(u8::from(state.failed))
}

struct Session<'s, 'g> {
    ctx: &'s Ctx,
    grader: &'s Grader<'g>,
    state: &'s mut State,
    opts: &'s Options,
    source: &'s mut dyn LineSource,
    out: &'s mut dyn Write,
    err: &'s mut dyn Write,
}

impl Session<'_, '_> {
    fn lang(&self) -> Lang {
        self.ctx.lang
    }

    fn drive(&mut self) -> Result<Flow, Error> {
        if !self.state.started {
            self.state.started = true;
            self.start();
        }
        loop {
            let _ = self.out.flush();
            let _ = self.err.flush();
            let lang = self.lang();
            if let Some(done) = self.state.lab.as_mut().and_then(|l| l.poll(lang)) {
                let _ = writeln!(self.out, "{}", escape::text(&done));
            }
            let prompt = self.prompt();
            let line = self
                .source
                .read_line(&prompt, self.state.pending.text())
                .map_err(|e| Error::Io {
                    path: PathBuf::from("<stdin>"),
                    error: e.to_string(),
                })?;
            match line {
                Line::Eof => {
                    // A last statement without `;` still runs, as in the sqlite3 shell.
                    let rest = self.state.pending.take();
                    if !split::is_blank(&rest) {
                        self.run_text(&rest);
                    }
                    return Ok(Flow::Quit);
                }
                Line::Interrupted => {
                    self.state.pending.take();
                }
                Line::Invalid { offset } => {
                    self.state.line_no += 1;
                    self.state.pending.take();
                    let e = Error::InvalidUtf8 { offset };
                    self.report(&e);
                }
                Line::Part { bytes, first, last } => {
                    self.state.line_no += usize::from(first);
                    let line_no = self.state.line_no;
                    let fed = self.state.pending.part(&bytes, first, last, line_no);
                    self.fed(fed, "");
                }
                Line::Text(text) => {
                    // A paste or a recalled entry may hold several lines: one at a time.
                    for line in text.split('\n') {
                        if let Some(flow) = self.feed(line.trim_end_matches('\r')) {
                            return Ok(flow);
                        }
                    }
                }
            }
        }
    }

    fn prompt(&self) -> String {
        if self.state.pending.under_way() {
            return "...> ".to_string();
        }
        if let Some(lab) = &self.state.lab {
            return lab.prompt();
        }
        match self.current() {
            Some(ex) if self.state.solved => format!("{} ✓> ", ex.id),
            Some(ex) => format!("{}> ", ex.id),
            None => "sqldrill> ".to_string(),
        }
    }

    fn current(&self) -> Option<&Exercise> {
        self.state
            .exercise
            .and_then(|i| self.ctx.catalog.exercises.get(i))
    }

    /// Opens the first unsolved exercise (or the one asked for) and, for a person, says so.
    fn start(&mut self) {
        let lang = self.lang();
        if self.state.terminal {
            let _ = writeln!(
                self.out,
                "{}\n",
                self.ctx
                    .style
                    .dim(&tr!(lang, ReplBanner, version = env!("CARGO_PKG_VERSION")))
            );
        }
        let ctx = self.ctx;
        let exercises = &ctx.catalog.exercises;
        let index = match &self.opts.start {
            Some(id) => match ctx.exercise(id) {
                Ok(ex) => exercises.iter().position(|e| e.id == ex.id),
                Err(e) => {
                    self.report(&e);
                    None
                }
            },
            None => {
                let progress = self.progress();
                let first = exercises
                    .iter()
                    .position(|e| e.meta.kind != Kind::Lab && !progress.get(&e.id).solved);
                if first.is_none() && self.state.terminal && !exercises.is_empty() {
                    let _ = writeln!(self.out, "{}", tr!(lang, ReplAllSolved));
                }
                first
            }
        };
        match index.or((!exercises.is_empty()).then_some(0)) {
            Some(i) => {
                let announce = self.state.terminal;
                if let Err(e) = self.open(i, announce) {
                    self.report(&e);
                }
            }
            None => self.refresh_vocabulary(),
        }
    }

    /// Loads exercise `index` and a fresh scratch copy of its fixture.
    fn open(&mut self, index: usize, announce: bool) -> Result<(), Error> {
        let ctx = self.ctx;
        let ex = &ctx.catalog.exercises[index];
        self.state.exercise = Some(index);
        crate::engine::hard_stop::set_exercise(&self.ctx.catalog.exercises[index].id);
        self.state.last = None;
        self.state.script.clear();
        self.state.solved = self.progress().get(&ex.id).solved;
        self.state.scratch = None;
        if ex.meta.kind != Kind::Lab {
            let grade_err = |error| Error::Grade {
                exercise: ex.id.clone(),
                error,
            };
            let image = self.grader.fixture(&ex.meta.fixture).map_err(grade_err)?;
            let scratch = Scratch::open(&ex.meta.fixture, image, &ctx.caps)
                .map_err(|e| grade_err(crate::grade::GradeError::Catalog(e.to_string())))?;
            self.state.scratch = Some(scratch);
        }
        self.refresh_vocabulary();
        if announce {
            show::run(ctx, &ex.id, self.out, self.err)?;
            let tip = match ex.meta.kind {
                Kind::Query => tr!(self.lang(), ReplTipQuery),
                Kind::Lab => tr!(self.lang(), ReplNoScratch, id = ex.id),
                _ => tr!(self.lang(), ReplTipScript),
            };
            let _ = writeln!(self.out, "\n{}", self.ctx.style.dim(&tip));
        }
        Ok(())
    }

    fn refresh_vocabulary(&mut self) {
        self.state.schema = self
            .state
            .scratch
            .as_ref()
            .map(Scratch::schema)
            .unwrap_or_default();
        let catalog = &self.ctx.catalog;
        let mut topics: Vec<String> = Vec::new();
        for e in &catalog.exercises {
            if !topics.contains(&e.meta.topic) {
                topics.push(e.meta.topic.clone());
            }
        }
        self.source.set_vocabulary(Vocabulary {
            schema: self.state.schema.clone(),
            exercises: catalog.exercises.iter().map(|e| e.id.clone()).collect(),
            topics,
        });
    }

    /// One physical line of input.
    fn feed(&mut self, line: &str) -> Option<Flow> {
        self.state.line_no += 1;
        let fed = self.state.pending.line(line, self.state.line_no);
        self.fed(fed, line)
    }

    /// Acts on what a line (or a piece of an overlong one) did to the statement under way.
    fn fed(&mut self, fed: Fed, line: &str) -> Option<Flow> {
        match fed {
            Fed::Blank | Fed::Continue | Fed::Skipped => {}
            Fed::Command => {
                self.remember(line.trim());
                return self.command(line);
            }
            Fed::Complete(text) => {
                self.remember(&text);
                self.run_text(&text);
            }
            Fed::TooLong => {
                let e = EngineError::TooLongWhileReading {
                    cap: self.ctx.caps.max_sql_bytes,
                };
                self.engine_error(&e, "", self.state.pending.start_line());
            }
        }
        None
    }

    fn remember(&mut self, entry: &str) {
        if let Err(e) = self.source.add_history(entry) {
            let _ = writeln!(
                self.err,
                "{}",
                tr!(self.lang(), ReplHistoryError, error = e)
            );
        }
    }

    /// Prints an error line (escaped: it quotes SQL, names and values) and remembers that
    /// something failed.
    fn fail(&mut self, message: &str) {
        self.state.failed = true;
        let line = tr!(self.lang(), ReplError, message = escape::text(message));
        let _ = writeln!(self.err, "{}", self.ctx.style.bad(&line));
    }

    /// A crate error from a command (unknown id, a bad answer for `.check`, I/O).
    fn report(&mut self, e: &Error) {
        self.fail(&e.message(self.lang()));
        if let Some((sql, offset)) = e.location() {
            let _ = writeln!(self.err, "{}", caret::caret(sql, offset));
        }
    }

    /// Progress to show where the learner is; one that cannot be read is reported and read
    /// as empty, so the REPL still opens.
    fn progress(&mut self) -> Progress {
        self.ctx.progress(self.err).unwrap_or_else(|e| {
            self.report(&e);
            Progress::empty(&self.ctx.catalog.progress_key())
        })
    }
}
