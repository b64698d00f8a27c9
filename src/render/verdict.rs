//! A verdict for people: the outcome, what the failing dataset changes, missing and extra
//! rows as tables, the first order difference, notes, and a hint.

use super::style::Style;
use super::table;
use crate::grade::verdict::{DatasetStatus, Verdict};
use crate::lang::Lang;
use crate::tr;

pub fn verdict(v: &Verdict, lang: Lang, style: Style) -> String {
    let mut out = String::new();
    if v.passed() {
        out.push_str(&style.good(&v.message));
        out.push('\n');
        return out;
    }
    out.push_str(&style.bad(&tr!(lang, Fail, id = v.exercise)));
    out.push('\n');
    if let (Some(ds), Some(about)) = (&v.failed_dataset, &v.about) {
        out.push_str(&tr!(lang, FailedOn, dataset = ds, about = about));
        out.push('\n');
    }
    out.push_str(&v.message);
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
        out.push_str(&format!("- {note}\n"));
    }
    for line in &v.details {
        out.push_str(line);
        out.push('\n');
    }
    if let Some(h) = &v.hint {
        out.push_str(&style.dim(&tr!(lang, Hint, hint = h)));
        out.push('\n');
    }
    out.push_str(&datasets_line(v, style));
    out
}

fn datasets_line(v: &Verdict, style: Style) -> String {
    let marks: Vec<String> = v
        .datasets
        .iter()
        .map(|d| match d.status {
            DatasetStatus::Pass => style.good(&format!("✓ {}", d.name)),
            DatasetStatus::Fail => style.bad(&format!("✗ {}", d.name)),
            DatasetStatus::NotRun => style.dim(&format!("· {}", d.name)),
        })
        .collect();
    format!("{}\n", marks.join("  "))
}
