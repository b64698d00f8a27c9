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
use crate::engine::image::check_database_file;
use crate::lang::{Lang, Text};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

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

/// Built dataset images on disk, so that a new process does not rebuild a large fixture.
///
/// - Where: `$SQLDRILL_CACHE_DIR`, else `$SQLDRILL_HOME/cache`; `SQLDRILL_NO_CACHE=1` turns it
///   off.
/// - What: only images of at least `min_bytes` (1 MiB): a small fixture builds faster than a
///   file can be opened.
/// - Key: a hash of the sqldrill version, the SQLite version, the fixture's SQL and the
///   variant (a case's patch, `reversed`), so any change to one of them is a miss, never a
///   stale hit. A file is `<hash>.db`, a complete SQLite database.
/// - Writes are atomic (a temporary file in the same directory, then a rename), and a file is
///   never modified afterwards, so readers may open it `immutable` and memory-map it.
/// - Bounded: after a write, the oldest files (by last use) are deleted until the directory
///   holds at most `max_bytes` (2 GiB).
/// - Safe: a file that is not a whole database (truncated, foreign) is deleted and rebuilt;
///   a directory that cannot be written leaves images in memory, as without a cache.
#[derive(Clone, Debug)]
pub struct DiskCache {
    dir: PathBuf,
    min_bytes: usize,
    max_bytes: u64,
}

/// Stale temporary files (from a killed process) older than this are removed.
const STALE_TMP: Duration = Duration::from_secs(3600);

impl DiskCache {
    pub const MIN_BYTES: usize = 1 << 20;
    pub const MAX_BYTES: u64 = 2 << 30;

    pub fn new(dir: PathBuf, min_bytes: usize, max_bytes: u64) -> DiskCache {
        DiskCache {
            dir,
            min_bytes,
            max_bytes,
        }
    }

    /// The cache the environment asks for (see the type's documentation).
    pub fn from_env() -> Option<DiskCache> {
        if std::env::var_os("SQLDRILL_NO_CACHE").is_some_and(|v| !v.is_empty() && v != "0") {
            return None;
        }
        // No home (see `home::dir`): images stay in memory.
        let dir = std::env::var_os("SQLDRILL_CACHE_DIR")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .or_else(|| crate::home::dir().map(|h| h.join("cache")))?;
        Some(DiskCache::new(dir, Self::MIN_BYTES, Self::MAX_BYTES))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file name stem for `parts`: 128 bits of FNV-1a (two seeds) over the versions and
    /// the length-prefixed parts.
    pub fn key(parts: &[&str]) -> String {
        let versions = [
            "sqldrill-dataset-v1",
            env!("CARGO_PKG_VERSION"),
            rusqlite::version(),
        ];
        let mut a: u64 = 0xcbf2_9ce4_8422_2325;
        let mut b: u64 = 0x6c62_272e_07bb_0142;
        for part in versions.iter().chain(parts) {
            let len = (part.len() as u64).to_le_bytes();
            for byte in len.iter().chain(part.as_bytes()) {
                a = (a ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3);
                b = (b ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3);
                b = b.rotate_left(5);
            }
        }
        format!("{a:016x}{b:016x}")
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.db"))
    }

    /// The cached image for `key`; `None` on a miss. A damaged file is removed.
    pub fn load(&self, key: &str) -> Option<Image> {
        let path = self.path(key);
        if !path.exists() {
            return None;
        }
        if check_database_file(&path).is_err() {
            let _ = std::fs::remove_file(&path);
            return None;
        }
        // Last use, for eviction; a read-only directory just keeps the old time.
        if let Ok(f) = std::fs::File::options().append(true).open(&path) {
            let _ = f.set_modified(SystemTime::now());
        }
        Image::from_file(&path).ok()
    }

    /// Offers a freshly built image: a large one is written to the cache and returned backed
    /// by its file; a small one, or any failure to write, returns it unchanged.
    pub fn store(&self, key: &str, image: Image) -> Image {
        if image.len() < self.min_bytes {
            return image;
        }
        match self.write(key, &image) {
            Ok(path) => {
                self.evict(&path);
                Image::from_file(&path).unwrap_or(image)
            }
            Err(_) => image,
        }
    }

    fn write(&self, key: &str, image: &Image) -> std::io::Result<PathBuf> {
        use std::io::Write;
        let Some(bytes) = image.bytes() else {
            return Err(std::io::Error::other("already a file"));
        };
        std::fs::create_dir_all(&self.dir)?;
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let tmp = self
            .dir
            .join(format!(".{key}.{}.{nanos}.tmp", std::process::id()));
        let written = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            // No fsync: a file cut short by a crash fails validation and is rebuilt.
            f.write_all(bytes)?;
            let path = self.path(key);
            std::fs::rename(&tmp, &path)?;
            Ok(path)
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        written
    }

    /// Keeps the directory within `max_bytes`, oldest last use first; never removes `keep`.
    fn evict(&self, keep: &Path) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let now = SystemTime::now();
        let mut files = Vec::new();
        for e in entries.flatten() {
            let path = e.path();
            let Ok(meta) = e.metadata() else { continue };
            let modified = meta.modified().unwrap_or(now);
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".tmp") {
                if now.duration_since(modified).unwrap_or_default() > STALE_TMP {
                    let _ = std::fs::remove_file(&path);
                }
            } else if name.ends_with(".db") {
                files.push((modified, meta.len(), path));
            }
        }
        let mut total: u64 = files.iter().map(|f| f.1).sum();
        files.sort();
        for (_, len, path) in files {
            if total <= self.max_bytes {
                break;
            }
            if path != keep && std::fs::remove_file(&path).is_ok() {
                total -= len;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SQL: &str = "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);
        INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c');";

    fn built() -> Image {
        Image::from_sql(SQL).unwrap()
    }

    fn count(image: &Image) -> i64 {
        image
            .open_read_only()
            .unwrap()
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap()
    }

    fn cache(dir: &Path) -> DiskCache {
        DiskCache::new(dir.to_path_buf(), 0, DiskCache::MAX_BYTES)
    }

    #[test]
    fn keys_depend_on_every_part() {
        let k = DiskCache::key(&["fixture", SQL]);
        assert_eq!(k, DiskCache::key(&["fixture", SQL]));
        assert_eq!(k.len(), 32);
        assert_ne!(k, DiskCache::key(&["fixture", "CREATE TABLE t(x)"]));
        assert_ne!(k, DiskCache::key(&["case", SQL]));
        // Length prefixes: moving text between parts changes the key.
        assert_ne!(DiskCache::key(&["ab", "c"]), DiskCache::key(&["a", "bc"]));
    }

    #[test]
    fn miss_then_hit_from_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let disk = cache(dir.path());
        let key = DiskCache::key(&["fixture", SQL]);
        assert!(disk.load(&key).is_none());
        let stored = disk.store(&key, built());
        assert!(
            stored.file().is_some(),
            "a stored image is backed by its file"
        );
        assert!(dir.path().join(format!("{key}.db")).is_file());
        let hit = disk.load(&key).expect("hit");
        assert_eq!(count(&hit), 3);
        // Copies of a file image are private and writable.
        let copy = hit.open_copy().unwrap();
        copy.execute_batch("DELETE FROM t").unwrap();
        assert_eq!(count(&hit), 3);
        // No temporary files are left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 1);
    }

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
    fn small_images_and_unwritable_directories_stay_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let small = DiskCache::new(dir.path().join("c"), 1 << 30, DiskCache::MAX_BYTES);
        assert!(small.store("k", built()).file().is_none());
        assert!(!dir.path().join("c").exists());
        // A file where the directory should be: nothing can be written.
        let blocked = dir.path().join("blocked");
        std::fs::write(&blocked, "x").unwrap();
        let disk = cache(&blocked.join("cache"));
        let image = disk.store("k", built());
        assert!(image.file().is_none());
        assert_eq!(count(&image), 3);
        assert!(disk.load("k").is_none());
    }

    #[test]
    fn eviction_keeps_the_directory_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let one = built().len() as u64;
        let disk = DiskCache::new(dir.path().to_path_buf(), 0, 2 * one);
        for i in 0..4 {
            let key = DiskCache::key(&[&i.to_string()]);
            let image = disk.store(&key, built());
            assert!(image.file().is_some());
            assert!(disk.load(&key).is_some(), "the newest file is kept");
        }
        let files = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(files, 2);
    }
}
