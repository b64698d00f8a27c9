//! History hints: as you type, the rest of the newest history entry that starts with what is
//! typed appears dimmed after the cursor; → (or End) accepts it. A multi-line entry shows
//! its first line and `…`, and accepting it inserts the whole entry.

/// A hint: what is shown, and what accepting it inserts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryHint {
    pub display: String,
    pub completion: String,
}

impl rustyline::hint::Hint for HistoryHint {
    fn display(&self) -> &str {
        &self.display
    }

    fn completion(&self) -> Option<&str> {
        Some(&self.completion)
    }
}

/// The hint for `line` with the cursor at `pos`, from `entries` (oldest first).
pub fn history_hint<'a>(
    entries: impl DoubleEndedIterator<Item = &'a str>,
    line: &str,
    pos: usize,
) -> Option<HistoryHint> {
    if line.trim().is_empty() || pos < line.len() {
        return None;
    }
    let entry = entries
        .rev()
        .find(|e| e.len() > line.len() && e.starts_with(line))?;
    let rest = &entry[line.len()..];
    let display = match rest.split_once('\n') {
        Some((first, _)) => format!("{first} …"),
        None => rest.to_string(),
    };
    Some(HistoryHint {
        display,
        completion: rest.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HISTORY: &[&str] = &[
        "SELECT name FROM student;",
        "SELECT *\nFROM score\nWHERE score > 90;",
        "SELECT name, sex FROM student;",
    ];

    fn hint(line: &str) -> Option<HistoryHint> {
        history_hint(HISTORY.iter().copied(), line, line.len())
    }

    #[test]
    fn newest_matching_entry_wins() {
        let h = hint("SELECT name").unwrap();
        assert_eq!(h.completion, ", sex FROM student;");
        assert_eq!(h.display, ", sex FROM student;");
    }

    #[test]
    fn multi_line_entries_show_their_first_line_and_insert_everything() {
        let h = hint("SELECT *").unwrap();
        assert_eq!(h.display, " …");
        assert_eq!(h.completion, "\nFROM score\nWHERE score > 90;");
    }

    #[test]
    fn no_hint_for_blank_input_exact_matches_or_a_cursor_inside() {
        assert_eq!(hint(""), None);
        assert_eq!(hint("   "), None);
        assert_eq!(hint("SELECT name, sex FROM student;"), None);
        assert_eq!(hint("UPDATE"), None);
        assert_eq!(history_hint(HISTORY.iter().copied(), "SELECT", 3), None);
    }
}
