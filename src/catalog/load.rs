//! Turns catalog files into fixtures and exercises, checking what every command relies on.

use super::error::CatalogError;
use super::exercise::{Answer, Exercise, Kind, Meta, WrongAnswer};
use super::source::Files;
use std::collections::BTreeMap;
use std::path::PathBuf;

pub struct Loaded {
    pub fixtures: BTreeMap<String, String>,
    pub exercises: Vec<Exercise>,
}

/// Splits `exercise-05-second-highest` into (5, "exercise-05", "second-highest").
pub fn parse_dir_name(name: &str) -> Option<(u32, String, String)> {
    let rest = name.strip_prefix("exercise-")?;
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    let number: u32 = digits.parse().ok()?;
    let slug = rest[digits.len()..].trim_start_matches('-').to_string();
    Some((number, format!("exercise-{number:02}"), slug))
}

pub fn load(files: &Files) -> Result<Loaded, CatalogError> {
    let mut fixtures = BTreeMap::new();
    // dir name -> (toml, solution, right, wrong)
    let mut dirs: BTreeMap<String, Parts> = BTreeMap::new();
    for (path, text) in &files.files {
        let parts: Vec<&str> = path.split('/').collect();
        match parts.as_slice() {
            ["fixtures", file] if file.ends_with(".sql") => {
                fixtures.insert(file.trim_end_matches(".sql").to_string(), text.clone());
            }
            ["exercises", dir, rest @ ..] => {
                let entry = dirs.entry(dir.to_string()).or_default();
                match rest {
                    ["exercise.toml"] => entry.toml = Some(text.clone()),
                    ["solution.sql"] => entry.solution = Some(text.clone()),
                    ["right", f] if f.ends_with(".sql") => entry.right.push(Answer {
                        name: f.to_string(),
                        sql: text.clone(),
                    }),
                    ["wrong", f] if f.ends_with(".sql") => {
                        entry.wrong.push(WrongAnswer::parse(f, text))
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    let mut exercises = Vec::new();
    for (dir, parts) in dirs {
        let at = || PathBuf::from("exercises").join(&dir);
        let Some((number, id, slug)) = parse_dir_name(&dir) else {
            return Err(CatalogError::Invalid(
                at(),
                "folder names look like exercise-NN-slug".into(),
            ));
        };
        let toml_text = parts
            .toml
            .ok_or_else(|| CatalogError::Invalid(at(), "exercise.toml is missing".into()))?;
        let meta: Meta = toml::from_str(&toml_text).map_err(|e| {
            CatalogError::Invalid(at().join("exercise.toml"), e.to_string().trim().to_string())
        })?;
        let solution = parts
            .solution
            .ok_or_else(|| CatalogError::Invalid(at(), "solution.sql is missing".into()))?;
        validate(&meta, &fixtures).map_err(|e| CatalogError::Invalid(at(), e))?;
        if exercises.iter().any(|e: &Exercise| e.id == id) {
            return Err(CatalogError::Invalid(
                at(),
                format!("{id} is defined twice"),
            ));
        }
        exercises.push(Exercise {
            id,
            number,
            slug,
            meta,
            solution,
            right: parts.right,
            wrong: parts.wrong,
        });
    }
    exercises.sort_by_key(|e| e.number);
    Ok(Loaded {
        fixtures,
        exercises,
    })
}

#[derive(Default)]
struct Parts {
    toml: Option<String>,
    solution: Option<String>,
    right: Vec<Answer>,
    wrong: Vec<WrongAnswer>,
}

/// Checks that make a catalog usable at all; `verify` checks the rest.
fn validate(meta: &Meta, fixtures: &BTreeMap<String, String>) -> Result<(), String> {
    if meta.kind != Kind::Lab && !fixtures.contains_key(&meta.fixture) {
        return Err(format!("fixture {:?} not found in fixtures/", meta.fixture));
    }
    for case in &meta.cases {
        if case.name == "base" || case.name == "reversed" {
            return Err(format!("case name {:?} is reserved", case.name));
        }
    }
    match meta.kind {
        Kind::Script if meta.checks.is_empty() => Err("a script exercise needs `checks`".into()),
        Kind::Plan
            if meta.target.is_none()
                || meta.plan_table.is_none()
                || meta.plan_columns.is_empty() =>
        {
            Err("a plan exercise needs `target`, `plan_table` and `plan_columns`".into())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dir_names_give_ids_and_slugs() {
        assert_eq!(
            parse_dir_name("exercise-5-second-highest"),
            Some((5, "exercise-05".into(), "second-highest".into()))
        );
        assert_eq!(parse_dir_name("notes"), None);
    }
}
