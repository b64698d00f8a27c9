//! Where the REPL's lines come from. The session only sees this trait: a rustyline editor on
//! a terminal ([`super::terminal::Terminal`]), any `BufRead` when stdin is a pipe
//! ([`Reader`]), or a list of lines in tests ([`Script`]).

use super::complete::Vocabulary;
use std::collections::VecDeque;
use std::io::{self, BufRead};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    Text(String),
    /// Ctrl-C at the prompt: drop what is typed, stay.
    Interrupted,
    /// Bytes that are not UTF-8, at this offset of the line.
    Invalid {
        offset: usize,
    },
    /// Ctrl-D, or the end of the input.
    Eof,
}

pub trait LineSource {
    /// The next line, without its line ending. `pending` is the statement typed so far, for
    /// completion and highlighting.
    fn read_line(&mut self, prompt: &str, pending: &str) -> io::Result<Line>;

    /// What completion may offer changed (schema, exercises).
    fn set_vocabulary(&mut self, _vocabulary: Vocabulary) {}

    /// Remembers a whole entry (a statement over several lines stays one entry).
    fn add_history(&mut self, _entry: &str) -> io::Result<()> {
        Ok(())
    }

    /// A person at a terminal: prompts, banner, colour, `$EDITOR`.
    fn is_terminal(&self) -> bool {
        false
    }
}

/// Lines from a pipe or file.
pub struct Reader<R> {
    input: R,
}

impl<R: BufRead> Reader<R> {
    pub fn new(input: R) -> Reader<R> {
        Reader { input }
    }
}

impl<R: BufRead> LineSource for Reader<R> {
    fn read_line(&mut self, _prompt: &str, _pending: &str) -> io::Result<Line> {
        let mut buf = Vec::new();
        if self.input.read_until(b'\n', &mut buf)? == 0 {
            return Ok(Line::Eof);
        }
        if buf.last() == Some(&b'\n') {
            buf.pop();
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
        }
        Ok(match String::from_utf8(buf) {
            Ok(s) => Line::Text(s),
            Err(e) => Line::Invalid {
                offset: e.utf8_error().valid_up_to(),
            },
        })
    }
}

/// One scripted keystroke result, for tests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scripted {
    Line(String),
    CtrlC,
}

/// A whole session typed in advance; records the prompts it was shown and the history it
/// was given, so tests can check both.
#[derive(Default)]
pub struct Script {
    input: VecDeque<Scripted>,
    pub prompts: Vec<String>,
    pub history: Vec<String>,
    pub vocabulary: Option<Vocabulary>,
    terminal: bool,
}

impl Script {
    pub fn new<I, S>(lines: I) -> Script
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Script {
            input: lines
                .into_iter()
                .map(|l| Scripted::Line(l.into()))
                .collect(),
            ..Script::default()
        }
    }

    pub fn with(input: Vec<Scripted>) -> Script {
        Script {
            input: input.into(),
            ..Script::default()
        }
    }

    /// Behaves like a terminal session (banner, prompts, timer on).
    pub fn as_terminal(mut self) -> Script {
        self.terminal = true;
        self
    }
}

impl LineSource for Script {
    fn read_line(&mut self, prompt: &str, _pending: &str) -> io::Result<Line> {
        self.prompts.push(prompt.to_string());
        Ok(match self.input.pop_front() {
            Some(Scripted::Line(l)) => Line::Text(l),
            Some(Scripted::CtrlC) => Line::Interrupted,
            None => Line::Eof,
        })
    }

    fn set_vocabulary(&mut self, vocabulary: Vocabulary) {
        self.vocabulary = Some(vocabulary);
    }

    fn add_history(&mut self, entry: &str) -> io::Result<()> {
        self.history.push(entry.to_string());
        Ok(())
    }

    fn is_terminal(&self) -> bool {
        self.terminal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reader_splits_lines_and_reports_bad_bytes() {
        let input: &[u8] = b"SELECT 1;\r\n.tables\nSELECT '\xff';\nlast";
        let mut r = Reader::new(input);
        assert_eq!(r.read_line("", "").unwrap(), Line::Text("SELECT 1;".into()));
        assert_eq!(r.read_line("", "").unwrap(), Line::Text(".tables".into()));
        assert_eq!(r.read_line("", "").unwrap(), Line::Invalid { offset: 8 });
        assert_eq!(r.read_line("", "").unwrap(), Line::Text("last".into()));
        assert_eq!(r.read_line("", "").unwrap(), Line::Eof);
    }

    #[test]
    fn script_records_prompts() {
        let mut s = Script::with(vec![Scripted::CtrlC, Scripted::Line("x".into())]);
        assert_eq!(s.read_line("a> ", "").unwrap(), Line::Interrupted);
        assert_eq!(s.read_line("b> ", "").unwrap(), Line::Text("x".into()));
        assert_eq!(s.read_line("c> ", "").unwrap(), Line::Eof);
        assert_eq!(s.prompts, vec!["a> ", "b> ", "c> "]);
    }
}
