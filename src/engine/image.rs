//! Database images. A fixture is built once per process from its SQL; every dataset is a copy
//! made with SQLite's serialize/deserialize, never by re-running SQL. An image lives in memory
//! (`Image::from_sql`, `patched`, `reversed`) or in an immutable file of the on-disk dataset
//! cache (`Image::from_file`, see `grade::datasets`). A read-only sandbox opens a file image in
//! place (`immutable=1`, memory-mapped), so a query exercise on a 1,000,000-row dataset copies
//! nothing; anything that writes gets a private in-memory copy.

use super::error::EngineError;
use super::sandbox::memory_flags;
use rusqlite::{Connection, MAIN_DB, OpenFlags};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// An immutable database image; cloning shares the bytes (or the file).
#[derive(Clone)]
pub struct Image(Arc<Store>);

enum Store {
    Bytes(Vec<u8>),
    /// A complete database file that nobody modifies in place (written once, then renamed
    /// into place); `len` is its size when it was validated.
    File {
        path: PathBuf,
        len: usize,
    },
}

/// Settings for the trusted connections that build images: sorts (CREATE INDEX) stay in
/// memory and may use a second core. `bench/compare.sh` gives the sqlite3 shell the same.
pub const BUILD_PRAGMAS: &str = "PRAGMA temp_store = MEMORY; PRAGMA threads = 2;";

/// Time budget for building one image from catalog SQL (a fixture, a hidden case's patch, a
/// variant). Catalog SQL is trusted to be correct, not to be finite: `--exercises DIR` may
/// hold a recursive CTE without an end. The largest built-in fixture builds in about 2 s.
pub const BUILD_BUDGET: Duration = Duration::from_secs(30);

/// [`BUILD_BUDGET`], or `SQLDRILL_BUILD_TIMEOUT` seconds (0.05 to 3600).
pub fn build_budget() -> Duration {
    std::env::var("SQLDRILL_BUILD_TIMEOUT")
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| (0.05..=3600.0).contains(s))
        .map_or(BUILD_BUDGET, Duration::from_secs_f64)
}

/// Stops `conn`'s statements once the build budget, counted from now, is spent.
fn arm_budget(conn: &mut Connection) -> Result<(), EngineError> {
    let deadline = Instant::now() + build_budget();
    conn.progress_handler(1000, Some(move || Instant::now() >= deadline))?;
    Ok(())
}

/// Says which budget ran out: an interrupted build is the build budget.
fn within_budget<T>(result: Result<T, EngineError>) -> Result<T, EngineError> {
    result.map_err(|e| match e {
        EngineError::Timeout(_) => EngineError::Sql(format!(
            "building this dataset took longer than its time budget of {:.1} s \
             (SQLDRILL_BUILD_TIMEOUT); does a recursive CTE never end?",
            build_budget().as_secs_f64()
        )),
        other => other,
    })
}

impl Image {
    /// Builds an image by running trusted SQL (a fixture) on an empty database, within the
    /// build budget.
    pub fn from_sql(sql: &str) -> Result<Image, EngineError> {
        within_budget((|| {
            let mut conn = build_connection()?;
            conn.execute_batch(sql)?;
            Image::capture(&mut conn)
        })())
    }

    pub fn capture(conn: &mut Connection) -> Result<Image, EngineError> {
        let data = conn.serialize(MAIN_DB)?;
        Ok(Image(Arc::new(Store::Bytes(data.to_vec()))))
    }

    /// An image backed by a database file that is never modified in place. The file must be
    /// a whole SQLite database (see [`check_database_file`]).
    pub fn from_file(path: &Path) -> Result<Image, EngineError> {
        let len = check_database_file(path).map_err(EngineError::Sql)?;
        Ok(Image(Arc::new(Store::File {
            path: path.to_path_buf(),
            len,
        })))
    }

    /// Identifies this image (and its clones) while it is alive.
    pub fn id(&self) -> usize {
        Arc::as_ptr(&self.0) as usize
    }

    pub fn len(&self) -> usize {
        match &*self.0 {
            Store::Bytes(b) => b.len(),
            Store::File { len, .. } => *len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The in-memory bytes, or `None` for a file image.
    pub fn bytes(&self) -> Option<&[u8]> {
        match &*self.0 {
            Store::Bytes(b) => Some(b),
            Store::File { .. } => None,
        }
    }

    /// The backing file, for a file image.
    pub fn file(&self) -> Option<&Path> {
        match &*self.0 {
            Store::Bytes(_) => None,
            Store::File { path, .. } => Some(path),
        }
    }

    /// A fresh, writable, private in-memory copy.
    pub fn open_copy(&self) -> Result<Connection, EngineError> {
        let mut conn = Connection::open_with_flags(":memory:", memory_flags())?;
        match &*self.0 {
            Store::Bytes(b) => conn.deserialize_read_exact(MAIN_DB, &b[..], b.len(), false)?,
            Store::File { path, len } => {
                let file = std::fs::File::open(path)
                    .map_err(|e| EngineError::Sql(format!("{}: {e}", path.display())))?;
                conn.deserialize_read_exact(MAIN_DB, file.take(*len as u64), *len, false)?
            }
        }
        Ok(conn)
    }

    /// A connection that only reads. A file image is opened in place (read-only, immutable,
    /// memory-mapped): nothing is copied, and only the pages a query touches are read. An
    /// in-memory image is copied, as for [`Image::open_copy`].
    pub fn open_read_only(&self) -> Result<Connection, EngineError> {
        match &*self.0 {
            Store::Bytes(_) => self.open_copy(),
            Store::File { path, len } => {
                let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
                    | OpenFlags::SQLITE_OPEN_URI
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX;
                let conn = Connection::open_with_flags(file_uri(path, "ro"), flags)?;
                // Trusted setting, made before the sandbox installs its authorizer.
                conn.execute_batch(&format!("PRAGMA mmap_size = {len}"))?;
                Ok(conn)
            }
        }
    }

    /// A copy with trusted SQL (a hidden case's patch) applied, within the build budget.
    pub fn patched(&self, patch: &str) -> Result<Image, EngineError> {
        within_budget((|| {
            let mut conn = self.open_copy()?;
            arm_budget(&mut conn)?;
            conn.execute_batch(BUILD_PRAGMAS)?;
            conn.execute_batch(patch)?;
            Image::capture(&mut conn)
        })())
    }

    /// The same rows stored in reverse order (DESIGN.md: automatic variants). With
    /// `unalias_rowid`, `INTEGER PRIMARY KEY` columns are redeclared `INT PRIMARY KEY` so the
    /// table is no longer stored by id and storage order really reverses; ids are unchanged.
    ///
    /// The rows move inside SQLite (`INSERT INTO main.t SELECT * FROM src.t ORDER BY rowid
    /// DESC`, with this image attached as `src`), never through Rust one by one, and indexes
    /// are created after the rows, each with one sort.
    pub fn reversed(&self, unalias_rowid: bool) -> Result<Image, EngineError> {
        within_budget(self.reversed_unbounded(unalias_rowid))
    }

    fn reversed_unbounded(&self, unalias_rowid: bool) -> Result<Image, EngineError> {
        let mut dst = build_connection()?;
        match &*self.0 {
            Store::Bytes(b) => {
                dst.execute_batch("ATTACH ':memory:' AS src")?;
                dst.deserialize_read_exact("src", &b[..], b.len(), true)?;
            }
            Store::File { path, .. } => {
                dst.execute("ATTACH ?1 AS src", [file_uri(path, "ro")])?;
            }
        }
        let objects: Vec<(String, String, String)> = dst
            .prepare(
                "SELECT type, name, sql FROM src.sqlite_schema \
                 WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' \
                 ORDER BY type <> 'table', rowid",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        // Rows are copied table by table, so references may point forward for a moment.
        dst.execute_batch("PRAGMA foreign_keys = OFF; BEGIN")?;
        for (kind, name, sql) in &objects {
            if kind != "table" {
                dst.execute_batch(sql)?;
                continue;
            }
            let create = if unalias_rowid {
                unalias_integer_pk(&dst, name, sql).unwrap_or_else(|| sql.clone())
            } else {
                sql.clone()
            };
            if dst.execute_batch(&create).is_err() {
                dst.execute_batch(sql)?;
            }
            copy_reversed(&dst, name)?;
        }
        dst.execute_batch("COMMIT; DETACH src")?;
        Image::capture(&mut dst)
    }
}

/// A connection for building images from trusted SQL, under the build budget.
fn build_connection() -> Result<Connection, EngineError> {
    let mut conn = Connection::open_with_flags(":memory:", memory_flags())?;
    arm_budget(&mut conn)?;
    conn.execute_batch(BUILD_PRAGMAS)?;
    Ok(conn)
}

/// `file:` URI for `path` (RFC 3986 escaping of everything but unreserved bytes and `/`),
/// opened immutable: SQLite takes no locks and trusts that the file never changes, which the
/// dataset cache guarantees (files are renamed into place and never rewritten).
fn file_uri(path: &Path, mode: &str) -> String {
    let raw = path.to_string_lossy();
    let mut out = String::from("file:");
    for b in raw.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.push_str(&format!("?mode={mode}&immutable=1"));
    out
}

/// Checks that `path` holds a whole SQLite database: the magic string, a valid page size, and
/// a length equal to page size x page count from the header. Catches truncated, empty and
/// foreign files without reading the pages. Returns the length. Only a regular file is
/// opened: a FIFO would block.
pub fn check_database_file(path: &Path) -> Result<usize, String> {
    let bad = |why: &str| format!("{}: {why}", path.display());
    let regular = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file());
    if !regular {
        return Err(bad("not a regular file"));
    }
    let mut f = std::fs::File::open(path).map_err(|e| bad(&e.to_string()))?;
    let meta = f.metadata().map_err(|e| bad(&e.to_string()))?;
    if !meta.is_file() {
        return Err(bad("not a regular file"));
    }
    let len = meta.len();
    let mut header = [0u8; 100];
    f.read_exact(&mut header)
        .map_err(|_| bad("shorter than a database header"))?;
    if &header[..16] != b"SQLite format 3\0" {
        return Err(bad("not a SQLite database"));
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65536,
        n if n >= 512 && n.is_power_of_two() => u64::from(n),
        _ => return Err(bad("bad page size")),
    };
    let pages = u64::from(u32::from_be_bytes([
        header[28], header[29], header[30], header[31],
    ]));
    // The in-header size is valid when the change counter matches "version valid for".
    if header[24..28] != header[92..96] || pages == 0 || pages * page_size != len {
        return Err(bad("size does not match its header (truncated?)"));
    }
    usize::try_from(len).map_err(|_| bad("too large"))
}

/// Rewrites a table's CREATE statement (of `src.table`) so its rowid-alias key becomes an
/// ordinary key.
fn unalias_integer_pk(src: &Connection, table: &str, sql: &str) -> Option<String> {
    let pk: Vec<(String, String)> = src
        .prepare("SELECT name, type FROM pragma_table_info(?1, 'src') WHERE pk > 0")
        .ok()?
        .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))
        .ok()?
        .collect::<Result<_, _>>()
        .ok()?;
    if pk.len() != 1 || !pk[0].1.eq_ignore_ascii_case("INTEGER") {
        return None;
    }
    if sql.to_ascii_uppercase().contains("AUTOINCREMENT") {
        return None;
    }
    let column = &pk[0].0;
    // Find `<column> INTEGER` at the start of a column definition and change the type only.
    let upper = sql.to_ascii_uppercase();
    let col_upper = column.to_ascii_uppercase();
    let mut search = 0;
    while let Some(pos) = upper[search..].find(&col_upper) {
        let at = search + pos;
        let before = upper[..at].trim_end();
        let after = &upper[at + col_upper.len()..];
        let boundary = before.ends_with('(') || before.ends_with(',');
        let trimmed = after.trim_start();
        if boundary && trimmed.starts_with("INTEGER") {
            let type_at = at + col_upper.len() + (after.len() - trimmed.len());
            let mut out = String::with_capacity(sql.len());
            out.push_str(&sql[..type_at]);
            out.push_str("INT");
            out.push_str(&sql[type_at + "INTEGER".len()..]);
            return Some(out);
        }
        search = at + col_upper.len();
    }
    None
}

fn copy_reversed(dst: &Connection, table: &str) -> Result<(), EngineError> {
    let quoted = format!("\"{}\"", table.replace('"', "\"\""));
    // WITHOUT ROWID tables have no rowid; they are stored by key whatever the insertion order.
    let ordered =
        format!("INSERT INTO main.{quoted} SELECT * FROM src.{quoted} ORDER BY rowid DESC");
    if dst.execute_batch(&ordered).is_err() {
        dst.execute_batch(&format!(
            "INSERT INTO main.{quoted} SELECT * FROM src.{quoted}"
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL);
        INSERT INTO t VALUES (1,'a'),(2,'b'),(3,'c');
        CREATE TABLE p(a INT, b INT, PRIMARY KEY (a, b));
        INSERT INTO p VALUES (1,1),(1,2),(2,1);
        CREATE INDEX t_name ON t(name);";

    fn scan(image: &Image, sql: &str) -> Vec<i64> {
        let conn = image.open_copy().unwrap();
        let mut st = conn.prepare(sql).unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn copies_are_independent() {
        let base = Image::from_sql(FIXTURE).unwrap();
        let copy = base.open_copy().unwrap();
        copy.execute_batch("DELETE FROM t").unwrap();
        assert_eq!(scan(&base, "SELECT count(*) FROM t"), vec![3]);
    }

    #[test]
    fn patch_applies_to_a_copy_only() {
        let base = Image::from_sql(FIXTURE).unwrap();
        let patched = base.patched("DELETE FROM t WHERE id = 2").unwrap();
        assert_eq!(scan(&patched, "SELECT id FROM t"), vec![1, 3]);
        assert_eq!(scan(&base, "SELECT id FROM t"), vec![1, 2, 3]);
    }

    #[test]
    fn reversed_changes_scan_order_but_not_ids() {
        let base = Image::from_sql(FIXTURE).unwrap();
        let rev = base.reversed(true).unwrap();
        assert_eq!(scan(&base, "SELECT id FROM t NOT INDEXED"), vec![1, 2, 3]);
        assert_eq!(scan(&rev, "SELECT id FROM t NOT INDEXED"), vec![3, 2, 1]);
        assert_eq!(
            scan(&rev, "SELECT a * 10 + b FROM p NOT INDEXED"),
            vec![21, 12, 11]
        );
        // Indexes survive.
        assert_eq!(
            scan(
                &rev,
                "SELECT count(*) FROM sqlite_schema WHERE name = 't_name'"
            ),
            vec![1]
        );
    }

    #[test]
    fn reversed_without_unaliasing_keeps_rowid_tables_in_id_order() {
        let base = Image::from_sql(FIXTURE).unwrap();
        let rev = base.reversed(false).unwrap();
        assert_eq!(scan(&rev, "SELECT id FROM t NOT INDEXED"), vec![1, 2, 3]);
        assert_eq!(
            scan(&rev, "SELECT a * 10 + b FROM p NOT INDEXED"),
            vec![21, 12, 11]
        );
    }
}
