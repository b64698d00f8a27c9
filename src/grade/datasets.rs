//! The datasets an answer runs on (DESIGN.md § Datasets): the base fixture, every hidden
//! case, and the automatic `reversed` variant. Fixtures are built once per process and every
//! dataset is an image copy; both are cached here, as are the reference's results.
//!
//! Large images are also kept on disk ([`DiskCache`], `$SQLDRILL_HOME/cache`), so a new
//! process does not rebuild a 1,000,000-row fixture, its variant and its hidden cases: it
//! opens the cached files in place (read-only sandboxes copy nothing, see `engine::image`).

use super::error::GradeError;
use crate::catalog::{Catalog, Exercise, Kind};
use crate::engine::Image;
use crate::lang::{Lang, Text};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

pub use super::disk_cache::DiskCache;

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

/// One value built at most once, even when several threads (verify) ask at the same time:
/// the map hands out a slot, and the slot's own lock is held while the value is built.
type Slot<T> = Arc<Mutex<Option<T>>>;

fn slot<T>(map: &Mutex<HashMap<String, Slot<T>>>, key: &str) -> Slot<T> {
    Arc::clone(map.lock().unwrap().entry(key.to_string()).or_default())
}

fn once<T: Clone>(
    slot: &Slot<T>,
    build: impl FnOnce() -> Result<T, GradeError>,
) -> Result<T, GradeError> {
    let mut value = slot.lock().unwrap();
    if let Some(v) = &*value {
        return Ok(v.clone());
    }
    let v = build()?;
    *value = Some(v.clone());
    Ok(v)
}

/// Per-process caches shared by every check (and by verify's worker threads).
#[derive(Default)]
pub struct Cache {
    disk: Option<DiskCache>,
    /// Every built image by its key, so exercises that share a fixture share its hidden
    /// cases and variants too (and two threads never build the same one).
    images: Mutex<HashMap<String, Slot<Image>>>,
    datasets: Mutex<HashMap<String, Slot<Arc<Vec<Dataset>>>>>,
}

impl Cache {
    /// A cache that also keeps large images in `disk` (`None`: memory only).
    pub fn new(disk: Option<DiskCache>) -> Cache {
        Cache {
            disk,
            ..Cache::default()
        }
    }

    pub fn disk(&self) -> Option<&DiskCache> {
        self.disk.as_ref()
    }

    /// Forgets every image backed by a disk-cache file and deletes those files, so the next
    /// use rebuilds them: for when SQLite found one damaged (see `Grader::grade`). True when
    /// there was any. An image still being built (its slot locked) is not a file yet.
    pub fn forget_files(&self) -> bool {
        let mut dropped = false;
        self.images.lock().unwrap().retain(|_, slot| {
            let file = slot
                .try_lock()
                .ok()
                .and_then(|image| image.as_ref().and_then(|i| i.file().map(Path::to_path_buf)));
            match file {
                Some(path) => {
                    DiskCache::discard(&path);
                    dropped = true;
                    false
                }
                None => true,
            }
        });
        if dropped {
            self.datasets.lock().unwrap().clear();
        }
        dropped
    }

    /// An image built once per process: from the disk cache, or built and then offered to it.
    fn image(
        &self,
        key: &[&str],
        build: impl FnOnce() -> Result<Image, GradeError>,
    ) -> Result<Image, GradeError> {
        let key = DiskCache::key(key);
        once(&slot(&self.images, &key), || {
            let Some(disk) = &self.disk else {
                return build();
            };
            if let Some(image) = disk.load(&key) {
                return Ok(image);
            }
            Ok(disk.store(&key, build()?))
        })
    }

    pub fn fixture(&self, catalog: &Catalog, name: &str) -> Result<Image, GradeError> {
        let sql = catalog
            .fixtures
            .get(name)
            .ok_or_else(|| GradeError::Catalog(format!("fixture {name:?} not found")))?;
        self.image(&["fixture", sql], || {
            Image::from_sql(sql).map_err(|e| GradeError::Catalog(format!("fixture {name}: {e}")))
        })
    }

    pub fn datasets(
        &self,
        catalog: &Catalog,
        ex: &Exercise,
    ) -> Result<Arc<Vec<Dataset>>, GradeError> {
        once(&slot(&self.datasets, &ex.id), || {
            self.build_datasets(catalog, ex).map(Arc::new)
        })
    }

    fn build_datasets(&self, catalog: &Catalog, ex: &Exercise) -> Result<Vec<Dataset>, GradeError> {
        let fixture = &ex.meta.fixture;
        let sql = catalog
            .fixtures
            .get(fixture)
            .ok_or_else(|| GradeError::Catalog(format!("fixture {fixture:?} not found")))?;
        let base = self.fixture(catalog, fixture)?;
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
            let image = self.image(&["case", sql, &case.patch], || {
                base.patched(&case.patch)
                    .map_err(|e| GradeError::Catalog(format!("{}: case {}: {e}", ex.id, case.name)))
            })?;
            list.push(Dataset {
                name: case.name.clone(),
                about: case.about.clone(),
                hint: case.hint.clone(),
                image,
            });
        }
        // Only query answers are read-only, so only there may ids stop being rowids:
        // a script's `INSERT` without an id relies on the rowid alias.
        let unalias = ex.meta.kind == Kind::Query;
        let variant = if unalias { "unalias" } else { "keep" };
        let reversed = self.image(&["reversed", variant, sql], || {
            base.reversed(unalias)
                .map_err(|e| GradeError::Catalog(format!("{}: reversed variant: {e}", ex.id)))
        })?;
        list.push(Dataset {
            name: "reversed".into(),
            about: Text {
                en: crate::messages::Msg::ReversedAbout.text(Lang::En).into(),
                zh: crate::messages::Msg::ReversedAbout.text(Lang::Zh).into(),
            },
            hint: None,
            image: reversed,
        });
        Ok(list)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::disk_cache::tests::{SQL, built, cache, count};

    #[test]
    fn damaged_files_are_removed_and_rebuilt() {
        let dir = tempfile::tempdir().unwrap();
        let disk = cache(dir.path());
        let key = DiskCache::key(&["fixture", SQL]);
        let path = disk.store(&key, built()).file().unwrap().to_path_buf();
        let bytes = std::fs::read(&path).unwrap();
        for damaged in [
            &bytes[..bytes.len() - 100],
            &b"not a database at all"[..],
            &[],
        ] {
            std::fs::write(&path, damaged).unwrap();
            assert!(disk.load(&key).is_none(), "damaged file must be a miss");
            assert!(!path.exists(), "damaged file must be removed");
            let c = Cache::new(Some(disk.clone()));
            let image = c.image(&["fixture", SQL], || Ok(built())).unwrap();
            assert_eq!(count(&image), 3);
            assert!(disk.load(&key).is_some(), "rebuilt and stored again");
        }
    }

    #[test]
    fn forgetting_files_deletes_them_and_rebuilds_on_next_use() {
        let dir = tempfile::tempdir().unwrap();
        let disk = cache(dir.path());
        let c = Cache::new(Some(disk.clone()));
        let first = c.image(&["fixture", SQL], || Ok(built())).unwrap();
        let path = first.file().unwrap().to_path_buf();
        assert!(c.forget_files());
        assert!(!path.exists());
        let mut rebuilt = false;
        let again = c
            .image(&["fixture", SQL], || {
                rebuilt = true;
                Ok(built())
            })
            .unwrap();
        assert!(rebuilt);
        assert_eq!(count(&again), 3);
        assert!(
            !Cache::new(None).forget_files(),
            "nothing on disk to forget"
        );
    }
}
