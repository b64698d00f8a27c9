//! `.edit`: the statement in `$VISUAL`/`$EDITOR` (a temp file ending in .sql, so editors
//! pick SQL highlighting), read back when the editor exits.

use std::fmt;
use std::io::Write;
use std::process::Command;

#[derive(Debug)]
pub enum EditError {
    /// The temp file could not be written or read, or the editor could not start.
    Io(std::io::Error),
    /// The editor exited with a failure; its edits are not run.
    Failed(std::process::ExitStatus),
    /// `$EDITOR` is empty.
    NoEditor,
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::Io(e) => write!(f, "{e}"),
            EditError::Failed(s) => write!(f, "{s}"),
            EditError::NoEditor => write!(f, "no editor"),
        }
    }
}

/// The editor to use: `$VISUAL`, then `$EDITOR`, then `vi`.
pub fn from_env() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
}

/// Opens `text` in `editor` (a command line such as `code -w`) and returns the edited text.
pub fn edit(editor: &str, text: &str) -> Result<String, EditError> {
    let mut words = editor.split_whitespace();
    let program = words.next().ok_or(EditError::NoEditor)?;
    let mut file = tempfile::Builder::new()
        .prefix("sqldrill-")
        .suffix(".sql")
        .tempfile()
        .map_err(EditError::Io)?;
    file.write_all(text.as_bytes()).map_err(EditError::Io)?;
    file.flush().map_err(EditError::Io)?;
    let status = Command::new(program)
        .args(words)
        .arg(file.path())
        .status()
        .map_err(EditError::Io)?;
    if !status.success() {
        return Err(EditError::Failed(status));
    }
    std::fs::read_to_string(file.path()).map_err(EditError::Io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_editor_gets_the_text_and_its_changes_come_back() {
        // `sed -i` as an editor: it edits the file named last on its command line.
        let out = edit("sed -i s/1/2/", "SELECT 1;\n").unwrap();
        assert_eq!(out, "SELECT 2;\n");
    }

    #[test]
    fn a_failing_or_missing_editor_is_an_error() {
        assert!(matches!(edit("false", "x"), Err(EditError::Failed(_))));
        assert!(matches!(
            edit("/nonexistent/editor", "x"),
            Err(EditError::Io(_))
        ));
        assert!(matches!(edit("  ", "x"), Err(EditError::NoEditor)));
    }
}
