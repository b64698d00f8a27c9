//! Tab completion, as a pure function of what is typed and what the scratch copy holds:
//! dot-commands and their arguments; tables after FROM/JOIN/INTO/UPDATE; the statement's
//! columns after SELECT/WHERE/ON/GROUP BY/ORDER BY/HAVING/SET; `alias.` gives that table's
//! columns; SQL keywords and functions elsewhere.

use super::dot_command::{self, Arg};
use super::keywords::{FUNCTIONS, KEYWORDS};
use super::output_mode::Mode;
use super::schema::Schema;
use super::sql_context::{Context, cte_names, statement_around, table_refs};
use super::tokens::{self, Tok};
use crate::engine::split;

/// What completion knows besides the text.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    pub schema: Schema,
    /// Exercise ids, in catalog order.
    pub exercises: Vec<String>,
    /// Exercise topics, for `.list`.
    pub topics: Vec<String>,
}

/// Candidates replace `line[start..pos]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    pub start: usize,
    pub candidates: Vec<String>,
}

/// Completes at byte `pos` of `line`; `before` is the statement's earlier lines, if it
/// continues.
pub fn complete(vocab: &Vocabulary, before: &str, line: &str, pos: usize) -> Completion {
    let pos = floor_boundary(line, pos.min(line.len()));
    if split::is_blank(before) && line.trim_start().starts_with('.') {
        return complete_dot(vocab, line, pos);
    }
    let text = format!("{before}{line}");
    let (start, candidates) = complete_sql(vocab, &text, before.len() + pos);
    Completion {
        start: start.saturating_sub(before.len()),
        candidates,
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// Where the word ending at `pos` starts.
fn word_start(text: &str, pos: usize) -> usize {
    text[..pos]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word_char(*c))
        .last()
        .map_or(pos, |(i, _)| i)
}

fn starts_with_ci(candidate: &str, prefix: &str) -> bool {
    candidate.to_lowercase().starts_with(&prefix.to_lowercase())
}

fn filter<'a>(items: impl IntoIterator<Item = &'a str>, prefix: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if starts_with_ci(item, prefix) && !out.iter().any(|o| o == item) {
            out.push(item.to_string());
        }
    }
    out
}

fn complete_dot(vocab: &Vocabulary, line: &str, pos: usize) -> Completion {
    let typed = &line[..pos];
    let lead = typed.len() - typed.trim_start().len();
    let Some(body) = typed[lead..].strip_prefix('.') else {
        // The cursor is before the dot.
        return Completion {
            start: pos,
            candidates: Vec::new(),
        };
    };
    let Some(space) = body.find(char::is_whitespace) else {
        let names = dot_command::COMMANDS.iter().map(|s| s.name);
        let candidates = filter(names, body)
            .into_iter()
            .map(|n| format!(".{n}"))
            .collect();
        return Completion {
            start: lead,
            candidates,
        };
    };
    let Ok(spec) = dot_command::resolve(&body[..space]) else {
        return Completion {
            start: pos,
            candidates: Vec::new(),
        };
    };
    let arg_at = lead + 1 + space + (body[space..].len() - body[space..].trim_start().len());
    let arg = &line[arg_at..pos];
    let start = word_start(line, pos).max(arg_at);
    let prefix = &line[start..pos];
    let candidates = match spec.arg {
        Arg::Sql => {
            let (s, c) = complete_sql(vocab, arg, arg.len());
            return Completion {
                start: arg_at + s,
                candidates: c,
            };
        }
        Arg::Exercise => {
            return Completion {
                start: arg_at,
                candidates: vocab
                    .exercises
                    .iter()
                    .filter(|id| exercise_matches(id, arg))
                    .cloned()
                    .collect(),
            };
        }
        Arg::Table => filter(vocab.schema.table_names(), prefix),
        Arg::Mode => filter(Mode::ALL.iter().map(|m| m.name()), prefix),
        Arg::OnOff => filter(["on", "off"], prefix),
        Arg::Lang => filter(["en", "zh"], prefix),
        Arg::Command => filter(dot_command::COMMANDS.iter().map(|s| s.name), prefix),
        Arg::Topic => filter(vocab.topics.iter().map(String::as_str), prefix),
        Arg::Reveal => {
            return Completion {
                start: arg_at,
                candidates: filter(["--reveal"], arg),
            };
        }
        Arg::None | Arg::Scenario => Vec::new(),
    };
    Completion { start, candidates }
}

/// `exercise-05` matches `exer`, `05`, `5` and `exercise-0`.
fn exercise_matches(id: &str, typed: &str) -> bool {
    let typed = typed.trim().to_ascii_lowercase();
    if id.starts_with(&typed) {
        return true;
    }
    let digits = id.trim_start_matches(|c: char| !c.is_ascii_digit());
    digits.starts_with(&typed) || digits.trim_start_matches('0').starts_with(&typed)
}

/// SQL completion at byte `cursor` of `text`; returns (start in text, candidates).
fn complete_sql(vocab: &Vocabulary, text: &str, cursor: usize) -> (usize, Vec<String>) {
    let cursor = floor_boundary(text, cursor.min(text.len()));
    let (stmt_start, stmt_end) = statement_around(text, cursor);
    let stmt = &text[stmt_start..stmt_end];
    let at = cursor - stmt_start;
    let start = word_start(stmt, at);
    let prefix = &stmt[start..at];
    let toks = tokens::tokens(stmt, &tokens::sqlite());
    let refs = table_refs(stmt, &toks);
    let ctes = cte_names(stmt, &toks);

    // `alias.` or `table.`: that table's columns only.
    if stmt[..start].ends_with('.') {
        let q_end = start - 1;
        let q_start = word_start(stmt, q_end);
        let qualifier = &stmt[q_start..q_end];
        let table = refs
            .iter()
            .find(|r| {
                r.alias
                    .as_deref()
                    .is_some_and(|a| a.eq_ignore_ascii_case(qualifier))
            })
            .map_or(qualifier, |r| r.table.as_str());
        let columns = vocab
            .schema
            .table(table)
            .map(|t| t.columns.iter().map(String::as_str).collect::<Vec<_>>())
            .unwrap_or_default();
        return (stmt_start + start, filter(columns, prefix));
    }

    let before: Vec<&Tok> = toks
        .iter()
        .filter(|t| t.end <= start && t.significant())
        .collect();
    let context = super::sql_context::context_of(stmt, &before);
    let mut out: Vec<String> = Vec::new();
    match context {
        Context::Tables => {
            let names = vocab
                .schema
                .table_names()
                .chain(ctes.iter().map(String::as_str));
            out.extend(filter(names, prefix));
        }
        Context::Columns => {
            let known: Vec<&str> = refs
                .iter()
                .filter_map(|r| vocab.schema.table(&r.table))
                .flat_map(|t| t.columns.iter().map(String::as_str))
                .collect();
            let columns = if known.is_empty() && refs.is_empty() {
                vocab.schema.all_columns()
            } else {
                known
            };
            out.extend(filter(columns, prefix));
            let names = refs.iter().map(|r| r.alias.as_deref().unwrap_or(&r.table));
            out.extend(filter(names, prefix));
            out.extend(
                filter(FUNCTIONS.iter().copied(), prefix)
                    .into_iter()
                    .map(|f| format!("{f}(")),
            );
            out.extend(keywords(prefix));
        }
        Context::Keywords => out.extend(keywords(prefix)),
    }
    let mut seen = Vec::new();
    out.retain(|c| {
        let fresh = !seen.contains(c);
        seen.push(c.clone());
        fresh
    });
    (stmt_start + start, out)
}

/// Keywords in the case the learner types them: `sel` gives `select`, `SEL` or `` `SELECT`.
fn keywords(prefix: &str) -> Vec<String> {
    let lower = !prefix.is_empty() && !prefix.chars().any(|c| c.is_ascii_uppercase());
    filter(KEYWORDS.iter().copied(), prefix)
        .into_iter()
        .map(|k| if lower { k.to_ascii_lowercase() } else { k })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::schema::Table;
    use super::*;

    fn vocab() -> Vocabulary {
        let t = |name: &str, cols: &[&str]| Table {
            name: name.into(),
            columns: cols.iter().map(|c| c.to_string()).collect(),
            view: false,
        };
        Vocabulary {
            schema: Schema {
                tables: vec![
                    t("course", &["id", "name", "teacher_id"]),
                    t("score", &["student_id", "course_id", "score"]),
                    t("student", &["id", "name", "birth_date", "sex"]),
                ],
            },
            exercises: vec!["exercise-01".into(), "exercise-05".into()],
            topics: vec!["ranking".into(), "pagination".into()],
        }
    }

    fn at_end(line: &str) -> Completion {
        complete(&vocab(), "", line, line.len())
    }

    #[test]
    fn tables_after_from_join_into_update() {
        assert_eq!(
            at_end("SELECT * FROM stu"),
            Completion {
                start: 14,
                candidates: vec!["student".into()]
            }
        );
        assert_eq!(
            at_end("select * from score s join c").candidates,
            vec!["course"]
        );
        assert_eq!(at_end("INSERT INTO s").candidates, vec!["score", "student"]);
        assert_eq!(at_end("UPDATE ").candidates.len(), 3);
        assert_eq!(at_end("SELECT 1 FROM course, sc").candidates, vec!["score"]);
    }

    #[test]
    fn columns_of_the_statements_tables_after_select_where_on_by_having() {
        let c = at_end("SELECT na").candidates;
        assert_eq!(c[0], "name");
        let line = "SELECT s FROM score";
        let c = complete(&vocab(), "", line, "SELECT s".len());
        assert_eq!(c.start, 7);
        assert_eq!(&c.candidates[..2], &["student_id", "score"]);
        assert!(!c.candidates.contains(&"sex".to_string()), "{c:?}");
        let c = at_end("SELECT * FROM student WHERE bi").candidates;
        assert_eq!(c, vec!["birth_date"]);
        let c = at_end("SELECT * FROM student s JOIN score sc ON sc.student_id = s.id GROUP BY s")
            .candidates;
        assert!(c.contains(&"score".to_string()) && c.contains(&"sex".to_string()));
        assert!(c.contains(&"sc".to_string()), "aliases are offered: {c:?}");
        let c = at_end("SELECT name FROM student ORDER BY bir").candidates;
        assert_eq!(c, vec!["birth_date"]);
        let c = at_end("SELECT student_id FROM score GROUP BY student_id HAVING sum(sc").candidates;
        assert_eq!(c[0], "score");
    }

    #[test]
    fn alias_dot_gives_that_tables_columns() {
        let c = complete(&vocab(), "", "SELECT s. FROM student AS s", 9);
        assert_eq!(c.candidates, vec!["id", "name", "birth_date", "sex"]);
        let line = "SELECT s.na FROM student AS s JOIN course c ON c.";
        let c = complete(&vocab(), "", line, "SELECT s.na".len());
        assert_eq!(c.candidates, vec!["name"]);
        assert_eq!(c.start, 9);
        let c = at_end(line);
        assert_eq!(c.candidates, vec!["id", "name", "teacher_id"]);
        // A table name works as its own qualifier.
        assert_eq!(at_end("SELECT score.sc").candidates, vec!["score"]);
    }

    #[test]
    fn keywords_and_functions_follow_the_typed_case() {
        assert_eq!(at_end("sel").candidates, vec!["select"]);
        assert_eq!(at_end("SEL").candidates, vec!["SELECT"]);
        let c = at_end("SELECT cou").candidates;
        assert!(c.contains(&"count(".to_string()) && c.contains(&"course_id".to_string()));
        assert_eq!(
            at_end("SELECT name FROM student WHE").candidates,
            vec!["WHEN", "WHERE"]
        );
    }

    #[test]
    fn continuation_lines_see_the_earlier_lines() {
        let c = complete(&vocab(), "SELECT name\n", "FROM st", 7);
        assert_eq!(c.start, 5);
        assert_eq!(c.candidates, vec!["student"]);
        let c = complete(&vocab(), "SELECT *\nFROM score\n", "WHERE sc", 8);
        assert_eq!(c.candidates[0], "score");
    }

    #[test]
    fn only_the_current_statement_counts() {
        let line = "SELECT * FROM course; SELECT s";
        let c = at_end(line).candidates;
        // No FROM yet in the second statement: every column may be meant.
        assert!(c.contains(&"student_id".to_string()) && c.contains(&"sex".to_string()));
    }

    #[test]
    fn ctes_are_tables_too() {
        let c = at_end("WITH totals AS (SELECT 1) SELECT * FROM to").candidates;
        assert_eq!(c, vec!["totals"]);
    }

    #[test]
    fn dot_commands_and_their_arguments() {
        assert_eq!(
            at_end(".sch"),
            Completion {
                start: 0,
                candidates: vec![".schema".into()]
            }
        );
        assert_eq!(
            at_end(".e").candidates,
            vec![".exercise", ".explain", ".edit"]
        );
        assert_eq!(
            at_end(".exercise 5"),
            Completion {
                start: 10,
                candidates: vec!["exercise-05".into()]
            }
        );
        assert_eq!(at_end(".exercise ").candidates.len(), 2);
        assert_eq!(at_end(".mode j").candidates, vec!["json"]);
        assert_eq!(at_end(".timer o").candidates, vec!["on", "off"]);
        assert_eq!(at_end(".lang z").candidates, vec!["zh"]);
        assert_eq!(at_end(".schema sc").candidates, vec!["score"]);
        assert_eq!(at_end(".help ch").candidates, vec!["check"]);
        assert_eq!(at_end(".list ra").candidates, vec!["ranking"]);
        assert_eq!(at_end(".solution --r").candidates, vec!["--reveal"]);
        let c = at_end(".check SELECT * FROM stu");
        assert_eq!(c.start, ".check SELECT * FROM ".len());
        assert_eq!(c.candidates, vec!["student"]);
        // A dot inside SQL is not a command.
        assert_eq!(
            complete(&vocab(), "SELECT s\n", ".na", 3).candidates,
            Vec::<String>::new()
        );
    }

    /// Lines made of SQL fragments, quotes and multibyte text, from a fixed seed.
    pub(crate) fn random_lines(n: usize) -> Vec<String> {
        const PARTS: &[&str] = &[
            "SELECT",
            "FROM",
            "student",
            "s",
            ".",
            "s.",
            ";",
            "'",
            "\"",
            "`",
            "[",
            "(",
            ")",
            "--",
            "/*",
            "*/",
            "\n",
            ".check",
            ".exercise",
            "赵雷",
            "@x",
            ",",
            " ",
            "  ",
            "\t",
            "WITH",
            "AS",
            "JOIN",
            "ON",
            "WHERE",
            "é",
            "\u{1F600}",
        ];
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..n)
            .map(|_| {
                let len = (next() % 12) as usize;
                (0..len)
                    .map(|_| PARTS[(next() % PARTS.len() as u64) as usize])
                    .collect()
            })
            .collect()
    }

    #[test]
    fn random_input_never_panics() {
        let lines = random_lines(300);
        for (i, line) in lines.iter().enumerate() {
            let before = &lines[(i + 1) % lines.len()];
            for pos in 0..=line.len() + 1 {
                let c = complete(&vocab(), before, line, pos);
                assert!(c.start <= line.len());
                let _ = complete(&vocab(), "", line, pos);
            }
        }
    }

    #[test]
    fn odd_input_never_panics() {
        for line in [
            "",
            ".",
            "'",
            "\"",
            "SELECT '赵",
            "SELECT 名",
            ". x",
            "(((",
            "--",
        ] {
            for pos in 0..=line.len() + 2 {
                let _ = complete(&vocab(), "", line, pos);
                let _ = complete(&vocab(), "SELECT (\n", line, pos);
            }
        }
    }
}
