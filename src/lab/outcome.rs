//! The verdict of a run, computed from observed results only.
//!
//! Precedence: `anomaly` if a detector fired on committed evidence — even when another
//! transaction aborted, because the committed data already shows the anomaly; otherwise
//! `aborted` if the engine rolled a transaction back (serialization failure, deadlock, stale
//! snapshot, lock conflict or lock timeout); otherwise `prevented`. Reads of a transaction that
//! did not commit never count as evidence.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use super::backend::EngineError;
use super::detector::{Detector, Evidence};
use super::driver::StepRecord;
use super::scenario::Scenario;
use super::timeline::StepResult;
use crate::lang::{Lang, Text};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Anomaly,
    Prevented,
    Aborted,
}

impl Verdict {
    /// The cell word used in the matrix and JSON.
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Anomaly => "anomaly",
            Verdict::Prevented => "prevented",
            Verdict::Aborted => "aborted",
        }
    }

    /// How the verdict is printed for people.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Verdict::Anomaly, Lang::En) => "ANOMALY",
            (Verdict::Prevented, Lang::En) => "prevented",
            (Verdict::Aborted, Lang::En) => "aborted",
            (Verdict::Anomaly, Lang::Zh) => "出现异常",
            (Verdict::Prevented, Lang::Zh) => "已防止",
            (Verdict::Aborted, Lang::Zh) => "已中止",
        }
    }
}

/// A transaction the engine rolled back.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Abort {
    pub session: String,
    pub step: usize,
    pub error: EngineError,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Outcome {
    pub verdict: Verdict,
    /// One sentence: what happened (anomaly text, which transaction aborted and why, or why prevented).
    #[serde(serialize_with = "super::text_json::serialize")]
    pub detail: Text,
    /// A short form of `detail` for one-line summaries (`--level all`).
    #[serde(serialize_with = "super::text_json::serialize")]
    pub summary: Text,
    pub aborts: Vec<Abort>,
}

struct Observed<'a> {
    records: &'a BTreeMap<usize, StepRecord>,
    committed: HashSet<(usize, u32)>,
    invariants: &'a HashMap<String, bool>,
}

impl Evidence for Observed<'_> {
    fn committed(&self, step: usize) -> Option<&StepResult> {
        let r = self.records.get(&step)?;
        let counts = match r.txn {
            None => true,
            Some(id) => self.committed.contains(&(r.session, id)),
        };
        (counts && r.result.succeeded()).then_some(&r.result)
    }

    fn invariant_holds(&self, sql: &str) -> bool {
        self.invariants.get(sql).copied().unwrap_or(true)
    }
}

pub(crate) fn evaluate(
    scenario: &Scenario,
    records: &BTreeMap<usize, StepRecord>,
    invariants: &HashMap<String, bool>,
) -> Outcome {
    let committed = records
        .values()
        .filter(|r| r.result == StepResult::Committed)
        .filter_map(|r| r.txn.map(|id| (r.session, id)))
        .collect();
    let observed = Observed {
        records,
        committed,
        invariants,
    };
    let aborts: Vec<Abort> = records
        .iter()
        .filter_map(|(step, r)| {
            let error = r.result.error()?;
            error.kind.aborts_transaction().then(|| Abort {
                session: scenario
                    .sessions
                    .get(r.session)
                    .cloned()
                    .unwrap_or_default(),
                step: *step,
                error: error.clone(),
            })
        })
        .collect();
    if scenario.detectors.iter().any(|d| d.fires(&observed)) {
        return Outcome {
            verdict: Verdict::Anomaly,
            detail: scenario.anomaly.clone(),
            summary: scenario.anomaly.clone(),
            aborts,
        };
    }
    if let Some(first) = aborts.first() {
        let more = aborts.len() - 1;
        let detail = Text {
            en: format!(
                "{}'s transaction was rolled back at step {}: {} — {}{}",
                first.session,
                first.step,
                first.error.code,
                first.error.meaning.en,
                if more > 0 {
                    format!(" (and {more} more)")
                } else {
                    String::new()
                }
            ),
            zh: format!(
                "{} 的事务在第 {} 步被回滚：{}——{}{}",
                first.session,
                first.step,
                first.error.code,
                first.error.meaning.get(Lang::Zh),
                if more > 0 {
                    format!("（另有 {more} 处）")
                } else {
                    String::new()
                }
            ),
        };
        let summary = Text {
            en: format!(
                "{}'s transaction was rolled back at step {} ({})",
                first.session, first.step, first.error.code
            ),
            zh: format!(
                "{} 的事务在第 {} 步被回滚（{}）",
                first.session, first.step, first.error.code
            ),
        };
        return Outcome {
            verdict: Verdict::Aborted,
            detail,
            summary,
            aborts,
        };
    }
    Outcome {
        verdict: Verdict::Prevented,
        detail: Text {
            en: format!(
                "the schedule ran to the end and the anomaly did not occur (not observed: {})",
                Detector::describe_all(&scenario.detectors, Lang::En)
            ),
            zh: format!(
                "调度完整执行，异常没有发生（未观察到：{}）",
                Detector::describe_all(&scenario.detectors, Lang::Zh)
            ),
        },
        summary: Text {
            en: "the schedule ran to the end and the anomaly did not occur".into(),
            zh: "调度完整执行，异常没有发生".into(),
        },
        aborts,
    }
}
