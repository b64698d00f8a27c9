//! The dot-commands: parsing a `.command` line and carrying it out.

use super::*;

impl Session<'_, '_> {
    pub(super) fn command(&mut self, line: &str) -> Option<Flow> {
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
