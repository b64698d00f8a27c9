//! The statement being typed or piped in, line by line: is the input ready to run? A
//! statement runs once it is complete by SQLite's own rule (see [`Completeness`]: a `;` inside
//! a string, identifier or comment, or inside a trigger's BEGIN ... END, does not end it). A
//! line starting with `.` is a dot-command, unless a statement is under way (there `.edit`
//! still works, on the statement so far).
//!
//! Bounded: the text kept never exceeds the SQL size cap. A statement (or a line of
//! statements, which runs as one text) that grows past it is refused once, and the rest of it
//! is followed, without being kept, up to the end of a line where it is complete; reading then
//! goes on. Each byte is looked at once, so a long statement costs linear time.

use super::completeness::Completeness;
use super::dot_command::{self, DotCommand};

/// What a line did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fed {
    /// Only whitespace and comments: nothing to run, and no statement under way.
    Blank,
    /// A dot-command line.
    Command,
    /// The statement goes on: prompt with `...>`.
    Continue,
    /// Complete statements: run them.
    Complete(String),
    /// The statement passed the size cap: refused (report it once), now being skipped.
    TooLong,
    /// Part of a statement over the cap, skipped.
    Skipped,
}

pub struct Pending {
    text: String,
    /// Input line where the statement started (for messages in piped mode).
    start_line: usize,
    tracker: Completeness,
    /// Following a statement over the cap to its end, without keeping it.
    skipping: bool,
    cap: usize,
}

impl Pending {
    /// `cap`: the SQL size cap, in bytes.
    pub fn new(cap: usize) -> Pending {
        Pending {
            text: String::new(),
            start_line: 0,
            tracker: Completeness::default(),
            skipping: false,
            cap,
        }
    }

    /// The statement so far (empty while skipping one over the cap).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// A statement has started and is not complete yet.
    pub fn under_way(&self) -> bool {
        !self.text.is_empty() || self.skipping
    }

    pub fn start_line(&self) -> usize {
        self.start_line
    }

    /// Text that did not come from the input (`.edit`): 0, no line to point at.
    pub fn set_start_line(&mut self, line: usize) {
        self.start_line = line;
    }

    /// Drops the statement (Ctrl-C, a bad line); returns what was kept of it.
    pub fn take(&mut self) -> String {
        self.tracker = Completeness::default();
        self.skipping = false;
        std::mem::take(&mut self.text)
    }

    /// One whole line, without its line ending; `line_no` is its number in the input.
    pub fn line(&mut self, line: &str, line_no: usize) -> Fed {
        if self.skipping {
            return self.skip(line.as_bytes(), true);
        }
        if self.text.is_empty() {
            self.start_line = line_no;
        }
        if line.trim_start().starts_with('.')
            && (self.text.is_empty() || dot_command::parse(line) == Ok(DotCommand::Edit))
        {
            return Fed::Command;
        }
        if self.text.len() + line.len() + 1 > self.cap {
            return self.too_long(line.as_bytes(), true);
        }
        self.tracker.feed(line.as_bytes());
        self.tracker.feed(b"\n");
        if self.tracker.is_blank() {
            self.take();
            Fed::Blank
        } else if self.tracker.is_complete() || line.contains('\0') {
            // SQLite cannot read past a NUL; let the engine report it rather than wait forever.
            self.text.push_str(line);
            let text = self.take();
            Fed::Complete(text)
        } else {
            self.text.push_str(line);
            self.text.push('\n');
            Fed::Continue
        }
    }

    /// A piece of a line longer than the cap (so over it, whatever came before): `first` and
    /// `last` say where the line starts and ends.
    pub fn part(&mut self, bytes: &[u8], first: bool, last: bool, line_no: usize) -> Fed {
        if self.skipping {
            return self.skip(bytes, last);
        }
        if first && self.text.is_empty() {
            self.start_line = line_no;
        }
        self.too_long(bytes, last)
    }

    fn too_long(&mut self, bytes: &[u8], line_end: bool) -> Fed {
        self.text = String::new();
        self.skipping = true;
        match self.skip(bytes, line_end) {
            Fed::Skipped => Fed::TooLong,
            // Ended on this very line: refused all the same.
            _ => {
                self.skipping = false;
                Fed::TooLong
            }
        }
    }

    fn skip(&mut self, bytes: &[u8], line_end: bool) -> Fed {
        self.tracker.feed(bytes);
        if !line_end {
            return Fed::Skipped;
        }
        self.tracker.feed(b"\n");
        if self.tracker.is_complete() {
            self.take();
            Fed::Blank
        } else {
            Fed::Skipped
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `pending` then `line`, as the REPL would.
    fn classify(pending: &str, line: &str) -> Fed {
        let mut p = Pending::new(64 * 1024);
        for l in pending.lines() {
            assert_eq!(p.line(l, 1), Fed::Continue, "{l:?}");
        }
        p.line(line, 2)
    }

    fn complete(pending: &str, line: &str) -> bool {
        matches!(classify(pending, line), Fed::Complete(_))
    }

    #[test]
    fn statements_complete_at_a_real_semicolon() {
        assert!(complete("", "SELECT 1;"));
        assert_eq!(classify("", "SELECT 1"), Fed::Continue);
        assert_eq!(
            classify("SELECT 1\n", ";"),
            Fed::Complete("SELECT 1\n;".into())
        );
        assert_eq!(classify("", "SELECT ';'"), Fed::Continue);
        assert_eq!(classify("", "SELECT 1 -- ;"), Fed::Continue);
        assert_eq!(classify("", "SELECT /* ; */ 1"), Fed::Continue);
        assert!(complete("SELECT 'a;\n", "b';"));
        assert!(complete("", "SELECT 1; -- done"));
        let trigger = "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n";
        assert_eq!(classify(trigger, "  DELETE FROM b;"), Fed::Continue);
        assert!(complete(&format!("{trigger}  DELETE FROM b;\n"), "END;"));
    }

    #[test]
    fn blank_and_comment_lines_start_nothing() {
        assert_eq!(classify("", ""), Fed::Blank);
        assert_eq!(classify("", "   -- a note"), Fed::Blank);
        assert_eq!(classify("", "/* x */ ;"), Fed::Blank);
        assert_eq!(classify("SELECT 1\n", ""), Fed::Continue);
    }

    #[test]
    fn dot_commands_only_outside_a_statement_except_edit() {
        assert_eq!(classify("", ".tables"), Fed::Command);
        assert_eq!(classify("", "  .check SELECT 1"), Fed::Command);
        assert_eq!(classify("SELECT a\n", ".tables"), Fed::Continue);
        assert_eq!(classify("SELECT a\n", ".edit"), Fed::Command);
        // A qualified name continuing a statement is SQL.
        assert!(complete("SELECT s\n", ".name FROM student s;"));
    }

    #[test]
    fn a_nul_byte_does_not_wait_forever() {
        assert!(complete("", "SELECT 1\0"));
    }

    #[test]
    fn a_statement_over_the_cap_is_refused_once_and_skipped_to_its_end() {
        let mut p = Pending::new(20);
        assert_eq!(p.line("SELECT 'aaaaa", 1), Fed::Continue);
        assert_eq!(p.line("bbbbbbbbbbbbbbbbbbb;", 2), Fed::TooLong);
        assert!(p.under_way() && p.text().is_empty());
        assert_eq!(p.line("still in the string';", 3), Fed::Blank);
        assert!(!p.under_way());
        assert_eq!(p.line("SELECT 2;", 4), Fed::Complete("SELECT 2;".into()));
        assert_eq!(p.start_line(), 4);
    }

    #[test]
    fn an_overlong_line_comes_in_parts_and_is_never_kept() {
        let mut p = Pending::new(8);
        assert_eq!(p.part(b"SELECT '", true, false, 1), Fed::TooLong);
        assert_eq!(p.part(b"xxxxxxxx", false, false, 1), Fed::Skipped);
        assert_eq!(p.part(b"'; -- ;", false, true, 1), Fed::Blank);
        assert_eq!(p.line(".tables", 2), Fed::Command);
    }
}
