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
    /// A piece of a line longer than the reader's limit (the SQL size cap): such a line is
    /// never held whole. `first` and `last` say where the line starts and ends.
    Part {
        bytes: Vec<u8>,
        first: bool,
        last: bool,
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

/// Lines from a pipe or file, read in bounded pieces: a line over `limit` bytes comes as
/// [`Line::Part`]s of at most `limit` bytes, so one huge line never fills memory.
pub struct Reader<R> {
    input: R,
    limit: usize,
    /// In the middle of a line over the limit.
    in_part: bool,
}

impl<R: BufRead> Reader<R> {
    /// A reader whose lines are at most the default SQL size cap.
    pub fn new(input: R) -> Reader<R> {
        Reader::with_limit(input, crate::engine::Caps::default().max_sql_bytes)
    }

    pub fn with_limit(input: R, limit: usize) -> Reader<R> {
        Reader {
            input,
            limit: limit.max(1),
            in_part: false,
        }
    }

    /// Up to `max` bytes, stopping after a newline: the bytes (without it) and whether the
    /// line ended (a newline, or the end of the input). `None` at the end of the input.
    fn read_upto(&mut self, max: usize) -> io::Result<Option<(Vec<u8>, bool)>> {
        let mut buf = Vec::new();
        loop {
            let avail = self.input.fill_buf()?;
            if avail.is_empty() {
                return Ok((!buf.is_empty() || self.in_part).then_some((buf, true)));
            }
            let room = max - buf.len();
            let window = &avail[..avail.len().min(room)];
            if let Some(i) = window.iter().position(|b| *b == b'\n') {
                buf.extend_from_slice(&window[..i]);
                self.input.consume(i + 1);
                return Ok(Some((buf, true)));
            }
            let n = window.len();
            buf.extend_from_slice(window);
            self.input.consume(n);
            if buf.len() == max {
                return Ok(Some((buf, false)));
            }
        }
    }
}

impl<R: BufRead> LineSource for Reader<R> {
    fn read_line(&mut self, _prompt: &str, _pending: &str) -> io::Result<Line> {
        if self.in_part {
            let (bytes, last) = self.read_upto(self.limit)?.unwrap_or_default();
            self.in_part = !last;
            return Ok(Line::Part {
                bytes,
                first: false,
                last,
            });
        }
        // One byte more than the limit tells a line at the limit from one over it.
        let Some((mut buf, ended)) = self.read_upto(self.limit + 1)? else {
            return Ok(Line::Eof);
        };
        if !ended {
            self.in_part = true;
            return Ok(Line::Part {
                bytes: buf,
                first: true,
                last: false,
            });
        }
        if buf.last() == Some(&b'\r') {
            buf.pop();
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
    fn reader_hands_a_long_line_over_in_bounded_parts() {
        let input: &[u8] = b"abcdefghij\nxy\n";
        let mut r = Reader::with_limit(input, 4);
        let part = |bytes: &[u8], first, last| Line::Part {
            bytes: bytes.to_vec(),
            first,
            last,
        };
        assert_eq!(r.read_line("", "").unwrap(), part(b"abcde", true, false));
        assert_eq!(r.read_line("", "").unwrap(), part(b"fghi", false, false));
        assert_eq!(r.read_line("", "").unwrap(), part(b"j", false, true));
        assert_eq!(r.read_line("", "").unwrap(), Line::Text("xy".into()));
        assert_eq!(r.read_line("", "").unwrap(), Line::Eof);
        // A line of exactly the limit is a line; the end of the input ends a long one.
        let mut r = Reader::with_limit(&b"abcd\nabcdefgh"[..], 4);
        assert_eq!(r.read_line("", "").unwrap(), Line::Text("abcd".into()));
        assert_eq!(r.read_line("", "").unwrap(), part(b"abcde", true, false));
        assert_eq!(r.read_line("", "").unwrap(), part(b"fgh", false, true));
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
