//! The on-disk dataset cache (`$SQLDRILL_HOME/cache`): built dataset images kept as sealed
//! SQLite files, so that a new process does not rebuild a large fixture.

use super::cache_seal::{self, Check, Seal, Stamp};
use super::checksum::Checksum;
use crate::engine::Image;
use crate::engine::image::check_database_file;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

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
/// - Bounded: after a write, the oldest files (by last use, the seal's mtime) are deleted until
///   the directory holds at most `max_bytes` (2 GiB).
/// - Sealed: beside each `<hash>.db` a `<hash>.sum` holds the checksum of its content (see
///   `cache_seal` for when it is verified). A file that does not match its seal (damaged,
///   foreign, truncated), is not a regular file (a FIFO never blocks a check), or is not a
///   whole database is deleted and rebuilt; a directory that cannot be written leaves images
///   in memory, as without a cache.
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

    fn seal_path(db: &Path) -> PathBuf {
        db.with_extension("sum")
    }

    /// The cached image for `key`; `None` on a miss. A file that fails its checks is removed.
    pub fn load(&self, key: &str) -> Option<Image> {
        let path = self.path(key);
        // `symlink_metadata` never opens the file, so a FIFO cannot block here.
        let meta = fs::symlink_metadata(&path).ok()?;
        let seal_path = DiskCache::seal_path(&path);
        let good = meta.is_file()
            && match cache_seal::check(&path, Seal::read(&seal_path)) {
                Check::Trusted => true,
                // Recorded so that the next open need not read it again (best effort).
                Check::Verified(seal) => {
                    let _ = self.write_seal(key, &seal);
                    true
                }
                Check::Bad => false,
            }
            && check_database_file(&path).is_ok();
        if !good {
            DiskCache::discard(&path);
            return None;
        }
        // Last use, for eviction, on the seal: the database file itself is never touched.
        if let Ok(f) = fs::File::options().write(true).open(&seal_path) {
            let _ = f.set_modified(SystemTime::now());
        }
        Image::from_file(&path).ok()
    }

    /// Removes a cache file and its seal (a damaged or foreign file, or one evicted).
    pub fn discard(db: &Path) {
        let _ = fs::remove_file(db);
        let _ = fs::remove_file(DiskCache::seal_path(db));
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

    /// A temporary file name in the cache directory, unique to this process and moment.
    fn temp_path(&self, key: &str, what: &str) -> PathBuf {
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let pid = std::process::id();
        self.dir.join(format!(".{key}.{what}.{pid}.{nanos}.tmp"))
    }

    /// Writes `seal` for `key` atomically.
    fn write_seal(&self, key: &str, seal: &Seal) -> io::Result<()> {
        let tmp = self.temp_path(key, "sum");
        let written = fs::write(&tmp, seal.render())
            .and_then(|()| fs::rename(&tmp, DiskCache::seal_path(&self.path(key))));
        if written.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        written
    }

    /// The seal goes in first: a reader that finds the new seal with an older file sees a
    /// mismatch and rebuilds, never a wrong hit.
    fn write(&self, key: &str, image: &Image) -> io::Result<PathBuf> {
        let Some(bytes) = image.bytes() else {
            return Err(io::Error::other("already a file"));
        };
        fs::create_dir_all(&self.dir)?;
        let tmp = self.temp_path(key, "db");
        let path = self.path(key);
        let written = (|| {
            let mut f = fs::File::create(&tmp)?;
            // No fsync: a file cut short by a crash fails its seal and is rebuilt.
            f.write_all(bytes)?;
            let mut seal = Seal {
                sum: Checksum::of(bytes),
                len: bytes.len() as u64,
                verified: Stamp::of(&f.metadata()?),
            };
            self.write_seal(key, &seal)?;
            fs::rename(&tmp, &path)?;
            // The rename changed the file's ctime: record the identity it has now, so the
            // next process trusts it without reading it (if this fails, it reads it once).
            if let Ok(meta) = fs::symlink_metadata(&path) {
                seal.verified = Stamp::of(&meta);
                let _ = self.write_seal(key, &seal);
            }
            Ok(path)
        })();
        if written.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        written
    }

    /// Keeps the directory within `max_bytes`, oldest last use first; never removes `keep`.
    fn evict(&self, keep: &Path) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
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
                    let _ = fs::remove_file(&path);
                }
            } else if name.ends_with(".db") {
                let used = fs::symlink_metadata(DiskCache::seal_path(&path))
                    .and_then(|m| m.modified())
                    .unwrap_or(modified);
                files.push((used, meta.len(), path));
            }
        }
        let mut total: u64 = files.iter().map(|f| f.1).sum();
        files.sort();
        for (_, len, path) in files {
            if total <= self.max_bytes {
                break;
            }
            if path != keep && fs::remove_file(&path).is_ok() {
                let _ = fs::remove_file(DiskCache::seal_path(&path));
                total -= len;
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A three-row table; also used by the dataset cache's tests.
    pub(crate) const SQL: &str = "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);
        INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c');";

    pub(crate) fn built() -> Image {
        Image::from_sql(SQL).unwrap()
    }

    pub(crate) fn count(image: &Image) -> i64 {
        image
            .open_read_only()
            .unwrap()
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap()
    }

    pub(crate) fn cache(dir: &Path) -> DiskCache {
        DiskCache::new(dir.to_path_buf(), 0, DiskCache::MAX_BYTES)
    }

    /// A stored image's file, written with the cache's seal.
    fn stored(disk: &DiskCache, key: &str) -> PathBuf {
        disk.store(key, built()).file().unwrap().to_path_buf()
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
        // The file and its seal; no temporary files are left behind.
        let mut names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [format!("{key}.db"), format!("{key}.sum")]);
    }

    #[test]
    fn a_flipped_byte_is_a_miss_and_the_file_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let disk = cache(dir.path());
        let path = stored(&disk, "k");
        let mut bytes = fs::read(&path).unwrap();
        // Inside the table's page: still a well-formed database, with other data.
        let at = bytes.len() - 20;
        bytes[at] ^= 0x01;
        std::thread::sleep(Duration::from_millis(20));
        fs::write(&path, &bytes).unwrap();
        assert!(disk.load("k").is_none());
        assert!(!path.exists() && !DiskCache::seal_path(&path).exists());
    }

    #[test]
    fn a_foreign_database_under_a_cache_name_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let disk = cache(dir.path());
        let path = stored(&disk, "k");
        let other = Image::from_sql("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);").unwrap();
        std::thread::sleep(Duration::from_millis(20));
        fs::write(&path, other.bytes().unwrap()).unwrap();
        assert!(check_database_file(&path).is_ok(), "a valid database");
        assert!(disk.load("k").is_none());
        assert!(!path.exists());
    }

    #[test]
    fn a_file_without_its_seal_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let disk = cache(dir.path());
        let path = stored(&disk, "k");
        fs::remove_file(DiskCache::seal_path(&path)).unwrap();
        assert!(disk.load("k").is_none());
        assert!(!path.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_under_a_cache_name_never_blocks() {
        let dir = tempfile::tempdir().unwrap();
        let disk = cache(dir.path());
        let path = disk.path("k");
        let made = std::process::Command::new("mkfifo").arg(&path).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("skipped: no mkfifo");
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let d = disk.clone();
        std::thread::spawn(move || {
            let _ = tx.send(d.load("k").is_none());
        });
        let missed = rx.recv_timeout(Duration::from_secs(30));
        if missed.is_err() {
            // Unblock the reader so the test process can end.
            let _ = fs::OpenOptions::new().write(true).open(&path);
        }
        assert_eq!(missed, Ok(true), "load must not block on a FIFO");
        assert!(fs::symlink_metadata(&path).is_err(), "the FIFO is removed");
        assert!(stored(&disk, "k").is_file());
    }

    #[test]
    fn a_verified_file_is_trusted_afterwards() {
        let dir = tempfile::tempdir().unwrap();
        let disk = cache(dir.path());
        let path = stored(&disk, "k");
        let meta = fs::symlink_metadata(&path).unwrap();
        let seal = Seal::read(&DiskCache::seal_path(&path)).unwrap();
        assert_eq!(seal.verified, Stamp::of(&meta), "recorded after the rename");
        assert!(disk.load("k").is_some());
    }

    #[test]
    fn small_images_and_unwritable_directories_stay_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let small = DiskCache::new(dir.path().join("c"), 1 << 30, DiskCache::MAX_BYTES);
        assert!(small.store("k", built()).file().is_none());
        assert!(!dir.path().join("c").exists());
        // A file where the directory should be: nothing can be written.
        let blocked = dir.path().join("blocked");
        fs::write(&blocked, "x").unwrap();
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
        let dbs = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".db"))
            .count();
        let seals = fs::read_dir(dir.path()).unwrap().count() - dbs;
        assert_eq!((dbs, seals), (2, 2));
    }
}
