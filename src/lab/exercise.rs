//! Graded lab exercises (`kind = "lab"`): the answer is checked by running real sessions, never
//! by comparing text. Learner SQL is untrusted: on SQLite (the default) it runs only on the
//! lab's throwaway databases, in sessions with an authorizer (no ATTACH, PRAGMA,
//! load_extension), lowered limits and a per-statement time budget. On a server the learner
//! chose (`SQLDRILL_ENGINE`), it runs with that URL's privileges inside the run's throwaway
//! database or schema, bounded by the same time budget and lock waits.

use serde::Serialize;

use super::backend::Backend;
use super::builtin::{builtin, find};
use super::error::LabError;
use super::level::Level;
use super::limits::LabLimits;
use super::outcome::Verdict;
use super::run::{Run, run_and_inspect};
use super::scenario::{Scenario, Step};
use super::statement::{Control, classify, is_data_statement, split};
use super::text_json::text;
use super::timeline::StepResult;
use super::value::Value;
use crate::lang::Text;

/// Longest answer accepted, and most statements in it.
const MAX_ANSWER: usize = 10_000;
const MAX_STATEMENTS: usize = 10;

/// One run the grade is based on.
#[derive(Clone, Debug, Serialize)]
pub struct Check {
    /// A level or a schedule name.
    pub name: String,
    pub passed: bool,
    #[serde(serialize_with = "super::text_json::serialize")]
    pub detail: Text,
}

#[derive(Clone, Debug, Serialize)]
pub struct Grade {
    pub passed: bool,
    #[serde(serialize_with = "super::text_json::serialize")]
    pub explanation: Text,
    pub checks: Vec<Check>,
}

impl Grade {
    fn from_checks(checks: Vec<Check>, pass: Text) -> Grade {
        let failed = checks.iter().find(|c| !c.passed);
        Grade {
            passed: failed.is_none(),
            explanation: failed.map_or(pass, |c| c.detail.clone()),
            checks,
        }
    }
}

fn bad(en: &str, zh: &str) -> LabError {
    LabError::BadAnswer(text(en, zh))
}

/// Splits learner SQL into statements; rejects what the exercise cannot run.
fn statements(answer: &str) -> Result<Vec<String>, LabError> {
    if answer.len() > MAX_ANSWER {
        return Err(bad("the answer is too long", "答案过长"));
    }
    let stmts = split(answer);
    if stmts.is_empty() {
        return Err(bad(
            "the answer is empty (or only comments)",
            "答案为空（或只有注释）",
        ));
    }
    if stmts.len() > MAX_STATEMENTS {
        return Err(bad("too many statements in the answer", "答案中的语句过多"));
    }
    if stmts.iter().any(|s| classify(s) != Control::Other) {
        return Err(bad(
            "leave out BEGIN, COMMIT, ROLLBACK and savepoints: the exercise wraps your statements in a transaction",
            "请不要写 BEGIN、COMMIT、ROLLBACK 或保存点：练习会把你的语句放进一个事务中",
        ));
    }
    // On a server the answer runs with the URL's own privileges (no SQLite authorizer there),
    // so only data statements on the exercise's tables are accepted, on every engine alike.
    if stmts.iter().any(|s| !is_data_statement(s)) {
        return Err(bad(
            "a lab answer takes SELECT, INSERT, UPDATE and DELETE statements only",
            "实验题答案只接受 SELECT、INSERT、UPDATE 和 DELETE 语句",
        ));
    }
    Ok(stmts)
}

/// The first failed learner step that is not an abort by the engine, as a failed check.
fn learner_error(run: &Run, steps: &[usize], name: &str) -> Option<Check> {
    steps.iter().find_map(|n| match run.result(*n) {
        Some(StepResult::Failed { error, .. }) if !error.kind.aborts_transaction() => Some(Check {
            name: name.to_string(),
            passed: false,
            detail: Text {
                en: format!(
                    "{name}: your statement at step {n} failed: {} — {}",
                    error.code, error.meaning.en
                ),
                zh: format!(
                    "{name}：你在第 {n} 步的语句出错：{}——{}",
                    error.code, error.meaning.zh
                ),
            },
        }),
        _ => None,
    })
}

/// Exercise "weakest level": `answer` names the weakest level that prevents the scenario's
/// anomaly. Verified by running it at that level (no anomaly: prevented or aborted) and at the
/// next weaker level (anomaly).
pub fn weakest_level(
    scenarios: &[Scenario],
    scenario_id: &str,
    answer: &str,
    backend: &dyn Backend,
) -> Result<Grade, LabError> {
    let scenario = find(scenarios, scenario_id)?;
    let level =
        Level::parse(answer).ok_or_else(|| LabError::UnknownLevel(answer.trim().to_string()))?;
    let engine = super::render::engine_name(backend.name());
    let at = super::run::run_scenario(scenario, level, backend)?;
    let mut checks = vec![Check {
        name: level.to_string(),
        passed: at.outcome.verdict != Verdict::Anomaly,
        detail: if at.outcome.verdict == Verdict::Anomaly {
            Text {
                en: format!(
                    "At {level} the anomaly still happens on {engine}: {}",
                    at.outcome.detail.en
                ),
                zh: format!(
                    "在 {level} 下，{engine} 上仍然出现异常：{}",
                    at.outcome.detail.zh
                ),
            }
        } else {
            Text {
                en: format!(
                    "At {level}: {} — {}",
                    at.outcome.verdict.word(),
                    at.outcome.detail.en
                ),
                zh: format!(
                    "在 {level} 下：{}——{}",
                    at.outcome.verdict.label(crate::lang::Lang::Zh),
                    at.outcome.detail.zh
                ),
            }
        },
    }];
    if let Some(weaker) = level.weaker() {
        let below = super::run::run_scenario(scenario, weaker, backend)?;
        let shows = below.outcome.verdict == Verdict::Anomaly;
        checks.push(Check {
            name: weaker.to_string(),
            passed: shows,
            detail: if shows {
                Text {
                    en: format!("At {weaker} the anomaly happens: {}", below.outcome.detail.en),
                    zh: format!("在 {weaker} 下会出现异常：{}", below.outcome.detail.zh),
                }
            } else {
                Text {
                    en: format!(
                        "{weaker} already prevents it on {engine} ({}), so {level} is stronger than needed",
                        below.outcome.verdict.word()
                    ),
                    zh: format!("在 {engine} 上 {weaker} 就已经能防止它（{}），所以 {level} 比需要的更强", below.outcome.verdict.label(crate::lang::Lang::Zh)),
                }
            },
        });
    }
    let pass = Text {
        en: format!(
            "Right: {level} is the weakest level that prevents {} on {engine}.",
            scenario.id
        ),
        zh: format!(
            "正确：在 {engine} 上，{level} 是能防止 {} 的最弱隔离级别。",
            scenario.id
        ),
    };
    Ok(Grade::from_checks(checks, pass))
}

const LOST_UPDATE_SETUP: &str = "
CREATE TABLE account (id INT PRIMARY KEY, owner VARCHAR(20), balance INT);
CREATE TABLE withdrawal (id INT PRIMARY KEY, account_id INT, amount INT);
INSERT INTO account (id, owner, balance) VALUES (1, 'alice', 100);
";
const START_BALANCE: i64 = 100;
const AMOUNTS: [i64; 2] = [30, 20];

/// The schedules a lost-update answer must survive. Each entry lists (session, index) pairs,
/// where index 0 binds :amount, 1 is BEGIN, 2..=k+1 the learner's statements, k+2 COMMIT.
fn schedules(k: usize) -> Vec<(&'static str, Vec<(usize, usize)>)> {
    let n = k + 3;
    let serial = |first: usize| -> Vec<(usize, usize)> {
        let second = 1 - first;
        (0..n)
            .map(|i| (first, i))
            .chain((0..n).map(|i| (second, i)))
            .collect()
    };
    let interleaved = |first: usize| -> Vec<(usize, usize)> {
        (0..n).flat_map(|i| [(first, i), (1 - first, i)]).collect()
    };
    vec![
        ("A then B", serial(0)),
        ("B then A", serial(1)),
        ("interleaved, A first", interleaved(0)),
        ("interleaved, B first", interleaved(1)),
    ]
}

/// Exercise "lost update": `answer` replaces the read-modify-write of a withdrawal. It runs in
/// both sessions (A withdraws :amount = 30, B :amount = 20) under read-committed on every
/// schedule above; the final balance must be 100 − 30 − 20 = 50 each time.
pub fn lost_update(
    answer: &str,
    limits: &LabLimits,
    backend: &dyn Backend,
) -> Result<Grade, LabError> {
    let stmts = statements(answer)?;
    let k = stmts.len();
    let expected = START_BALANCE - AMOUNTS.iter().sum::<i64>();
    let mut checks = Vec::new();
    for (name, order) in schedules(k) {
        let mut steps = Vec::new();
        let mut learner_steps = Vec::new();
        for (session, i) in order {
            let sql = match i {
                0 => format!("SELECT {} AS amount", AMOUNTS[session]),
                1 => "BEGIN".to_string(),
                i if i == k + 2 => "COMMIT".to_string(),
                i => {
                    learner_steps.push(steps.len() + 1);
                    stmts[i - 2].clone()
                }
            };
            steps.push(Step { session, sql });
        }
        let scenario = exercise_scenario("exercise-lost-update", LOST_UPDATE_SETUP, steps, backend);
        let (run, inspected) = run_and_inspect(
            &scenario,
            Level::ReadCommitted,
            backend,
            limits,
            &["SELECT balance FROM account WHERE id = 1"],
        )?;
        if let Some(check) = learner_error(&run, &learner_steps, name) {
            checks.push(check);
            continue;
        }
        let balance = inspected
            .first()
            .and_then(|r| r.scalar())
            .cloned()
            .unwrap_or(Value::Null);
        let ok = balance == Value::Integer(expected) || balance == Value::Real(expected as f64);
        let detail = if ok {
            text(
                format!("{name}: balance {balance}"),
                format!("{name}：余额 {balance}"),
            )
        } else if run.outcome.verdict == Verdict::Aborted {
            Text {
                en: format!(
                    "{name}: a withdrawal was rolled back ({}); a correct answer completes both withdrawals",
                    run.outcome.detail.en
                ),
                zh: format!(
                    "{name}：有一笔取款被回滚（{}）；正确的答案应让两笔取款都完成",
                    run.outcome.detail.zh
                ),
            }
        } else {
            Text {
                en: format!(
                    "{name}: the final balance is {balance}, expected {expected} (100 − 30 − 20). One withdrawal overwrote the other — a lost update. Do the read and the write in one statement (UPDATE account SET balance = balance - :amount WHERE id = 1), so the write uses the balance as it is when the row is written."
                ),
                zh: format!(
                    "{name}：最终余额是 {balance}，应为 {expected}（100 − 30 − 20）。一笔取款覆盖了另一笔——丢失更新。请在一条语句中完成读和写（UPDATE account SET balance = balance - :amount WHERE id = 1），让写入基于写入那一刻的余额。"
                ),
            }
        };
        checks.push(Check {
            name: name.to_string(),
            passed: ok,
            detail,
        });
    }
    let pass = text(
        format!(
            "Right: every schedule ended with balance {expected} under read-committed — no update was lost."
        ),
        format!("正确：在读已提交下，每种调度的最终余额都是 {expected}——没有丢失任何更新。"),
    );
    Ok(Grade::from_checks(checks, pass))
}

/// Exercise "phantom": `answer` replaces session B's statements in the phantom-read scenario.
/// It must make A's second read gain or lose a row at read-committed, and not at
/// repeatable-read.
pub fn phantom(answer: &str, limits: &LabLimits, backend: &dyn Backend) -> Result<Grade, LabError> {
    let stmts = statements(answer)?;
    let all = builtin();
    let base = find(&all, "phantom-read")?;
    let b = base.sessions.iter().position(|s| s == "B").unwrap_or(1);
    let mut steps = Vec::new();
    let mut learner_steps = Vec::new();
    let mut a_reads = Vec::new();
    let mut replaced = false;
    for step in &base.steps {
        let control = classify(&step.sql) != Control::Other;
        if step.session == b && !control {
            if !replaced {
                for sql in &stmts {
                    steps.push(Step {
                        session: b,
                        sql: sql.clone(),
                    });
                    learner_steps.push(steps.len());
                }
                replaced = true;
            }
            continue;
        }
        steps.push(step.clone());
        if step.session != b && !control {
            a_reads.push(steps.len());
        }
    }
    let (first, second) = match a_reads.as_slice() {
        [f, s, ..] => (*f, *s),
        _ => {
            return Err(bad(
                "the phantom-read scenario has changed",
                "phantom-read 场景已被修改",
            ));
        }
    };
    let scenario = exercise_scenario("exercise-phantom", &base.setup, steps, backend);
    let mut checks = Vec::new();
    for level in [Level::ReadCommitted, Level::RepeatableRead] {
        let name = level.to_string();
        let (run, _) = run_and_inspect(&scenario, level, backend, limits, &[])?;
        if let Some(check) = learner_error(&run, &learner_steps, &name) {
            checks.push(check);
            continue;
        }
        let rows = |n| {
            run.result(n)
                .and_then(StepResult::rows)
                .cloned()
                .unwrap_or_default()
        };
        let (r1, r2) = (rows(first), rows(second));
        let phantom = r1.key_set() != r2.key_set();
        let changed = !r1.same_bag(&r2.rows);
        let (passed, detail) = match (level, phantom, changed) {
            (Level::ReadCommitted, true, _) => (
                true,
                text(
                    "read-committed: A's second read returned a different set of rows — a phantom",
                    "读已提交：A 的第二次查询返回了不同的行集合——幻读",
                ),
            ),
            (Level::ReadCommitted, false, true) => (
                false,
                text(
                    "read-committed: A saw the same rows with changed values — that is a non-repeatable read, not a phantom. Make a row appear in (or vanish from) A's result: insert an order with amount > 100.",
                    "读已提交：A 看到的是同样的行、只是值变了——这是不可重复读，不是幻读。请让一行出现在（或消失于）A 的结果中：插入一笔 amount > 100 的订单。",
                ),
            ),
            (Level::ReadCommitted, false, false) => (
                false,
                text(
                    "read-committed: A's two reads were identical. B must commit a row that matches A's query (amount > 100).",
                    "读已提交：A 的两次查询结果完全相同。B 必须提交一行满足 A 查询条件（amount > 100）的数据。",
                ),
            ),
            (_, _, false) => (
                true,
                text(
                    "repeatable-read: A's snapshot hid B's change",
                    "可重复读：A 的快照屏蔽了 B 的修改",
                ),
            ),
            (_, _, true) => (
                false,
                text(
                    "repeatable-read: A's second read still changed",
                    "可重复读：A 的第二次查询结果仍然变了",
                ),
            ),
        };
        checks.push(Check {
            name,
            passed,
            detail,
        });
    }
    let pass = text(
        "Right: A sees a phantom under read-committed, and repeatable-read's snapshot prevents it.",
        "正确：在读已提交下 A 看到了幻读，而可重复读的快照防止了它。",
    );
    Ok(Grade::from_checks(checks, pass))
}

/// A throwaway scenario for a grader: two sessions, no detectors (the grader checks itself).
fn exercise_scenario(id: &str, setup: &str, steps: Vec<Step>, backend: &dyn Backend) -> Scenario {
    Scenario {
        id: id.to_string(),
        title: text(id, id),
        description: Text::default(),
        explanation: Text::default(),
        anomaly: Text::default(),
        reuses: None,
        engines: vec![backend.name().into()],
        setup: setup.to_string(),
        sessions: vec!["A".into(), "B".into()],
        steps,
        detectors: Vec::new(),
        origin: "exercise".into(),
    }
}
