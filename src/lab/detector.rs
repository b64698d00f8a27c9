//! Anomaly detectors: conditions over observed step results and the final state. A scenario
//! lists `[[detector]]` tables; the anomaly happened when every condition of any one holds.
//! Only committed evidence counts: a step's result is used only if its transaction committed
//! (or it ran in autocommit), because anomalies are about what committed transactions saw.

use serde::Deserialize;

use super::timeline::StepResult;
use super::value::Value;
use crate::lang::{Lang, Text};

#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    /// Both steps returned rows, and not the same rows.
    Differ { first: usize, second: usize },
    /// The step returned exactly these rows (any order).
    Returned { step: usize, rows: Vec<Vec<Value>> },
    /// The step inserted/updated/deleted exactly this many rows.
    Affected { step: usize, count: u64 },
    /// This query over the final committed state returned false.
    Invariant { sql: String },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Detector {
    pub conditions: Vec<Condition>,
}

/// What a detector may look at.
pub(crate) trait Evidence {
    /// The step's result if it counts as committed evidence.
    fn committed(&self, step: usize) -> Option<&StepResult>;
    /// Whether the invariant held on the final state.
    fn invariant_holds(&self, sql: &str) -> bool;
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DetectorSpec {
    #[serde(default)]
    differ: Option<[usize; 2]>,
    #[serde(default)]
    returned: Vec<ReturnedSpec>,
    #[serde(default)]
    affected: Vec<AffectedSpec>,
    #[serde(default)]
    invariant: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReturnedSpec {
    step: usize,
    rows: Vec<Vec<toml::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AffectedSpec {
    step: usize,
    rows: u64,
}

impl Detector {
    /// Validates step references against a script of `steps` steps.
    pub(crate) fn from_spec(spec: DetectorSpec, steps: usize) -> Result<Detector, String> {
        let check = |n: usize| {
            if n == 0 || n > steps {
                Err(format!(
                    "detector refers to step {n}, but the script has steps 1..={steps}"
                ))
            } else {
                Ok(n)
            }
        };
        let mut conditions = Vec::new();
        if let Some([a, b]) = spec.differ {
            if a == b {
                return Err(format!("`differ` needs two different steps, got {a} twice"));
            }
            conditions.push(Condition::Differ {
                first: check(a)?,
                second: check(b)?,
            });
        }
        for r in spec.returned {
            let rows = r
                .rows
                .iter()
                .map(|row| {
                    row.iter()
                        .map(Value::from_toml)
                        .collect::<Result<Vec<_>, _>>()
                })
                .collect::<Result<Vec<_>, _>>()?;
            conditions.push(Condition::Returned {
                step: check(r.step)?,
                rows,
            });
        }
        for a in spec.affected {
            conditions.push(Condition::Affected {
                step: check(a.step)?,
                count: a.rows,
            });
        }
        if let Some(sql) = spec.invariant {
            if sql.trim().is_empty() {
                return Err("`invariant` is empty".into());
            }
            conditions.push(Condition::Invariant { sql });
        }
        if conditions.is_empty() {
            return Err(
                "a [[detector]] needs at least one of differ, returned, affected, invariant".into(),
            );
        }
        Ok(Detector { conditions })
    }

    pub(crate) fn fires(&self, ev: &dyn Evidence) -> bool {
        self.conditions.iter().all(|c| c.holds(ev))
    }

    pub fn describe(&self) -> Text {
        let parts: Vec<Text> = self.conditions.iter().map(Condition::describe).collect();
        Text {
            en: parts
                .iter()
                .map(|t| t.en.as_str())
                .collect::<Vec<_>>()
                .join(" and "),
            zh: parts
                .iter()
                .map(|t| t.zh.as_str())
                .collect::<Vec<_>>()
                .join("，且"),
        }
    }

    /// All detectors of a scenario, as one sentence ("…; or …").
    pub fn describe_all(detectors: &[Detector], lang: Lang) -> String {
        let sep = if lang == Lang::Zh {
            "；或者 "
        } else {
            "; or "
        };
        detectors
            .iter()
            .map(|d| d.describe().get(lang).to_string())
            .collect::<Vec<_>>()
            .join(sep)
    }

    /// Invariant queries this detector needs evaluated on the final state.
    pub(crate) fn invariants(&self) -> impl Iterator<Item = &str> {
        self.conditions.iter().filter_map(|c| match c {
            Condition::Invariant { sql } => Some(sql.as_str()),
            _ => None,
        })
    }
}

impl Condition {
    fn holds(&self, ev: &dyn Evidence) -> bool {
        match self {
            Condition::Differ { first, second } => {
                match (
                    ev.committed(*first).and_then(StepResult::rows),
                    ev.committed(*second).and_then(StepResult::rows),
                ) {
                    (Some(a), Some(b)) => !a.same_bag(&b.rows),
                    _ => false,
                }
            }
            Condition::Returned { step, rows } => ev
                .committed(*step)
                .and_then(StepResult::rows)
                .is_some_and(|r| r.same_bag(rows)),
            Condition::Affected { step, count } => {
                matches!(ev.committed(*step), Some(StepResult::Changed { count: c }) if c == count)
            }
            Condition::Invariant { sql } => !ev.invariant_holds(sql),
        }
    }

    fn describe(&self) -> Text {
        match self {
            Condition::Differ { first, second } => Text {
                en: format!("step {second}'s rows differ from step {first}'s"),
                zh: format!("第 {second} 步的结果与第 {first} 步不同"),
            },
            Condition::Returned { step, rows } => {
                let shown = format_rows(rows);
                Text {
                    en: format!(
                        "step {step} returned {}",
                        if rows.is_empty() {
                            "no rows".into()
                        } else {
                            shown.clone()
                        }
                    ),
                    zh: format!(
                        "第 {step} 步返回 {}",
                        if rows.is_empty() {
                            "空结果".into()
                        } else {
                            shown
                        }
                    ),
                }
            }
            Condition::Affected { step, count } => Text {
                en: format!(
                    "step {step} changed {count} row{}",
                    if *count == 1 { "" } else { "s" }
                ),
                zh: format!("第 {step} 步修改了 {count} 行"),
            },
            Condition::Invariant { sql } => Text {
                en: format!("the final state breaks the invariant `{sql}`"),
                zh: format!("最终状态违反了不变式 `{sql}`"),
            },
        }
    }
}

/// `(1, 10), (2, 20)`.
fn format_rows(rows: &[Vec<Value>]) -> String {
    rows.iter()
        .map(|r| {
            let vals: Vec<String> = r
                .iter()
                .map(|v| match v {
                    Value::Text(t) => format!("'{t}'"),
                    v => v.to_string(),
                })
                .collect();
            format!("({})", vals.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}
