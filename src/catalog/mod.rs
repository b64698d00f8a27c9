//! The exercise catalog: fixtures and exercises, embedded or from `--exercises DIR`.

pub mod error;
pub mod exercise;
pub mod load;
pub mod resolve;
pub mod source;

pub use error::CatalogError;
pub use exercise::{Case, Difficulty, Exercise, Feature, Kind, Meta, WrongAnswer};
pub use source::Origin;

use std::collections::BTreeMap;
use std::path::Path;

pub struct Catalog {
    pub origin: Origin,
    pub fixtures: BTreeMap<String, String>,
    pub exercises: Vec<Exercise>,
}

impl Catalog {
    pub fn builtin() -> Result<Catalog, CatalogError> {
        Catalog::from_files(source::Files::builtin())
    }

    pub fn from_dir(dir: &Path) -> Result<Catalog, CatalogError> {
        Catalog::from_files(source::Files::dir(dir)?)
    }

    fn from_files(files: source::Files) -> Result<Catalog, CatalogError> {
        let loaded = load::load(&files)?;
        Ok(Catalog {
            origin: files.origin,
            fixtures: loaded.fixtures,
            exercises: loaded.exercises,
        })
    }

    /// Resolves `5`, `05`, `exercise-05` or a slug.
    pub fn find(&self, query: &str) -> Option<&Exercise> {
        resolve::find(&self.exercises, query)
    }

    pub fn suggest(&self, query: &str) -> Vec<String> {
        resolve::suggest(&self.exercises, query)
    }

    /// The key progress is stored under, so another catalog's exercise-05 is another exercise.
    pub fn progress_key(&self) -> String {
        match &self.origin {
            Origin::Builtin => "builtin".into(),
            Origin::Dir(p) => p.display().to_string(),
        }
    }
}
