//! Text rendering: scenario list, timelines, per-level summaries, the matrix. Tables have a
//! fixed layout (no terminal-width wrapping; the lab wraps long cells itself), so output is the
//! same everywhere and snapshot tests are stable.

use comfy_table::{ContentArrangement, Table, presets};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::detector::Detector;
use super::matrix::{Cell, Matrix};
use super::messages::{self as m, tr};
use super::run::Run;
use super::scenario::Scenario;
use super::timeline::{Event, EventKind, StepResult};
use super::value::Rows;
use crate::lang::Lang;
use crate::render::escape;

const SQL_WIDTH: usize = 36;
const TEXT_WIDTH: usize = 56;
const MAX_SHOWN_ROWS: usize = 10;

fn table(header: Vec<String>) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .force_no_tty()
        .set_header(header);
    t
}

/// Display width: CJK and full-width characters take two columns.
fn char_width(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(0)
}

fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Greedy wrap at `max` columns: breaks at spaces, and between any two CJK characters.
pub(crate) fn wrap(text: &str, max: usize) -> String {
    let mut out: Vec<String> = Vec::new();
    for para in text.lines() {
        let mut tokens: Vec<String> = Vec::new();
        let mut cur = String::new();
        for c in para.chars() {
            if c == ' ' || char_width(c) == 2 {
                if !cur.is_empty() {
                    tokens.push(std::mem::take(&mut cur));
                }
                tokens.push(c.to_string());
            } else {
                cur.push(c);
            }
        }
        if !cur.is_empty() {
            tokens.push(cur);
        }
        let mut line = String::new();
        for tok in tokens {
            if !line.is_empty() && width(&line) + width(&tok) > max {
                out.push(line.trim_end().to_string());
                line.clear();
            }
            if line.is_empty() && tok == " " {
                continue;
            }
            line.push_str(&tok);
        }
        out.push(line.trim_end().to_string());
    }
    out.join("\n")
}

fn pad(s: &str, w: usize) -> String {
    let fill = w.saturating_sub(width(s));
    format!("{s}{}", " ".repeat(fill))
}

/// A small result table inside a timeline cell.
fn rows_text(rows: &Rows, lang: Lang) -> String {
    if rows.rows.is_empty() {
        return tr(m::NO_ROWS, lang).to_string();
    }
    let shown: Vec<Vec<String>> = rows
        .rows
        .iter()
        .take(MAX_SHOWN_ROWS)
        .map(|r| {
            r.iter()
                .map(|v| escape::line(&v.to_string()).into_owned())
                .collect()
        })
        .collect();
    let columns: Vec<String> = rows
        .columns
        .iter()
        .map(|c| escape::line(c).into_owned())
        .collect();
    let widths: Vec<usize> = (0..rows.columns.len())
        .map(|i| {
            shown
                .iter()
                .map(|r| r.get(i).map_or(0, |v| width(v)))
                .chain(std::iter::once(width(&columns[i])))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<&str>| {
        cells
            .iter()
            .enumerate()
            .map(|(i, c)| pad(c, widths[i]))
            .collect::<Vec<_>>()
            .join(" | ")
            .trim_end()
            .to_string()
    };
    let mut out = vec![line(columns.iter().map(String::as_str).collect())];
    out.push(
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .join("-+-"),
    );
    for r in &shown {
        out.push(line(r.iter().map(String::as_str).collect()));
    }
    if rows.rows.len() > MAX_SHOWN_ROWS || rows.truncated {
        out.push(tr(m::MORE_ROWS, lang).to_string());
    }
    out.join("\n")
}

/// What a step produced, in words.
pub fn step_result(result: &StepResult, lang: Lang) -> String {
    match result {
        StepResult::Rows { rows } => rows_text(rows, lang),
        StepResult::Changed { count } => m::rows_changed(*count, lang),
        StepResult::Began => tr(m::OK, lang).to_string(),
        StepResult::Committed => tr(m::COMMITTED, lang).to_string(),
        StepResult::RolledBack => tr(m::ROLLED_BACK, lang).to_string(),
        StepResult::CommitRolledBack => wrap(tr(m::COMMIT_ROLLED_BACK, lang), SQL_WIDTH),
        StepResult::Skipped => wrap(tr(m::SKIPPED, lang), SQL_WIDTH),
        StepResult::Failed { error, rolled_back } => {
            let head = if error.code == "LAB" {
                "ERROR".to_string()
            } else {
                format!("ERROR {}", error.code)
            };
            let meaning = escape::text(error.meaning.get(lang));
            let mut s = format!("{head}\n{}", wrap(&meaning, SQL_WIDTH));
            if *rolled_back {
                s += "\n";
                s += tr(m::TXN_ROLLED_BACK, lang);
            }
            s
        }
    }
}

/// `→ first line`, following lines indented to match.
fn arrow(result: &str) -> String {
    result
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("→ {l}")
            } else {
                format!("  {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn event_cell(e: &Event, lang: Lang) -> (String, String) {
    let sql = wrap(&escape::text(&e.sql), SQL_WIDTH);
    match &e.kind {
        EventKind::Done { result } => (
            e.step.to_string(),
            format!("{sql}\n{}", arrow(&step_result(result, lang))),
        ),
        EventKind::Waiting => (
            e.step.to_string(),
            format!("{sql}\n{}", tr(m::WAITING, lang)),
        ),
        EventKind::Queued { behind } => (
            e.step.to_string(),
            format!("{sql}\n{}", m::queued_behind(*behind, lang)),
        ),
        EventKind::Resumed { result } => (
            String::new(),
            format!(
                "{}\n{}",
                m::resumed(e.step, lang),
                arrow(&step_result(result, lang))
            ),
        ),
        EventKind::Ran { result } => (
            String::new(),
            format!(
                "{}\n{sql}\n{}",
                m::ran_after_queue(e.step, lang),
                arrow(&step_result(result, lang))
            ),
        ),
        EventKind::ClosedRolledBack => (
            String::new(),
            wrap(tr(m::CLOSED_ROLLED_BACK, lang), SQL_WIDTH),
        ),
    }
}

/// The events as a table: one column per session, one row per event.
pub fn events(sessions: &[String], events: &[Event], lang: Lang) -> String {
    let mut header = vec!["#".to_string()];
    header.extend(sessions.iter().cloned());
    let mut t = table(header);
    for e in events {
        let (step, content) = event_cell(e, lang);
        let mut row = vec![String::new(); sessions.len() + 1];
        row[0] = step;
        if let Some(cell) = row.get_mut(e.column + 1) {
            *cell = content;
        }
        t.add_row(row);
    }
    t.to_string()
}

/// `sqldrill lab ID --level L`: header, timeline, verdict, how the level is realised.
pub fn timeline(scenario: &Scenario, run: &Run, lang: Lang) -> String {
    let mut out = format!(
        "{} — {} · {} · {}{}\n",
        scenario.id,
        scenario.title.get(lang),
        run.level,
        run.engine,
        run.server
            .as_ref()
            .map(|s| format!(" ({s})"))
            .unwrap_or_default()
    );
    out += &events(&run.sessions, &run.events, lang);
    out += "\n";
    let colon = m::colon(lang);
    out += &format!(
        "{}{colon}{} — {}\n",
        tr(m::VERDICT, lang),
        run.outcome.verdict.label(lang),
        run.outcome.detail.get(lang)
    );
    out += &format!(
        "{}{colon}{}\n",
        m::how_realised(run.level.as_str(), engine_name(&run.engine), lang),
        run.realisation.how.get(lang)
    );
    out += &format!(
        "{}{colon}{}\n",
        m::compared(lang),
        run.realisation.differs.get(lang)
    );
    out
}

/// How engines are spelled in prose.
pub fn engine_name(engine: &str) -> &str {
    match engine {
        "sqlite" => "SQLite",
        "postgres" => "PostgreSQL",
        "mysql" => "MySQL",
        other => other,
    }
}

/// One line per level for `--level all`.
pub fn level_summary(run: &Run, lang: Lang) -> String {
    format!(
        "{:<17} {} — {}",
        run.level.as_str(),
        run.outcome.verdict.label(lang),
        run.outcome.summary.get(lang)
    )
}

/// The scenario's explanation and its detector, for `sqldrill lab ID` headers.
pub fn explanation(scenario: &Scenario, lang: Lang) -> String {
    let colon = m::colon(lang);
    format!(
        "{}{colon}{}\n{}{colon}{}\n",
        tr(m::WHY, lang),
        scenario.explanation.get(lang).trim(),
        tr(m::ANOMALY_WHEN, lang),
        Detector::describe_all(&scenario.detectors, lang)
    )
}

/// `sqldrill lab`: every scenario with its title and what it demonstrates.
pub fn scenario_list(scenarios: &[Scenario], lang: Lang) -> String {
    let mut t = table(vec![
        tr(m::ID, lang).to_string(),
        tr(m::TITLE, lang).to_string(),
        tr(m::DEMONSTRATES, lang).to_string(),
    ]);
    for s in scenarios {
        let mut what = s.description.get(lang).trim().to_string();
        if s.engines.len() < super::scenario::ENGINES.len() {
            what += &m::engines_only(&s.engines.join(", "), lang);
        }
        t.add_row(vec![
            s.id.clone(),
            wrap(s.title.get(lang), 32),
            wrap(&what, TEXT_WIDTH),
        ]);
    }
    t.to_string() + "\n"
}

fn cell_word(cell: Cell, lang: Lang) -> &'static str {
    match (cell, lang) {
        (c, Lang::En) => c.word(),
        (Cell::Anomaly, Lang::Zh) => "异常",
        (Cell::Prevented, Lang::Zh) => "已防止",
        (Cell::Aborted, Lang::Zh) => "已中止",
        (Cell::Error, Lang::Zh) => "错误",
    }
}

/// `sqldrill lab --matrix`: scenarios × levels.
pub fn matrix(matrix: &Matrix, lang: Lang) -> String {
    let engine = match &matrix.server {
        Some(server) => format!("{}: {server}", matrix.engine),
        None => matrix.engine.clone(),
    };
    let mut header = vec![format!("{} ({engine})", tr(m::SCENARIO, lang))];
    header.extend(matrix.levels.iter().map(|l| l.to_string()));
    let mut t = table(header);
    for row in &matrix.scenarios {
        let mut cells = vec![row.id.clone()];
        cells.extend(
            row.cells
                .iter()
                .map(|(_, c)| cell_word(*c, lang).to_string()),
        );
        t.add_row(cells);
    }
    let mut out = t.to_string() + "\n";
    for row in &matrix.scenarios {
        for e in &row.errors {
            out += &format!("{}: {e}\n", row.id);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeline_cells_escape_control_characters() {
        let rows = Rows {
            columns: vec!["v\x07".into()],
            rows: vec![vec![super::super::value::Value::Text(
                "\x1b]0;x\x07".into(),
            )]],
            truncated: false,
        };
        let event = Event {
            session: "A".into(),
            column: 0,
            step: 1,
            sql: "SELECT '\x1b[2J'".into(),
            kind: EventKind::Done {
                result: StepResult::Rows { rows },
            },
        };
        let out = events(&["A".into()], &[event], Lang::En);
        assert!(!out.contains(['\x1b', '\x07']), "{out}");
        assert!(out.contains("^[]0;x^G") && out.contains("^[[2J"), "{out}");
    }

    #[test]
    fn wraps_words_and_cjk() {
        assert_eq!(wrap("aaa bbb ccc", 7), "aaa bbb\nccc");
        assert_eq!(wrap("你好世界", 4), "你好\n世界");
        assert_eq!(wrap("a\nb", 10), "a\nb");
    }
}
