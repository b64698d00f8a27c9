//! Is the input ready to run? A statement runs once it is complete by SQLite's own rule
//! (`sqlite3_complete`): a `;` inside a string, identifier or comment, or inside a trigger's
//! BEGIN ... END, does not end it. A line starting with `.` is a dot-command, unless a
//! statement is under way (there `.edit` still works, on the statement so far).

use super::dot_command::{self, DotCommand};
use crate::engine::split;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// Only whitespace and comments: nothing to run, and no statement under way.
    Blank,
    /// A dot-command line.
    Command,
    /// The statement goes on: prompt with `...>`.
    Continue,
    /// `pending + line` holds complete statements: run them.
    Complete,
}

/// Classifies `line`, typed after the unfinished statement `pending` (may be empty).
pub fn classify(pending: &str, line: &str) -> Entry {
    let under_way = !split::is_blank(pending);
    if line.trim_start().starts_with('.')
        && (!under_way || dot_command::parse(line) == Ok(DotCommand::Edit))
    {
        return Entry::Command;
    }
    let text = format!("{pending}{line}\n");
    if split::is_blank(&text) {
        Entry::Blank
    } else if split::is_complete(&text) || text.contains('\0') {
        // SQLite cannot read past a NUL; let the engine report it rather than wait forever.
        Entry::Complete
    } else {
        Entry::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_complete_at_a_real_semicolon() {
        assert_eq!(classify("", "SELECT 1;"), Entry::Complete);
        assert_eq!(classify("", "SELECT 1"), Entry::Continue);
        assert_eq!(classify("SELECT 1\n", ";"), Entry::Complete);
        assert_eq!(classify("", "SELECT ';'"), Entry::Continue);
        assert_eq!(classify("", "SELECT 1 -- ;"), Entry::Continue);
        assert_eq!(classify("", "SELECT /* ; */ 1"), Entry::Continue);
        assert_eq!(classify("", "SELECT 'a;\nb';"), Entry::Complete);
        assert_eq!(classify("", "SELECT 1; -- done"), Entry::Complete);
        assert_eq!(
            classify(
                "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n",
                "  DELETE FROM b;"
            ),
            Entry::Continue
        );
        assert_eq!(
            classify(
                "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  DELETE FROM b;\n",
                "END;"
            ),
            Entry::Complete
        );
    }

    #[test]
    fn blank_and_comment_lines_start_nothing() {
        assert_eq!(classify("", ""), Entry::Blank);
        assert_eq!(classify("", "   -- a note"), Entry::Blank);
        assert_eq!(classify("", "/* x */ ;"), Entry::Blank);
        assert_eq!(classify("SELECT 1\n", ""), Entry::Continue);
    }

    #[test]
    fn dot_commands_only_outside_a_statement_except_edit() {
        assert_eq!(classify("", ".tables"), Entry::Command);
        assert_eq!(classify("", "  .check SELECT 1"), Entry::Command);
        assert_eq!(classify("SELECT a\n", ".tables"), Entry::Continue);
        assert_eq!(classify("SELECT a\n", ".edit"), Entry::Command);
        // A qualified name continuing a statement is SQL.
        assert_eq!(
            classify("SELECT s\n", ".name FROM student s;"),
            Entry::Complete
        );
    }

    #[test]
    fn a_nul_byte_does_not_wait_forever() {
        assert_eq!(classify("", "SELECT 1\0"), Entry::Complete);
    }
}
