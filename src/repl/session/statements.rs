//! Running what the learner types: complete statements on the scratch copy (or in the lab's
//! sessions), with results shown in the current mode and errors that teach.

use super::*;

impl Session<'_, '_> {
    /// Runs every statement of `text`, one by one.
    pub(super) fn run_text(&mut self, text: &str) {
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
    pub(super) fn engine_error(&mut self, e: &EngineError, sql: &str, line: usize) {
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
}
