//! The line source for a person at a terminal: rustyline with our completion, highlighting
//! and history hints, and history kept in `$SQLDRILL_HOME` (see [`super::history`]).
//! Ctrl-R searches history, Tab completes, → accepts a hint, Ctrl-C clears the line, Ctrl-D
//! leaves.

use super::complete::{self, Vocabulary};
use super::highlight;
use super::hints::{self, HistoryHint};
use super::history::{History, MAX_ENTRIES};
use super::line_source::{Line, LineSource};
use crate::engine::split;
use rustyline::completion::Completer;
use rustyline::error::ReadlineError;
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::Hinter;
use rustyline::history::MemHistory;
use rustyline::validate::Validator;
use rustyline::{ColorMode, CompletionType, Config, Editor};
use std::borrow::Cow;
use std::cell::RefCell;
use std::io;
use std::path::Path;
use std::rc::Rc;

/// What the editor's helper reads while a line is edited.
#[derive(Default)]
struct Shared {
    vocabulary: Vocabulary,
    pending: String,
    entries: Vec<String>,
}

pub struct Terminal {
    editor: Editor<Helper, MemHistory>,
    /// `None` without a home (see `home::dir`): history is then kept in memory only.
    history: Option<History>,
    shared: Rc<RefCell<Shared>>,
}

impl Terminal {
    pub fn new(home: Option<&Path>, color: bool) -> Result<Terminal, ReadlineError> {
        let config = Config::builder()
            .max_history_size(MAX_ENTRIES)?
            .history_ignore_dups(true)?
            .auto_add_history(false)
            .completion_type(CompletionType::List)
            .color_mode(if color {
                ColorMode::Enabled
            } else {
                ColorMode::Disabled
            })
            .bracketed_paste(true)
            .build();
        let history_config = MemHistory::with_config(&config);
        let mut editor = Editor::with_history(config, history_config)?;
        let history = home.map(History::load);
        let loaded = history.as_ref().map_or(&[][..], History::entries);
        for e in loaded {
            editor.add_history_entry(e.as_str())?;
        }
        let shared = Rc::new(RefCell::new(Shared {
            entries: loaded.to_vec(),
            ..Shared::default()
        }));
        editor.set_helper(Some(Helper {
            shared: Rc::clone(&shared),
            color,
        }));
        Ok(Terminal {
            editor,
            history,
            shared,
        })
    }
}

impl LineSource for Terminal {
    fn read_line(&mut self, prompt: &str, pending: &str) -> io::Result<Line> {
        self.shared.borrow_mut().pending = pending.to_string();
        loop {
            return match self.editor.readline(prompt) {
                Ok(line) => Ok(Line::Text(line)),
                Err(ReadlineError::Interrupted) => Ok(Line::Interrupted),
                Err(ReadlineError::Eof) => Ok(Line::Eof),
                // The window was resized: keep reading.
                Err(ReadlineError::Signal(_)) => continue,
                Err(ReadlineError::Io(e)) => Err(e),
                Err(e) => Err(io::Error::other(e.to_string())),
            };
        }
    }

    fn set_vocabulary(&mut self, vocabulary: Vocabulary) {
        self.shared.borrow_mut().vocabulary = vocabulary;
    }

    fn add_history(&mut self, entry: &str) -> io::Result<()> {
        let entry = entry.trim_end();
        let _ = self.editor.add_history_entry(entry);
        let Some(history) = self.history.as_mut() else {
            let mut shared = self.shared.borrow_mut();
            if shared.entries.last().is_none_or(|l| l != entry) && !entry.trim().is_empty() {
                shared.entries.push(entry.to_string());
            }
            return Ok(());
        };
        if history.add(entry) {
            self.shared.borrow_mut().entries = history.entries().to_vec();
            history.append(entry)?;
        }
        Ok(())
    }

    fn is_terminal(&self) -> bool {
        true
    }
}

struct Helper {
    shared: Rc<RefCell<Shared>>,
    color: bool,
}

impl rustyline::Helper for Helper {}

impl Validator for Helper {}

impl Completer for Helper {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &rustyline::Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        let shared = self.shared.borrow();
        let c = complete::complete(&shared.vocabulary, &shared.pending, line, pos);
        Ok((c.start, c.candidates))
    }
}

impl Hinter for Helper {
    type Hint = HistoryHint;

    fn hint(&self, line: &str, pos: usize, _ctx: &rustyline::Context<'_>) -> Option<HistoryHint> {
        let shared = self.shared.borrow();
        if !split::is_blank(&shared.pending) {
            return None;
        }
        hints::history_hint(shared.entries.iter().map(String::as_str), line, pos)
    }
}

impl Highlighter for Helper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        if !self.color {
            return Cow::Borrowed(line);
        }
        Cow::Owned(highlight::highlight(&self.shared.borrow().pending, line))
    }

    fn highlight_prompt<'b, 's: 'b, 'p: 'b>(
        &'s self,
        prompt: &'p str,
        _default: bool,
    ) -> Cow<'b, str> {
        if self.color {
            Cow::Owned(format!("\x1b[1;32m{prompt}\x1b[0m"))
        } else {
            Cow::Borrowed(prompt)
        }
    }

    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        if self.color {
            Cow::Owned(format!("\x1b[2m{hint}\x1b[0m"))
        } else {
            Cow::Borrowed(hint)
        }
    }

    fn highlight_char(&self, _line: &str, _pos: usize, _kind: CmdKind) -> bool {
        self.color
    }
}
