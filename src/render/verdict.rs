//! A verdict for people: the outcome, what the failing dataset changes, missing and extra
//! rows as tables, the first order difference, notes, and a hint. Every text in it may quote
//! learner SQL, data or catalog files, so each is escaped ([`escape`]) before it is coloured.

use super::escape;
use super::style::Style;
use super::table;
use crate::grade::verdict::{DatasetStatus, Verdict};
use crate::lang::Lang;
use crate::tr;

pub fn verdict(v: &Verdict, lang: Lang, style: Style) -> String {
    let mut out = String::new();
    if v.passed() {
        out.push_str(&style.good(&escape::text(&v.message)));
        out.push('\n');
        return out;
    }
    out.push_str(&style.bad(&escape::text(&tr!(lang, Fail, id = v.exercise))));
    out.push('\n');
    if let (Some(ds), Some(about)) = (&v.failed_dataset, &v.about) {
        let line = tr!(lang, FailedOn, dataset = ds, about = about);
        out.push_str(&escape::text(&line));
        out.push('\n');
    }
    out.push_str(&escape::text(&v.message));
    out.push('\n');
    for (label, rows, total) in [
        (tr!(lang, MissingRows), &v.missing, v.missing_total),
        (tr!(lang, ExtraRows), &v.extra, v.extra_total),
    ] {
        if let Some(rs) = rows {
            out.push_str(&format!("\n{label}\n{}\n", table::result_set(rs)));
            if total > rs.rows.len() {
                out.push_str(&tr!(lang, MoreRows, n = total - rs.rows.len()));
                out.push('\n');
            }
        }
    }
    for note in &v.notes {
        out.push_str(&format!("- {}\n", escape::text(note)));
    }
    for line in &v.details {
        out.push_str(&escape::text(line));
        out.push('\n');
    }
    if let Some(h) = &v.hint {
        out.push_str(&style.dim(&escape::text(&tr!(lang, Hint, hint = h))));
        out.push('\n');
    }
    out.push_str(&datasets_line(v, style));
    out
}

fn datasets_line(v: &Verdict, style: Style) -> String {
    let marks: Vec<String> = v
        .datasets
        .iter()
        .map(|d| {
            let name = escape::line(&d.name);
            match d.status {
                DatasetStatus::Pass => style.good(&format!("✓ {name}")),
                DatasetStatus::Fail => style.bad(&format!("✗ {name}")),
                DatasetStatus::NotRun => style.dim(&format!("· {name}")),
            }
        })
        .collect();
    format!("{}\n", marks.join("  "))
}
