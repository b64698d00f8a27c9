//! The datasets an answer runs on (DESIGN.md § Datasets): the base fixture, every hidden
//! case, and the automatic `reversed` variant. Fixtures are built once per process and every
//! dataset is an image copy; both are cached here, as are the reference's results.

use super::error::GradeError;
use crate::catalog::{Catalog, Exercise, Kind};
use crate::engine::Image;
use crate::lang::{Lang, Text};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Clone)]
pub struct Dataset {
    pub name: String,
    pub about: Text,
    pub hint: Option<Text>,
    pub image: Image,
}

impl Dataset {
    pub fn about(&self, lang: Lang) -> String {
        self.about.get(lang).trim().to_string()
    }
}

/// Per-process caches shared by every check (and by verify's worker threads).
#[derive(Default)]
pub struct Cache {
    fixtures: Mutex<HashMap<String, Image>>,
    datasets: Mutex<HashMap<String, Arc<Vec<Dataset>>>>,
}

impl Cache {
    pub fn fixture(&self, catalog: &Catalog, name: &str) -> Result<Image, GradeError> {
        if let Some(image) = self.fixtures.lock().unwrap().get(name) {
            return Ok(image.clone());
        }
        let sql = catalog
            .fixtures
            .get(name)
            .ok_or_else(|| GradeError::Catalog(format!("fixture {name:?} not found")))?;
        let image = Image::from_sql(sql)
            .map_err(|e| GradeError::Catalog(format!("fixture {name}: {e}")))?;
        self.fixtures
            .lock()
            .unwrap()
            .insert(name.to_string(), image.clone());
        Ok(image)
    }

    pub fn datasets(
        &self,
        catalog: &Catalog,
        ex: &Exercise,
    ) -> Result<Arc<Vec<Dataset>>, GradeError> {
        if let Some(d) = self.datasets.lock().unwrap().get(&ex.id) {
            return Ok(Arc::clone(d));
        }
        let base = self.fixture(catalog, &ex.meta.fixture)?;
        let mut list = vec![Dataset {
            name: "base".into(),
            about: Text {
                en: crate::messages::Msg::BaseAbout.text(Lang::En).into(),
                zh: crate::messages::Msg::BaseAbout.text(Lang::Zh).into(),
            },
            hint: None,
            image: base.clone(),
        }];
        for case in &ex.meta.cases {
            let image = base
                .patched(&case.patch)
                .map_err(|e| GradeError::Catalog(format!("{}: case {}: {e}", ex.id, case.name)))?;
            list.push(Dataset {
                name: case.name.clone(),
                about: case.about.clone(),
                hint: case.hint.clone(),
                image,
            });
        }
        // Only query answers are read-only, so only there may ids stop being rowids:
        // a script's `INSERT` without an id relies on the rowid alias.
        let reversed = base
            .reversed(ex.meta.kind == Kind::Query)
            .map_err(|e| GradeError::Catalog(format!("{}: reversed variant: {e}", ex.id)))?;
        list.push(Dataset {
            name: "reversed".into(),
            about: Text {
                en: crate::messages::Msg::ReversedAbout.text(Lang::En).into(),
                zh: crate::messages::Msg::ReversedAbout.text(Lang::Zh).into(),
            },
            hint: None,
            image: reversed,
        });
        let list = Arc::new(list);
        self.datasets
            .lock()
            .unwrap()
            .insert(ex.id.clone(), Arc::clone(&list));
        Ok(list)
    }
}
