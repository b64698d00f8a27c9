//! Runs one scenario at one level on one engine: real sessions, the script in order, then the
//! verdict.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::backend::{Backend, ErrorKind, LevelNote};
use super::driver::Driver;
pub use super::driver::StepRecord;
use super::error::LabError;
use super::level::Level;
use super::limits::LabLimits;
use super::outcome::{Outcome, evaluate};
use super::scenario::Scenario;
use super::timeline::{Event, StepResult};
use super::value::Rows;

#[derive(Clone, Debug, Serialize)]
pub struct Run {
    pub scenario: String,
    pub engine: String,
    /// The server's product and version, for server engines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    pub level: Level,
    pub sessions: Vec<String>,
    pub events: Vec<Event>,
    pub outcome: Outcome,
    /// How the level is realised on this engine and how others differ.
    pub realisation: LevelNote,
    /// Per step (1-based): what the session layer reported.
    #[serde(skip)]
    pub records: BTreeMap<usize, StepRecord>,
}

impl Run {
    pub fn result(&self, step: usize) -> Option<&StepResult> {
        self.records.get(&step).map(|r| &r.result)
    }
}

pub fn run_scenario(
    scenario: &Scenario,
    level: Level,
    backend: &dyn Backend,
) -> Result<Run, LabError> {
    run_scenario_with(scenario, level, backend, &LabLimits::default())
}

pub fn run_scenario_with(
    scenario: &Scenario,
    level: Level,
    backend: &dyn Backend,
    limits: &LabLimits,
) -> Result<Run, LabError> {
    run_and_inspect(scenario, level, backend, limits, &[]).map(|(run, _)| run)
}

/// Runs the scenario, then `inspect` queries on the final committed state (for graders).
pub(crate) fn run_and_inspect(
    scenario: &Scenario,
    level: Level,
    backend: &dyn Backend,
    limits: &LabLimits,
    inspect: &[&str],
) -> Result<(Run, Vec<Rows>), LabError> {
    if !scenario.applies_to(backend.name()) {
        return Err(LabError::NotApplicable {
            scenario: scenario.id.clone(),
            engine: backend.name().to_string(),
        });
    }
    let db = backend.create_database(&scenario.setup, &[level])?;
    let mut driver = Driver::new(db.clone(), backend.observes_lock_waits(), *limits);
    for name in &scenario.sessions {
        driver.open(name, level)?;
    }
    let mut events = Vec::new();
    for (i, step) in scenario.steps.iter().enumerate() {
        events.extend(driver.submit(step.session, i + 1, step.sql.clone()));
    }
    events.extend(driver.finish());
    let records = driver.records().clone();
    drop(driver);
    // A session whose connection died observed nothing after that: the run is reported as failed.
    if let Some((step, error)) = records.iter().find_map(|(step, r)| {
        r.result
            .error()
            .filter(|e| e.kind == ErrorKind::ConnectionLost)
            .map(|e| (step, e))
    }) {
        return Err(LabError::Engine {
            context: format!("step {step}"),
            error: Box::new(error.clone()),
        });
    }

    let mut invariants = HashMap::new();
    for sql in scenario.detectors.iter().flat_map(|d| d.invariants()) {
        let rows = db.query(sql)?;
        invariants.insert(sql.to_string(), rows.scalar().is_some_and(|v| v.truthy()));
    }
    let inspected = inspect
        .iter()
        .map(|sql| db.query(sql))
        .collect::<Result<Vec<_>, _>>()?;
    let outcome = evaluate(scenario, &records, &invariants);
    let run = Run {
        scenario: scenario.id.clone(),
        engine: backend.name().to_string(),
        server: backend.server(),
        level,
        sessions: scenario.sessions.clone(),
        events,
        outcome,
        realisation: backend.describe_level(level),
        records,
    };
    Ok((run, inspected))
}
