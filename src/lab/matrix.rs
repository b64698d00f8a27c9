//! Scenarios × levels, each cell computed live by running it: an executable Hermitage.

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use super::backend::Backend;
use super::level::Level;
use super::run::run_scenario;
use super::scenario::Scenario;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cell {
    Anomaly,
    Prevented,
    Aborted,
    /// The run itself failed (setup, engine); the message is in `MatrixRow::errors`.
    Error,
}

impl Cell {
    pub fn word(self) -> &'static str {
        match self {
            Cell::Anomaly => "anomaly",
            Cell::Prevented => "prevented",
            Cell::Aborted => "aborted",
            Cell::Error => "error",
        }
    }
}

#[derive(Clone, Debug)]
pub struct MatrixRow {
    pub id: String,
    /// In the order of `Matrix::levels`.
    pub cells: Vec<(Level, Cell)>,
    pub errors: Vec<String>,
}

impl MatrixRow {
    pub fn cell(&self, level: Level) -> Option<Cell> {
        self.cells
            .iter()
            .find(|(l, _)| *l == level)
            .map(|(_, c)| *c)
    }
}

/// `{"id": …, "cells": {"read-committed": "anomaly", …}}` with cells in level order.
impl Serialize for MatrixRow {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Cells<'a>(&'a [(Level, Cell)]);
        impl Serialize for Cells<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(self.0.len()))?;
                for (level, cell) in self.0 {
                    m.serialize_entry(level.as_str(), cell.word())?;
                }
                m.end()
            }
        }
        let n = if self.errors.is_empty() { 2 } else { 3 };
        let mut st = s.serialize_struct("MatrixRow", n)?;
        st.serialize_field("id", &self.id)?;
        st.serialize_field("cells", &Cells(&self.cells))?;
        if !self.errors.is_empty() {
            st.serialize_field("errors", &self.errors)?;
        }
        st.end()
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Matrix {
    pub engine: String,
    /// The server's product and version, for server engines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    pub levels: Vec<Level>,
    pub scenarios: Vec<MatrixRow>,
}

impl Matrix {
    pub fn row(&self, id: &str) -> Option<&MatrixRow> {
        self.scenarios.iter().find(|r| r.id == id)
    }
}

/// Runs every applicable scenario at every level. Scenarios that do not list this engine are left out.
pub fn matrix(scenarios: &[Scenario], levels: &[Level], backend: &dyn Backend) -> Matrix {
    let rows = scenarios
        .iter()
        .filter(|s| s.applies_to(backend.name()))
        .map(|s| {
            let mut errors = Vec::new();
            let cells = levels
                .iter()
                .map(|level| {
                    let cell = match run_scenario(s, *level, backend) {
                        Ok(run) => match run.outcome.verdict {
                            super::outcome::Verdict::Anomaly => Cell::Anomaly,
                            super::outcome::Verdict::Prevented => Cell::Prevented,
                            super::outcome::Verdict::Aborted => Cell::Aborted,
                        },
                        Err(e) => {
                            errors.push(format!("{level}: {e}"));
                            Cell::Error
                        }
                    };
                    (*level, cell)
                })
                .collect();
            MatrixRow {
                id: s.id.clone(),
                cells,
                errors,
            }
        })
        .collect();
    Matrix {
        engine: backend.name().to_string(),
        server: backend.server(),
        levels: levels.to_vec(),
        scenarios: rows,
    }
}
