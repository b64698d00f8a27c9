//! What the statement around the cursor says, for completion: which statement it is, the
//! tables it names (with aliases) and defines (CTEs), and which kind of word fits at the cursor.

use super::tokens::{Kind, Tok};
use crate::engine::split;

/// A table named in the statement, with the alias it goes by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct TableRef {
    pub(super) table: String,
    pub(super) alias: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Context {
    Tables,
    Columns,
    Keywords,
}

/// The byte range of the statement the cursor is in.
pub(super) fn statement_around(text: &str, cursor: usize) -> (usize, usize) {
    let pieces = split::statements(&text[..cursor]);
    let start = match pieces.last() {
        Some(p) if p.sql.ends_with(';') && split::is_complete(p.sql) => p.start + p.sql.len(),
        Some(p) => p.start,
        None => 0,
    };
    let end = split::statements(&text[start..])
        .first()
        .map_or(text.len(), |p| start + p.start + p.sql.len())
        .max(cursor);
    (start, end)
}

/// Which words fit at the cursor, from the tokens before it.
pub(super) fn context_of(stmt: &str, before: &[&Tok]) -> Context {
    let Some(prev) = before.last() else {
        return Context::Keywords;
    };
    // The clause we are in: the last clause keyword at this nesting depth or outside it.
    let mut depth = 0usize;
    let mut clause: Option<String> = None;
    for t in before.iter().rev() {
        if t.is_punct(stmt, ")") {
            depth += 1;
        } else if t.is_punct(stmt, "(") {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && t.kind == Kind::Keyword {
            let w = t.word.clone().unwrap_or_default().to_ascii_uppercase();
            if CLAUSES.contains(&w.as_str()) {
                clause = Some(w);
                break;
            }
        }
    }
    let first_is_create = before.first().is_some_and(|t| t.is_keyword("CREATE"));
    let prev_word = |w: &str| prev.is_keyword(w);
    if ["FROM", "JOIN", "INTO", "UPDATE", "TABLE"]
        .iter()
        .any(|w| prev_word(w))
        || (prev_word("ON") && first_is_create)
        || (prev.is_punct(stmt, ",") && clause.as_deref() == Some("FROM"))
    {
        return Context::Tables;
    }
    // Right after a name, number, string or `)`: an expression just ended.
    let ended = matches!(
        prev.kind,
        Kind::Ident | Kind::QuotedIdent(_) | Kind::Number | Kind::String
    ) || prev.is_punct(stmt, ")");
    match clause.as_deref() {
        Some(c) if COLUMN_CLAUSES.contains(&c) && !ended => Context::Columns,
        _ => Context::Keywords,
    }
}

const CLAUSES: &[&str] = &[
    "SELECT",
    "FROM",
    "JOIN",
    "INTO",
    "UPDATE",
    "TABLE",
    "WHERE",
    "ON",
    "BY",
    "HAVING",
    "SET",
    "LIMIT",
    "OFFSET",
    "VALUES",
    "RETURNING",
    "PARTITION",
];

const COLUMN_CLAUSES: &[&str] = &[
    "SELECT",
    "WHERE",
    "ON",
    "BY",
    "HAVING",
    "SET",
    "RETURNING",
    "PARTITION",
];

/// Tables after FROM/JOIN/UPDATE/INTO (and after commas in a FROM list), with aliases.
pub(super) fn table_refs(stmt: &str, toks: &[Tok]) -> Vec<TableRef> {
    let sig: Vec<&Tok> = toks.iter().filter(|t| t.significant()).collect();
    let name = |t: &Tok| match t.kind {
        Kind::Ident | Kind::QuotedIdent(_) => t.word.clone(),
        _ => None,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < sig.len() {
        let opens = ["FROM", "JOIN", "UPDATE", "INTO"]
            .iter()
            .any(|k| sig[i].is_keyword(k));
        i += 1;
        if !opens {
            continue;
        }
        // One or more `table [AS] [alias]`, separated by commas.
        while let Some(table) = sig.get(i).and_then(|t| name(t)) {
            i += 1;
            if sig.get(i).is_some_and(|t| t.is_keyword("AS")) {
                i += 1;
            }
            let alias = sig.get(i).and_then(|t| name(t));
            if alias.is_some() {
                i += 1;
            }
            out.push(TableRef { table, alias });
            if sig.get(i).is_some_and(|t| t.is_punct(stmt, ",")) {
                i += 1;
            } else {
                break;
            }
        }
    }
    out
}

/// Names defined by `WITH name AS (...)`.
pub(super) fn cte_names(stmt: &str, toks: &[Tok]) -> Vec<String> {
    let sig: Vec<&Tok> = toks.iter().filter(|t| t.significant()).collect();
    let mut out = Vec::new();
    let mut in_with = false;
    let mut depth = 0i32;
    for (i, t) in sig.iter().enumerate() {
        if t.is_punct(stmt, "(") {
            depth += 1;
        } else if t.is_punct(stmt, ")") {
            depth -= 1;
        } else if depth == 0 && t.is_keyword("WITH") {
            in_with = true;
        } else if depth == 0 && t.is_keyword("SELECT") {
            in_with = false;
        }
        let next = sig.get(i + 1);
        if in_with
            && depth == 0
            && t.kind == Kind::Ident
            && next.is_some_and(|n| n.is_keyword("AS") || n.is_punct(stmt, "("))
        {
            out.extend(t.word.clone());
        }
    }
    out
}
