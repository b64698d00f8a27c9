//! Recognises transaction control in scenario and learner SQL, and splits scripts into
//! statements. BEGIN/COMMIT/ROLLBACK are interpreted per level by the session layer, never sent
//! verbatim, so they must be recognised before the engine sees them.

/// What a statement means to the session layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Control {
    Begin,
    Commit,
    Rollback,
    /// Savepoints and `ROLLBACK TO` would bypass the per-level transaction handling.
    Unsupported(String),
    /// Anything else: sent to the engine.
    Other,
}

/// Skips whitespace and SQL comments; returns the rest.
fn skip_trivia(mut s: &str) -> &str {
    loop {
        s = s.trim_start();
        if let Some(rest) = s.strip_prefix("--") {
            s = rest.find('\n').map_or("", |i| &rest[i + 1..]);
        } else if let Some(rest) = s.strip_prefix("/*") {
            s = rest.find("*/").map_or("", |i| &rest[i + 2..]);
        } else {
            return s;
        }
    }
}

/// The leading words of a statement, upper-cased, comments and `;` removed.
fn words(sql: &str, n: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = skip_trivia(sql);
    while out.len() < n {
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        out.push(rest[..end].to_ascii_uppercase());
        rest = skip_trivia(&rest[end..]);
    }
    out
}

/// SELECT, INSERT, UPDATE or DELETE (WITH or VALUES in front allowed): what a learner's lab
/// answer may run. Server engines have no authorizer, so DDL, SET, GRANT, COPY ... are refused.
pub(crate) fn is_data_statement(sql: &str) -> bool {
    let first = words(skip_trivia(sql).trim_start_matches('('), 1);
    matches!(
        first.first().map(String::as_str),
        Some("SELECT" | "INSERT" | "UPDATE" | "DELETE" | "WITH" | "VALUES")
    )
}

pub(crate) fn classify(sql: &str) -> Control {
    let w = words(sql, 2);
    let first = w.first().map(String::as_str).unwrap_or("");
    let second = w.get(1).map(String::as_str).unwrap_or("");
    match (first, second) {
        ("BEGIN", _) => Control::Begin,
        ("START", "TRANSACTION") => Control::Begin,
        ("COMMIT", _) | ("END", _) => Control::Commit,
        ("ROLLBACK", _) if words(sql, 3).iter().any(|w| w == "TO") => {
            Control::Unsupported("ROLLBACK TO".into())
        }
        ("ROLLBACK", _) | ("ABORT", _) => Control::Rollback,
        ("SAVEPOINT", _) | ("RELEASE", _) => Control::Unsupported(first.to_string()),
        _ => Control::Other,
    }
}

/// Splits a script on top-level `;`, respecting quotes and comments. Empty pieces are dropped.
pub(crate) fn split(script: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = script.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' | '`' => {
                cur.push(c);
                for d in chars.by_ref() {
                    cur.push(d);
                    if d == c {
                        break;
                    }
                }
            }
            '[' => {
                cur.push(c);
                for d in chars.by_ref() {
                    cur.push(d);
                    if d == ']' {
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                for d in chars.by_ref() {
                    if d == '\n' {
                        cur.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for d in chars.by_ref() {
                    if prev == '*' && d == '/' {
                        break;
                    }
                    prev = d;
                }
                cur.push(' ');
            }
            ';' => {
                let s = cur.trim();
                if !s.is_empty() {
                    out.push(s.to_string());
                }
                cur.clear();
            }
            _ => cur.push(c),
        }
    }
    let s = cur.trim();
    if !s.is_empty() {
        out.push(s.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_transaction_control() {
        assert_eq!(classify("  begin;"), Control::Begin);
        assert_eq!(classify("-- x\nSTART TRANSACTION"), Control::Begin);
        assert_eq!(classify("commit"), Control::Commit);
        assert_eq!(classify("abort"), Control::Rollback);
        assert_eq!(classify("ROLLBACK"), Control::Rollback);
        assert!(matches!(
            classify("rollback to s1"),
            Control::Unsupported(_)
        ));
        assert!(matches!(
            classify("rollback transaction to s1"),
            Control::Unsupported(_)
        ));
        assert!(matches!(classify("savepoint s1"), Control::Unsupported(_)));
        assert_eq!(classify("select 1"), Control::Other);
        assert_eq!(classify("beginning"), Control::Other);
    }

    #[test]
    fn only_data_statements_count_as_data() {
        assert!(is_data_statement("-- note\nUPDATE account SET balance = 1"));
        assert!(is_data_statement("(SELECT 1)"));
        for bad in [
            "DROP TABLE account",
            "SET ROLE postgres",
            "GRANT ALL ON t TO x",
            "COPY t TO '/tmp/x'",
            "CREATE ROLE x",
        ] {
            assert!(!is_data_statement(bad), "{bad}");
        }
    }

    #[test]
    fn splits_outside_quotes_and_comments() {
        let parts = split("select ';'; -- a;b\n update t set x = 'a;b' ; /* ; */ ;");
        assert_eq!(parts, vec!["select ';'", "update t set x = 'a;b'"]);
    }
}
