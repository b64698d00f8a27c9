//! One exercise as an author writes it (`exercises/<id>-<slug>/`), see README.md § Writing exercises.

use crate::lang::Text;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Query,
    Script,
    Plan,
    Lab,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

/// Structural features that `requires`/`forbids` name; detected on the sqlparser AST.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Feature {
    Having,
    Limit,
    Offset,
    Window,
    Subquery,
    Join,
    GroupBy,
    OrderBy,
    Distinct,
    Cte,
}

impl Feature {
    pub fn sql_name(self) -> &'static str {
        match self {
            Feature::Having => "HAVING",
            Feature::Limit => "LIMIT",
            Feature::Offset => "OFFSET",
            Feature::Window => "a window function (OVER ...)",
            Feature::Subquery => "a subquery",
            Feature::Join => "a join",
            Feature::GroupBy => "GROUP BY",
            Feature::OrderBy => "ORDER BY",
            Feature::Distinct => "DISTINCT",
            Feature::Cte => "WITH (a CTE)",
        }
    }
}

/// A hidden dataset: a fresh copy of the fixture with `patch` applied.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub name: String,
    #[serde(default)]
    pub about: Text,
    pub patch: String,
    #[serde(default)]
    pub hint: Option<Text>,
}

/// `exercise.toml`. Unknown keys are errors so an author's typo does not silently vanish.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub title: Text,
    pub prompt: Text,
    pub topic: String,
    pub difficulty: Difficulty,
    /// Not used by `lab` exercises, which run on the lab's own databases.
    #[serde(default)]
    pub fixture: String,
    pub kind: Kind,
    #[serde(default)]
    pub tables: Vec<String>,
    #[serde(default)]
    pub columns: Vec<String>,
    #[serde(default)]
    pub requires: Vec<Feature>,
    #[serde(default)]
    pub forbids: Vec<Feature>,
    #[serde(default)]
    pub hints: Vec<Text>,
    #[serde(default)]
    pub cases: Vec<Case>,
    /// script: trusted SQL run after the answer and before the checks.
    #[serde(default)]
    pub after: Option<String>,
    /// script: queries whose results are compared.
    #[serde(default)]
    pub checks: Vec<String>,
    /// plan: the query whose plan is judged.
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub plan_table: Option<String>,
    #[serde(default)]
    pub plan_columns: Vec<String>,
    /// lab: scenario-specific settings, read by the isolation lab.
    #[serde(default)]
    pub lab: Option<toml::Table>,
}

/// Another answer shipped with the exercise (`right/` or `wrong/`).
#[derive(Clone, Debug)]
pub struct Answer {
    pub name: String,
    pub sql: String,
}

/// A wrong answer and the reason its header comment gives.
#[derive(Clone, Debug)]
pub struct WrongAnswer {
    pub name: String,
    pub sql: String,
    /// `-- wrong: CODE`
    pub code: Option<String>,
    /// `-- dataset: NAME`
    pub dataset: Option<String>,
}

impl WrongAnswer {
    pub fn parse(name: &str, sql: &str) -> WrongAnswer {
        let mut code = None;
        let mut dataset = None;
        for line in sql.lines().map(str::trim) {
            let Some(comment) = line.strip_prefix("--") else {
                if line.is_empty() {
                    continue;
                }
                break;
            };
            let comment = comment.trim();
            if let Some(c) = comment.strip_prefix("wrong:") {
                code = Some(c.trim().to_string());
            } else if let Some(d) = comment.strip_prefix("dataset:") {
                dataset = Some(d.trim().to_string());
            }
        }
        WrongAnswer {
            name: name.to_string(),
            sql: sql.to_string(),
            code,
            dataset,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Exercise {
    /// `exercise-05`
    pub id: String,
    pub number: u32,
    /// `second-highest-total`
    pub slug: String,
    pub meta: Meta,
    pub solution: String,
    pub right: Vec<Answer>,
    pub wrong: Vec<WrongAnswer>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_header_is_parsed() {
        let w = WrongAnswer::parse(
            "a.sql",
            "-- wrong: limit-ties\n-- dataset: base\n-- why it is wrong\nSELECT 1;",
        );
        assert_eq!(w.code.as_deref(), Some("limit-ties"));
        assert_eq!(w.dataset.as_deref(), Some("base"));
    }
}
