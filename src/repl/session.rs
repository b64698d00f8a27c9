//! One REPL session: read lines from a [`LineSource`], run complete statements on the
//! exercise's scratch copy, run dot-commands, print to any `Write`. Generic over input and
//! output, so whole sessions are tested in-process with a [`super::line_source::Script`].

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
        crate::engine::hard_stop::set_resume_at(&self.ctx.catalog.exercises[index].id);
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

    /// Runs every statement of `text`, one by one.
    fn run_text(&mut self, text: &str) {
        let pieces = match input::script(text, &self.ctx.caps) {
            Ok(p) => p,
            Err(e) => {
                self.engine_error(&e, text, self.state.pending.start_line());
                return;
            }
        };
        if self.state.lab.is_some() {
            for piece in pieces {
                self.run_lab(piece.sql);
            }
            return;
        }
        for piece in pieces {
            let line = self.state.pending.start_line() + text[..piece.start].matches('\n').count();
            self.run_statement(piece.sql, line);
        }
    }

    fn run_statement(&mut self, sql: &str, line: usize) {
        let lang = self.lang();
        let style = self.ctx.style;
        let Some(scratch) = &self.state.scratch else {
            let id = self.current().map(|e| e.id.clone()).unwrap_or_default();
            self.fail(&tr!(lang, ReplNoScratch, id = id));
            return;
        };
        let mode = self.state.mode;
        let started = Instant::now();
        let result = scratch.run(
            sql,
            mode.keep(self.ctx.caps.max_rows),
            &self.opts.interrupter,
        );
        let elapsed = self.state.timer.then(|| started.elapsed());
        self.state.last = Some(sql.to_string());
        let ran = match result {
            Ok(ran) => ran,
            Err(EngineError::Timeout(_)) if self.opts.interrupter.fired() => {
                if self.state.terminal {
                    // The terminal echoed ^C where the cursor was.
                    let _ = writeln!(self.err);
                }
                self.fail(&tr!(lang, ReplInterrupted));
                return;
            }
            Err(e) => {
                self.engine_error(&e, sql, line);
                return;
            }
        };
        self.state.script.push(if split::is_complete(sql) {
            sql.to_string()
        } else {
            format!("{sql}\n;")
        });
        let summary = match ran {
            Ran::Rows { rows, total } => {
                let shown = Shown {
                    rows: &rows,
                    total,
                    elapsed,
                };
                let _ = write!(
                    self.out,
                    "{}",
                    output_mode::render(mode, &shown, lang, style)
                );
                if let Some(h) = mysql_hints::after_success(sql, &self.state.schema) {
                    let _ = writeln!(self.err, "{}", style.dim(&escape::text(&h.text(lang))));
                }
                return;
            }
            Ran::Changed(1) => tr!(lang, ReplOneChanged),
            Ran::Changed(n) => tr!(lang, ReplChanged, n = n),
            Ran::Done => tr!(lang, ReplOk),
        };
        // The schema may have changed; completion should know.
        self.refresh_vocabulary();
        if self.state.terminal {
            let _ = writeln!(
                self.out,
                "{}",
                style.dim(&output_mode::footer(summary, elapsed))
            );
        }
    }

    /// An SQL error that teaches: the message, a caret, "did you mean", the SQLite way of
    /// saying a MySQL construct.
    fn engine_error(&mut self, e: &EngineError, sql: &str, line: usize) {
        let lang = self.lang();
        let raw = e.to_string();
        let mut message = engine_error_text(lang, e);
        let hints = mysql_hints::for_error(sql, &raw);
        // YEAR() is not a typo of char(): the MySQL hint says what was meant.
        let typo = if hints.is_empty() {
            suggest::did_you_mean(&raw, &self.state.schema)
        } else {
            None
        };
        if let Some(name) = typo {
            message = tr!(lang, ReplDidYouMean, error = message, name = name);
        }
        if !self.state.terminal && line > 0 {
            message = tr!(lang, ReplNearLine, line = line, message = message);
        }
        self.fail(&message);
        if let EngineError::Prepare {
            sql: text,
            offset: Some(o),
            ..
        } = e
        {
            let _ = writeln!(self.err, "{}", caret::caret(text, *o));
        }
        for h in hints {
            let hint = escape::text(&h.text(lang)).into_owned();
            let _ = writeln!(self.err, "{}", self.ctx.style.dim(&hint));
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

    /// A statement in two-session mode.
    fn run_lab(&mut self, sql: &str) {
        let lang = self.lang();
        let Some(lab) = self.state.lab.as_mut() else {
            return;
        };
        match lab.run(sql, lang) {
            Ok(out) => {
                let _ = writeln!(self.out, "{}", escape::text(&out));
            }
            Err(e) => self.report(&e),
        }
    }

    fn command(&mut self, line: &str) -> Option<Flow> {
        let lang = self.lang();
        if let Some(reply) = self.state.lab.as_mut().and_then(|l| l.command(line, lang)) {
            match reply {
                Ok(text) if text.is_empty() => {}
                Ok(text) => {
                    let _ = writeln!(self.out, "{}", escape::text(&text));
                }
                Err(e) => self.report(&e),
            }
            return None;
        }
        let cmd = match dot_command::parse(line) {
            Ok(c) => c,
            Err(DotError::Unknown { name, nearest }) => {
                let m = match nearest {
                    Some(n) => tr!(lang, ReplUnknownCommandNearest, name = name, nearest = n),
                    None => tr!(lang, ReplUnknownCommand, name = name),
                };
                self.fail(&m);
                return None;
            }
            Err(DotError::Usage(spec)) => {
                self.fail(&tr!(lang, ReplUsage, usage = spec.usage));
                return None;
            }
        };
        match self.dispatch(cmd) {
            Ok(flow) => flow,
            Err(e) => {
                self.report(&e);
                None
            }
        }
    }

    /// One arm per dot-command.
    fn dispatch(&mut self, cmd: DotCommand) -> Result<Option<Flow>, Error> {
        let lang = self.lang();
        match cmd {
            DotCommand::Help(topic) => self.help(topic.as_deref()),
            DotCommand::List(topic) => {
                list::run(self.ctx, topic.as_deref(), self.out, self.err)?;
            }
            DotCommand::Exercise(id) => {
                let ex = self.ctx.exercise(&id)?;
                let index = self.index_of(&ex.id);
                self.open(index, true)?;
            }
            DotCommand::Show => {
                let id = self.current_id()?;
                show::run(self.ctx, &id, self.out, self.err)?;
            }
            DotCommand::Hint => {
                let id = self.current_id()?;
                hint::run(self.ctx, &id, self.out, self.err)?;
            }
            DotCommand::Check(sql) => self.check(sql)?,
            DotCommand::Solution { reveal } => {
                let id = self.current_id()?;
                solution::run(self.ctx, &id, reveal, self.out, self.err)?;
            }
            DotCommand::Next | DotCommand::Prev => {
                let forward = cmd == DotCommand::Next;
                let id = self.current_id()?;
                let i = self.index_of(&id);
                let target = if forward {
                    (i + 1 < self.ctx.catalog.exercises.len()).then_some(i + 1)
                } else {
                    i.checked_sub(1)
                };
                match target {
                    Some(t) => self.open(t, true)?,
                    None if forward => {
                        let _ = writeln!(self.out, "{}", tr!(lang, ReplNoNext, id = id));
                    }
                    None => {
                        let _ = writeln!(self.out, "{}", tr!(lang, ReplNoPrev, id = id));
                    }
                }
            }
            DotCommand::Tables => {
                let names: Vec<&str> = self.state.schema.table_names().collect();
                let text = if names.is_empty() {
                    tr!(lang, ReplNoTables)
                } else {
                    names.join("  ")
                };
                let _ = writeln!(self.out, "{}", escape::text(&text));
            }
            DotCommand::Schema(table) => self.schema(table.as_deref()),
            DotCommand::Reset => {
                let id = self.current_id()?;
                match self.state.scratch.as_mut() {
                    Some(s) => {
                        s.reset().map_err(|e| Error::Grade {
                            exercise: id,
                            error: crate::grade::GradeError::Catalog(e.to_string()),
                        })?;
                        let fixture = s.fixture().to_string();
                        self.state.script.clear();
                        self.refresh_vocabulary();
                        let reset = tr!(lang, ReplReset, fixture = fixture);
                        let _ = writeln!(self.out, "{}", escape::text(&reset));
                    }
                    None => self.fail(&tr!(lang, ReplNoScratch, id = id)),
                }
            }
            DotCommand::Explain(sql) => self.explain(sql),
            DotCommand::Edit => self.edit(),
            DotCommand::Mode(None) => {
                let _ = writeln!(
                    self.out,
                    "{}",
                    tr!(lang, ReplModeIs, mode = self.state.mode.name())
                );
            }
            DotCommand::Mode(Some(m)) => self.state.mode = m,
            DotCommand::Timer(None) => {
                let on = if self.state.timer { "on" } else { "off" };
                let _ = writeln!(self.out, "{}", tr!(lang, ReplTimerIs, state = on));
            }
            DotCommand::Timer(Some(on)) => self.state.timer = on,
            DotCommand::Lang(None) => {
                let _ = writeln!(self.out, "{}", tr!(lang, ReplLangSet));
            }
            DotCommand::Lang(Some(l)) => return Ok(Some(Flow::Lang(l))),
            DotCommand::Lab(arg) if arg.as_deref() == Some("off") => {
                self.state.lab = None;
                let _ = writeln!(self.out, "{}", tr!(lang, ReplLabOff));
            }
            DotCommand::Lab(arg) => {
                let args = lab_mode::parse_args(arg.as_deref()).map_err(Error::Usage)?;
                // Dropping a previous console rolls its sessions back first.
                self.state.lab = None;
                let lab = LabMode::start(&args)?;
                let _ = writeln!(self.out, "{}", escape::text(&lab.intro(lang)));
                self.state.lab = Some(lab);
            }
            DotCommand::Quit => return Ok(Some(Flow::Quit)),
        }
        Ok(None)
    }

    fn index_of(&self, id: &str) -> usize {
        self.ctx
            .catalog
            .exercises
            .iter()
            .position(|e| e.id == id)
            .unwrap_or(0)
    }

    fn current_id(&self) -> Result<String, Error> {
        self.current()
            .map(|e| e.id.clone())
            .ok_or_else(|| Error::Usage(tr!(self.lang(), ReplNoExercise)))
    }

    /// `.check [SQL]`: the grader `sqldrill check` uses, and the same progress record.
    fn check(&mut self, sql: Option<String>) -> Result<(), Error> {
        let lang = self.lang();
        let ctx = self.ctx;
        let id = self.current_id()?;
        let ex = ctx.exercise(&id)?;
        let answer = match sql {
            Some(sql) => sql,
            None if ex.meta.kind == Kind::Query => self.state.last.clone().unwrap_or_default(),
            None => {
                let n = self.state.script.len();
                if n > 0 {
                    let _ = writeln!(
                        self.out,
                        "{}",
                        self.ctx.style.dim(&tr!(lang, ReplChecking, n = n))
                    );
                }
                self.state.script.join("\n")
            }
        };
        if split::is_blank(&answer) {
            return Err(Error::Usage(tr!(lang, ReplNothingToCheck)));
        }
        let v = check::grade(self.grader, ex, &answer)?;
        let _ = write!(self.out, "{}", verdict::verdict(&v, lang, self.ctx.style));
        check::record(ctx, ex, &answer, &v, self.err)?;
        if !v.passed() {
            self.state.failed = true;
            return Ok(());
        }
        self.state.solved = true;
        let exercises = &ctx.catalog.exercises;
        let next = exercises.get(self.index_of(&id) + 1);
        let message = match next {
            Some(n) => tr!(
                lang,
                ReplSolvedNext,
                id = n.id,
                title = n.meta.title.get(lang)
            ),
            None => {
                let progress = ctx.progress(self.err)?;
                let solved = exercises
                    .iter()
                    .filter(|e| progress.get(&e.id).solved)
                    .count();
                tr!(
                    lang,
                    ReplSolvedLast,
                    solved = solved,
                    total = exercises.len()
                )
            }
        };
        let _ = writeln!(self.out, "{}", self.ctx.style.good(&escape::text(&message)));
        Ok(())
    }

    fn help(&mut self, topic: Option<&str>) {
        let lang = self.lang();
        if let Some(t) = topic {
            match dot_command::resolve(t.trim_start_matches('.')) {
                Ok(spec) => {
                    let _ = writeln!(self.out, "{}\n  {}", spec.usage, spec.help.text(lang));
                }
                Err(_) => self.fail(&tr!(lang, ReplUnknownCommand, name = t)),
            }
            return;
        }
        let width = COMMANDS.iter().map(|s| s.usage.len()).max().unwrap_or(0);
        for spec in COMMANDS {
            let _ = writeln!(self.out, "{:width$}  {}", spec.usage, spec.help.text(lang));
        }
        let _ = writeln!(self.out, "\n{}", tr!(lang, ReplHelpKeys));
    }

    fn schema(&mut self, table: Option<&str>) {
        let lang = self.lang();
        let Some(scratch) = &self.state.scratch else {
            let id = self.current().map(|e| e.id.clone()).unwrap_or_default();
            self.fail(&tr!(lang, ReplNoScratch, id = id));
            return;
        };
        match scratch.schema_sql(table) {
            Ok(sqls) if sqls.is_empty() && table.is_some() => {
                let name = table.unwrap_or_default();
                let mut m = tr!(lang, ReplNoSuchTable, name = name);
                let raw = format!("no such table: {name}");
                if let Some(n) = suggest::did_you_mean(&raw, &self.state.schema) {
                    m = tr!(lang, ReplDidYouMean, error = m, name = n);
                }
                self.fail(&m);
            }
            Ok(sqls) => {
                for s in sqls {
                    let _ = writeln!(self.out, "{};", escape::text(&s));
                }
            }
            Err(e) => self.engine_error(&e, "", 0),
        }
    }

    fn explain(&mut self, sql: Option<String>) {
        let lang = self.lang();
        let Some(sql) = sql.or_else(|| self.state.last.clone()) else {
            self.fail(&tr!(lang, ReplNothingToExplain));
            return;
        };
        let Some(scratch) = &self.state.scratch else {
            let id = self.current().map(|e| e.id.clone()).unwrap_or_default();
            self.fail(&tr!(lang, ReplNoScratch, id = id));
            return;
        };
        match scratch.plan(&sql) {
            Ok(rows) => {
                let tree = explain::tree(&tr!(lang, ReplQueryPlan), &rows);
                let _ = write!(self.out, "{}", escape::text(&tree));
            }
            Err(e) => self.engine_error(&e, &sql, 0),
        }
    }

    /// `.edit`: the statement under way, else the last one, in `$EDITOR`; then run it.
    fn edit(&mut self) {
        let lang = self.lang();
        let Some(program) = self.opts.editor.clone() else {
            self.fail(&tr!(lang, ReplNeedsTerminal));
            return;
        };
        let text = if self.state.pending.under_way() {
            self.state.pending.take()
        } else {
            self.state.last.clone().unwrap_or_default()
        };
        match editor::edit(&program, &text) {
            Ok(edited) if split::is_blank(&edited) => {}
            Ok(edited) => {
                let edited = edited.trim_end().to_string();
                let _ = writeln!(self.out, "{}", escape::text(&edited));
                self.remember(&edited);
                self.state.pending.set_start_line(0);
                self.run_text(&edited);
            }
            Err(e) => self.fail(&tr!(lang, ReplEditorFailed, editor = program, error = e)),
        }
    }
}
