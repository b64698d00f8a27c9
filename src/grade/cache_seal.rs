//! The seal beside each file of the dataset cache (`<key>.sum` next to `<key>.db`): the
//! checksum and length of the content as written, and the file's identity (mtime, ctime,
//! inode) when that checksum was last verified against it.
//!
//! Why verify this way: reading the whole 80 MB `articles` file on every `check` would cost more
//! than the query it grades (a keyset page touches a few pages of a memory-mapped file). So the
//! full checksum is read once, when the file is new to us or its identity changed, and the
//! verification is recorded in the seal; a later open whose length, mtime, ctime and inode all
//! match the seal costs two `stat`s. Anything that rewrites the file through the file system (another
//! program, a copy, a partial write) changes its ctime (or inode) and so is checked in full.
//! Damage that changes neither (a bad disk sector) is caught where it shows: SQLite reports
//! the database as malformed, and the grader then rebuilds the file and grades again (see
//! `Grader::grade`), so the learner is never blamed for it.

use super::checksum::Checksum;
use std::fs;
use std::io::{self, Read};
use std::path::Path;
use std::time::UNIX_EPOCH;

const MAGIC: &str = "sqldrill-cache-seal-1";
/// A seal is one short line; anything longer is not one.
const MAX_SEAL_BYTES: u64 = 256;

/// A file's identity: it changes whenever the file is rewritten or replaced. The change time
/// is in it because, unlike the mtime, no program can set it back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    mtime_ns: u128,
    ctime_ns: i128,
    ino: u64,
}

impl Stamp {
    pub fn of(meta: &fs::Metadata) -> Stamp {
        let mtime_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        #[cfg(unix)]
        let (ctime_ns, ino) = {
            use std::os::unix::fs::MetadataExt;
            let ctime = i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec());
            (ctime, meta.ino())
        };
        #[cfg(not(unix))]
        let (ctime_ns, ino) = (0, 0);
        Stamp {
            mtime_ns,
            ctime_ns,
            ino,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seal {
    pub sum: u64,
    pub len: u64,
    /// The file's identity when `sum` was last verified against its content.
    pub verified: Stamp,
}

impl Seal {
    pub fn render(&self) -> String {
        let v = &self.verified;
        format!(
            "{MAGIC} {:016x} {} {} {} {}\n",
            self.sum, self.len, v.mtime_ns, v.ctime_ns, v.ino
        )
    }

    pub fn parse(text: &str) -> Option<Seal> {
        let mut it = text.split_ascii_whitespace();
        if it.next()? != MAGIC {
            return None;
        }
        let sum = u64::from_str_radix(it.next()?, 16).ok()?;
        let len = it.next()?.parse().ok()?;
        let mtime_ns = it.next()?.parse().ok()?;
        let ctime_ns = it.next()?.parse().ok()?;
        let ino = it.next()?.parse().ok()?;
        let verified = Stamp {
            mtime_ns,
            ctime_ns,
            ino,
        };
        it.next().is_none().then_some(Seal { sum, len, verified })
    }

    /// Reads a seal; only a small regular file (never a FIFO or a symlink) is opened.
    pub fn read(path: &Path) -> Option<Seal> {
        let meta = fs::symlink_metadata(path).ok()?;
        if !meta.is_file() || meta.len() > MAX_SEAL_BYTES {
            return None;
        }
        Seal::parse(&fs::read_to_string(path).ok()?)
    }
}

/// How a cache file compares with its seal.
#[derive(Debug, PartialEq, Eq)]
pub enum Check {
    /// Verified earlier and unchanged since.
    Trusted,
    /// Its content was read in full and matches; the seal should record this verification.
    Verified(Seal),
    /// Not the content the seal describes (or no seal, or not a regular file).
    Bad,
}

/// Compares the file at `path` with `seal` (see the module documentation for when its
/// content is read).
pub fn check(path: &Path, seal: Option<Seal>) -> Check {
    let Some(seal) = seal else {
        return Check::Bad;
    };
    let Ok(meta) = fs::symlink_metadata(path) else {
        return Check::Bad;
    };
    if !meta.is_file() || meta.len() != seal.len {
        return Check::Bad;
    }
    let stamp = Stamp::of(&meta);
    if stamp == seal.verified {
        return Check::Trusted;
    }
    match checksum_file(path) {
        Ok(sum) if sum == seal.sum => Check::Verified(Seal {
            verified: stamp,
            ..seal
        }),
        _ => Check::Bad,
    }
}

/// The checksum of a regular file's content, read in one pass.
fn checksum_file(path: &Path) -> io::Result<u64> {
    let mut f = fs::File::open(path)?;
    if !f.metadata()?.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    let mut sum = Checksum::default();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        match f.read(&mut buf) {
            Ok(0) => return Ok(sum.finish()),
            Ok(n) => sum.update(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealed(path: &Path, bytes: &[u8]) -> Seal {
        fs::write(path, bytes).unwrap();
        Seal {
            sum: Checksum::of(bytes),
            len: bytes.len() as u64,
            verified: Stamp::of(&fs::metadata(path).unwrap()),
        }
    }

    #[test]
    fn renders_and_parses() {
        let s = Seal {
            sum: 0xdead_beef,
            len: 42,
            verified: Stamp {
                mtime_ns: 1_700_000_000_123_456_789,
                ctime_ns: -5,
                ino: 77,
            },
        };
        assert_eq!(Seal::parse(&s.render()), Some(s));
        assert_eq!(Seal::parse("other 1 2 3 4"), None);
        assert_eq!(Seal::parse(&format!("{} 5", s.render().trim())), None);
    }

    #[test]
    fn unchanged_files_are_trusted_and_changed_ones_read_in_full() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        let seal = sealed(&path, b"0123456789abcdef");
        assert_eq!(check(&path, Some(seal)), Check::Trusted);
        // Same content written again: a new mtime, so verified in full, and it matches.
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(&path, b"0123456789abcdef").unwrap();
        let Check::Verified(again) = check(&path, Some(seal)) else {
            panic!("expected a full verification");
        };
        assert_eq!(check(&path, Some(again)), Check::Trusted);
        // One byte flipped, length the same.
        fs::write(&path, b"0123456789abcdeF").unwrap();
        assert_eq!(check(&path, Some(seal)), Check::Bad);
        assert_eq!(check(&path, None), Check::Bad);
    }
}
