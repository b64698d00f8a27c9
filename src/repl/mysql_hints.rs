//! Errors that teach MySQL users: when SQLite rejects a statement that sqlparser's MySQL
//! dialect accepts, name the SQLite way of saying it (YEAR(), DATE_FORMAT, IF(),
//! @variables, FOR UPDATE, quoting, ...). And one trap that is no error at all: SQLite reads
//! "text" in double quotes as a name, and only falls back to text when no column has it.

use super::schema::Schema;
use super::tokens::{self, Kind, Tok};
use crate::lang::Lang;
use crate::tr;
use sqlparser::dialect::MySqlDialect;
use sqlparser::parser::Parser;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MysqlHint {
    /// A MySQL function and its SQLite spelling.
    Function {
        mysql: &'static str,
        sqlite: &'static str,
    },
    DateFormat,
    Variables,
    ForUpdate,
    /// A quoted name that was meant as text: `name = "Alice"` or `` name = `Alice` ``.
    QuotedText {
        text: String,
        quote: char,
    },
    /// The statement ran, but "text" in double quotes was read as text only because no
    /// column has that name.
    DoubleQuotedText {
        text: String,
    },
    Show,
    AutoIncrement,
    OnDuplicateKey,
    GroupConcatSeparator,
    Truncate,
    TableOptions,
    NullSafeEqual,
}

/// MySQL functions SQLite lacks, with what to write instead.
const FUNCTIONS: &[(&str, &str, &str)] = &[
    ("YEAR", "YEAR(d)", "strftime('%Y', d)"),
    ("MONTH", "MONTH(d)", "strftime('%m', d)"),
    ("DAY", "DAY(d)", "strftime('%d', d)"),
    ("DAYOFMONTH", "DAYOFMONTH(d)", "strftime('%d', d)"),
    ("HOUR", "HOUR(t)", "strftime('%H', t)"),
    ("MINUTE", "MINUTE(t)", "strftime('%M', t)"),
    ("SECOND", "SECOND(t)", "strftime('%S', t)"),
    ("NOW", "NOW()", "datetime('now')"),
    ("CURDATE", "CURDATE()", "date('now')"),
    ("CURTIME", "CURTIME()", "time('now')"),
    ("DATEDIFF", "DATEDIFF(a, b)", "julianday(a) - julianday(b)"),
    (
        "DATE_ADD",
        "DATE_ADD(d, INTERVAL n DAY)",
        "date(d, '+n days')",
    ),
    (
        "DATE_SUB",
        "DATE_SUB(d, INTERVAL n DAY)",
        "date(d, '-n days')",
    ),
    ("UNIX_TIMESTAMP", "UNIX_TIMESTAMP(d)", "unixepoch(d)"),
    (
        "FROM_UNIXTIME",
        "FROM_UNIXTIME(n)",
        "datetime(n, 'unixepoch')",
    ),
    (
        "IF",
        "IF(cond, a, b)",
        "iif(cond, a, b) or CASE WHEN cond THEN a ELSE b END",
    ),
    ("LCASE", "LCASE(s)", "lower(s)"),
    ("UCASE", "UCASE(s)", "upper(s)"),
    ("CHAR_LENGTH", "CHAR_LENGTH(s)", "length(s)"),
    ("LOCATE", "LOCATE(sub, s)", "instr(s, sub)"),
    ("RAND", "RAND()", "random()"),
    ("ISNULL", "ISNULL(x)", "x IS NULL"),
    ("REGEXP", "REGEXP", "LIKE or GLOB patterns"),
];

/// Hints for a statement SQLite rejected with `error`.
pub fn for_error(sql: &str, error: &str) -> Vec<MysqlHint> {
    let mysql = MySqlDialect {};
    if Parser::parse_sql(&mysql, sql).is_err() {
        return Vec::new();
    }
    let toks: Vec<Tok> = tokens::tokens(sql, &mysql)
        .into_iter()
        .filter(Tok::significant)
        .collect();
    let word = |t: &Tok, w: &str| t.word.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(w));
    let mut out = Vec::new();
    let missing_function = error
        .strip_prefix("no such function: ")
        .map(str::to_ascii_uppercase);

    for (i, t) in toks.iter().enumerate() {
        let next = toks.get(i + 1);
        let called = next.is_some_and(|n| n.is_punct(sql, "("));
        if let (Some(name), true) = (t.word.as_deref(), called || word(t, "REGEXP")) {
            let upper = name.to_ascii_uppercase();
            let relevant = match &missing_function {
                Some(m) => *m == upper,
                None => true,
            };
            if relevant {
                if upper == "DATE_FORMAT" {
                    push(&mut out, MysqlHint::DateFormat);
                } else if let Some((_, mysql, sqlite)) =
                    FUNCTIONS.iter().find(|(n, _, _)| *n == upper)
                {
                    push(&mut out, MysqlHint::Function { mysql, sqlite });
                } else if upper == "GROUP_CONCAT" && toks[i..].iter().any(|x| word(x, "SEPARATOR"))
                {
                    push(&mut out, MysqlHint::GroupConcatSeparator);
                }
            }
        }
        if missing_function.is_some() {
            continue;
        }
        if t.kind == Kind::Param && t.word.as_deref().is_some_and(|w| w.starts_with('@')) {
            push(&mut out, MysqlHint::Variables);
        }
        if word(t, "FOR") && next.is_some_and(|n| word(n, "UPDATE")) {
            push(&mut out, MysqlHint::ForUpdate);
        }
        if i == 0 && (word(t, "SHOW") || word(t, "DESCRIBE") || word(t, "DESC")) {
            push(&mut out, MysqlHint::Show);
        }
        if i == 0 && word(t, "TRUNCATE") {
            push(&mut out, MysqlHint::Truncate);
        }
        if word(t, "AUTO_INCREMENT") {
            push(&mut out, MysqlHint::AutoIncrement);
        }
        if word(t, "DUPLICATE") && toks.get(i.wrapping_sub(1)).is_some_and(|p| word(p, "ON")) {
            push(&mut out, MysqlHint::OnDuplicateKey);
        }
        if word(t, "ENGINE") || word(t, "CHARSET") {
            push(&mut out, MysqlHint::TableOptions);
        }
        if t.is_punct(sql, "<=>") {
            push(&mut out, MysqlHint::NullSafeEqual);
        }
    }
    if let Some(name) = error.strip_prefix("no such column: ") {
        // Read the statement as SQLite does: which quote did the name come in?
        for t in tokens::tokens(sql, &tokens::sqlite()) {
            if let (Kind::QuotedIdent(q @ ('"' | '`')), Some(w)) = (&t.kind, &t.word)
                && w == name
            {
                push(
                    &mut out,
                    MysqlHint::QuotedText {
                        text: w.clone(),
                        quote: *q,
                    },
                );
            }
        }
    }
    out
}

/// A note for a statement that ran: "text" in double quotes that names nothing was read as
/// text, which is how MySQL reads it but not what SQLite promises.
pub fn after_success(sql: &str, schema: &Schema) -> Option<MysqlHint> {
    let toks = tokens::tokens(sql, &tokens::sqlite());
    let known = |w: &str| {
        schema.table(w).is_some()
            || schema
                .tables
                .iter()
                .any(|t| t.columns.iter().any(|c| c.eq_ignore_ascii_case(w)))
    };
    // Aliases (`AS "total"`) are names, not text.
    let aliases: Vec<&str> = toks
        .iter()
        .filter(|t| t.significant())
        .collect::<Vec<_>>()
        .windows(2)
        .filter(|w| w[0].is_keyword("AS"))
        .filter_map(|w| w[1].word.as_deref())
        .collect();
    toks.iter()
        .filter(|t| t.kind == Kind::QuotedIdent('"'))
        .filter_map(|t| t.word.as_deref())
        .find(|w| !known(w) && !aliases.iter().any(|a| a.eq_ignore_ascii_case(w)))
        .map(|w| MysqlHint::DoubleQuotedText {
            text: w.to_string(),
        })
}

fn push(out: &mut Vec<MysqlHint>, h: MysqlHint) {
    if !out.contains(&h) {
        out.push(h);
    }
}

impl MysqlHint {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            MysqlHint::Function { mysql, sqlite } => {
                tr!(lang, MysqlFunction, mysql = mysql, sqlite = sqlite)
            }
            MysqlHint::DateFormat => tr!(lang, MysqlDateFormat),
            MysqlHint::Variables => tr!(lang, MysqlVariables),
            MysqlHint::ForUpdate => tr!(lang, MysqlForUpdate),
            MysqlHint::QuotedText { text, quote } => {
                tr!(
                    lang,
                    MysqlQuotedText,
                    quoted = format!("{quote}{text}{quote}"),
                    text = text
                )
            }
            MysqlHint::DoubleQuotedText { text } => tr!(lang, MysqlDoubleQuoted, text = text),
            MysqlHint::Show => tr!(lang, MysqlShow),
            MysqlHint::AutoIncrement => tr!(lang, MysqlAutoIncrement),
            MysqlHint::OnDuplicateKey => tr!(lang, MysqlOnDuplicateKey),
            MysqlHint::GroupConcatSeparator => tr!(lang, MysqlGroupConcat),
            MysqlHint::Truncate => tr!(lang, MysqlTruncate),
            MysqlHint::TableOptions => tr!(lang, MysqlTableOptions),
            MysqlHint::NullSafeEqual => tr!(lang, MysqlNullSafeEqual),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::schema::Table;
    use super::*;

    fn function(sql: &str, error: &str) -> Vec<MysqlHint> {
        for_error(sql, error)
    }

    #[test]
    fn year_and_friends_name_strftime() {
        let h = function(
            "SELECT name FROM student WHERE YEAR(birth_date) = 1990",
            "no such function: YEAR",
        );
        assert_eq!(
            h,
            vec![MysqlHint::Function {
                mysql: "YEAR(d)",
                sqlite: "strftime('%Y', d)"
            }]
        );
        assert!(h[0].text(Lang::En).contains("strftime('%Y', d)"));
        assert!(h[0].text(Lang::Zh).contains("strftime('%Y', d)"));
    }

    #[test]
    fn date_format_and_if() {
        assert_eq!(
            function(
                "SELECT DATE_FORMAT(birth_date, '%Y-%m') FROM student",
                "no such function: DATE_FORMAT"
            ),
            vec![MysqlHint::DateFormat]
        );
        let h = function(
            "SELECT IF(score >= 60, 'pass', 'fail') FROM score",
            "no such function: IF",
        );
        assert!(matches!(&h[..], [MysqlHint::Function { sqlite, .. }] if sqlite.contains("iif")));
    }

    #[test]
    fn only_the_missing_function_is_named() {
        let h = function("SELECT YEAR(d), NOW() FROM t", "no such function: NOW");
        assert_eq!(
            h,
            vec![MysqlHint::Function {
                mysql: "NOW()",
                sqlite: "datetime('now')"
            }]
        );
    }

    #[test]
    fn variables_and_for_update() {
        assert_eq!(
            for_error("SET @rank = 0", "near \"SET\": syntax error"),
            vec![MysqlHint::Variables]
        );
        assert_eq!(
            for_error(
                "SELECT @x FROM t",
                "Wrong number of parameters passed to query. Got 0, needed 1"
            ),
            vec![MysqlHint::Variables]
        );
        assert_eq!(
            for_error(
                "SELECT * FROM account WHERE id = 1 LIMIT 1 FOR UPDATE",
                "near \"FOR\": syntax error"
            ),
            vec![MysqlHint::ForUpdate]
        );
    }

    #[test]
    fn quoted_names_meant_as_text() {
        let h = for_error(
            "SELECT * FROM student WHERE name = `Alice`",
            "no such column: Alice",
        );
        assert_eq!(
            h,
            vec![MysqlHint::QuotedText {
                text: "Alice".into(),
                quote: '`'
            }]
        );
        assert!(h[0].text(Lang::En).contains("'Alice'"));
    }

    #[test]
    fn other_mysql_statements() {
        assert_eq!(
            for_error("SHOW TABLES", "near \"SHOW\": syntax error"),
            vec![MysqlHint::Show]
        );
        assert_eq!(
            for_error("TRUNCATE TABLE score", "near \"TRUNCATE\": syntax error"),
            vec![MysqlHint::Truncate]
        );
        assert_eq!(
            for_error(
                "CREATE TABLE t (id INT PRIMARY KEY AUTO_INCREMENT)",
                "near \"AUTO_INCREMENT\": syntax error"
            ),
            vec![MysqlHint::AutoIncrement]
        );
        assert_eq!(
            for_error(
                "INSERT INTO t (id, n) VALUES (1, 2) ON DUPLICATE KEY UPDATE n = 3",
                "near \"DUPLICATE\": syntax error"
            ),
            vec![MysqlHint::OnDuplicateKey]
        );
        assert_eq!(
            for_error(
                "SELECT GROUP_CONCAT(name SEPARATOR ';') FROM student",
                "near \"SEPARATOR\": syntax error"
            ),
            vec![MysqlHint::GroupConcatSeparator]
        );
    }

    #[test]
    fn nothing_for_sql_mysql_rejects_too_or_plain_sqlite_errors() {
        assert!(for_error("SELEC 1", "near \"SELEC\": syntax error").is_empty());
        assert!(for_error("SELECT nmae FROM student", "no such column: nmae").is_empty());
    }

    #[test]
    fn double_quoted_text_that_names_nothing_gets_a_note() {
        let schema = Schema {
            tables: vec![Table {
                name: "student".into(),
                columns: vec!["name".into()],
                view: false,
            }],
        };
        assert_eq!(
            after_success("SELECT * FROM student WHERE name = \"赵雷\"", &schema),
            Some(MysqlHint::DoubleQuotedText {
                text: "赵雷".into()
            })
        );
        assert_eq!(
            after_success("SELECT \"name\" FROM \"student\"", &schema),
            None
        );
        assert_eq!(after_success("SELECT 1 AS \"total\"", &schema), None);
        assert_eq!(after_success("SELECT 'text'", &schema), None);
    }
}
