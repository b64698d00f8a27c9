//! SQL text as classified tokens with byte ranges, from sqlparser's tokenizer. Shared by
//! highlighting, completion and the MySQL hints. Half-typed input is normal in a REPL, so an
//! unterminated string or comment becomes one trailing token instead of an error.

use super::keywords;
use sqlparser::dialect::Dialect;
use sqlparser::tokenizer::{Location, Token, Tokenizer, Whitespace};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An SQLite keyword, unquoted.
    Keyword,
    /// A bare name (table, column, function, alias).
    Ident,
    /// A quoted name; the char is the opening quote (`"`, `` ` `` or `[`).
    QuotedIdent(char),
    String,
    Number,
    Comment,
    Space,
    /// `?`, `:name`, `$name`, `@name`.
    Param,
    /// Operators and punctuation.
    Punct,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tok {
    pub kind: Kind,
    /// Byte range in the text.
    pub start: usize,
    pub end: usize,
    /// The name without quotes, for words.
    pub word: Option<String>,
}

impl Tok {
    pub fn text<'a>(&self, sql: &'a str) -> &'a str {
        &sql[self.start..self.end]
    }

    pub fn is_keyword(&self, kw: &str) -> bool {
        self.kind == Kind::Keyword
            && self
                .word
                .as_deref()
                .is_some_and(|w| w.eq_ignore_ascii_case(kw))
    }

    pub fn is_punct(&self, sql: &str, p: &str) -> bool {
        self.kind == Kind::Punct && self.text(sql) == p
    }

    pub fn significant(&self) -> bool {
        !matches!(self.kind, Kind::Space | Kind::Comment)
    }
}

/// Every token of `sql`, contiguous and covering the whole text.
pub fn tokens(sql: &str, dialect: &dyn Dialect) -> Vec<Tok> {
    let lines = LineStarts::new(sql);
    match Tokenizer::new(dialect, sql).tokenize_with_location() {
        Ok(toks) => convert(sql, &lines, &toks, sql.len()),
        Err(e) => {
            // Tokenize what precedes the trouble, then one token for the rest.
            let cut = lines.offset(sql, e.location).min(sql.len());
            let mut out = match Tokenizer::new(dialect, &sql[..cut]).tokenize_with_location() {
                Ok(toks) => convert(sql, &lines, &toks, cut),
                Err(_) => Vec::new(),
            };
            let start = out.last().map_or(0, |t| t.end);
            if start < sql.len() {
                out.push(Tok {
                    kind: unterminated_kind(&sql[start..]),
                    start,
                    end: sql.len(),
                    word: None,
                });
            }
            out
        }
    }
}

fn unterminated_kind(rest: &str) -> Kind {
    let rest = rest.trim_start();
    match rest.chars().next() {
        Some('\'') => Kind::String,
        Some(q @ ('"' | '`' | '[')) => Kind::QuotedIdent(q),
        _ if rest.starts_with("/*") || rest.starts_with("--") => Kind::Comment,
        _ => Kind::Punct,
    }
}

fn convert(
    sql: &str,
    lines: &LineStarts,
    toks: &[sqlparser::tokenizer::TokenWithSpan],
    end: usize,
) -> Vec<Tok> {
    let starts: Vec<usize> = toks
        .iter()
        .map(|t| lines.offset(sql, t.span.start).min(end))
        .collect();
    let mut out = Vec::with_capacity(toks.len());
    for (i, t) in toks.iter().enumerate() {
        if matches!(t.token, Token::EOF) {
            continue;
        }
        let start = starts[i];
        let stop = starts.get(i + 1).copied().unwrap_or(end).max(start);
        let (kind, word) = classify(&t.token);
        out.push(Tok {
            kind,
            start,
            end: stop,
            word,
        });
    }
    // The last token runs to the end of the tokenized text.
    if let Some(last) = out.last_mut() {
        last.end = end;
    }
    out
}

fn classify(token: &Token) -> (Kind, Option<String>) {
    match token {
        Token::Word(w) => match w.quote_style {
            Some(q) => (Kind::QuotedIdent(q), Some(w.value.clone())),
            None if keywords::is_keyword(&w.value) => (Kind::Keyword, Some(w.value.clone())),
            None if w.value.starts_with('@') => (Kind::Param, Some(w.value.clone())),
            None => (Kind::Ident, Some(w.value.clone())),
        },
        Token::Number(..) => (Kind::Number, None),
        Token::SingleQuotedString(_)
        | Token::NationalStringLiteral(_)
        | Token::EscapedStringLiteral(_)
        | Token::HexStringLiteral(_)
        | Token::SingleQuotedByteStringLiteral(_)
        | Token::TripleSingleQuotedString(_)
        | Token::DollarQuotedString(_) => (Kind::String, None),
        // Only dialects where "..." is text produce this token (MySQL).
        Token::DoubleQuotedString(s) => (Kind::String, Some(s.clone())),
        Token::Whitespace(Whitespace::SingleLineComment { .. })
        | Token::Whitespace(Whitespace::MultiLineComment(_)) => (Kind::Comment, None),
        Token::Whitespace(_) => (Kind::Space, None),
        Token::Placeholder(p) => (Kind::Param, Some(p.clone())),
        _ => (Kind::Punct, None),
    }
}

/// Turns the tokenizer's (line, column in chars) into byte offsets.
struct LineStarts(Vec<usize>);

impl LineStarts {
    fn new(sql: &str) -> LineStarts {
        let mut v = vec![0];
        v.extend(sql.match_indices('\n').map(|(i, _)| i + 1));
        LineStarts(v)
    }

    fn offset(&self, sql: &str, loc: Location) -> usize {
        let line = usize::try_from(loc.line).unwrap_or(0);
        let Some(&start) = line.checked_sub(1).and_then(|l| self.0.get(l)) else {
            return if line == 0 { 0 } else { sql.len() };
        };
        let col = usize::try_from(loc.column).unwrap_or(1).saturating_sub(1);
        sql[start..]
            .char_indices()
            .nth(col)
            .map_or(sql.len(), |(i, _)| start + i)
    }
}

/// The dialect learner SQL is read in.
pub fn sqlite() -> sqlparser::dialect::SQLiteDialect {
    sqlparser::dialect::SQLiteDialect {}
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(sql: &str) -> Vec<(Kind, &str)> {
        tokens(sql, &sqlite())
            .iter()
            .filter(|t| t.kind != Kind::Space)
            .map(|t| (t.kind.clone(), t.text(sql)))
            .collect()
    }

    #[test]
    fn classifies_and_covers_the_text() {
        let sql = "SELECT name, 42 FROM \"t\" -- hi\nWHERE x = 'a;b'";
        let toks = tokens(sql, &sqlite());
        assert_eq!(toks.first().unwrap().start, 0);
        assert_eq!(toks.last().unwrap().end, sql.len());
        assert!(toks.windows(2).all(|w| w[0].end == w[1].start));
        assert_eq!(
            kinds(sql),
            vec![
                (Kind::Keyword, "SELECT"),
                (Kind::Ident, "name"),
                (Kind::Punct, ","),
                (Kind::Number, "42"),
                (Kind::Keyword, "FROM"),
                (Kind::QuotedIdent('"'), "\"t\""),
                (Kind::Comment, "-- hi"),
                (Kind::Keyword, "WHERE"),
                (Kind::Ident, "x"),
                (Kind::Punct, "="),
                (Kind::String, "'a;b'"),
            ]
        );
    }

    #[test]
    fn unterminated_string_is_one_trailing_token() {
        let sql = "SELECT '赵雷 and more";
        let k = kinds(sql);
        assert_eq!(k.last().unwrap(), &(Kind::String, "'赵雷 and more"));
        assert_eq!(k[0], (Kind::Keyword, "SELECT"));
    }

    #[test]
    fn cjk_offsets_are_byte_offsets() {
        let sql = "SELECT '李四',\n  名字 FROM t";
        let k = kinds(sql);
        assert!(k.contains(&(Kind::String, "'李四'")));
        assert!(k.contains(&(Kind::Ident, "名字")));
    }
}
