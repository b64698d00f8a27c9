//! Grading speed (issue 6: performance). Run with `cargo bench`; compare against the sqlite3
//! shell with `bench/compare.sh`. README.md § Performance quotes the figures.
//!
//! Every grader here uses a private dataset cache directory (a temp dir), filled by the first
//! iteration: "cold" is a new process's work with that cache warm (as for every `check` after
//! the first), "no disk cache" builds every image in memory, "warm" is the REPL's repeated
//! `.check` in one process.

use criterion::{Criterion, criterion_group, criterion_main};
use rusqlite::{Connection, OpenFlags};
use sqldrill::catalog::{Catalog, Exercise};
use sqldrill::engine::{Caps, Image};
use sqldrill::grade::datasets::DiskCache;
use sqldrill::grade::{Grader, verify};
use sqldrill::lang::Lang;
use std::hint::black_box;
use std::path::Path;

const ANSWER_05: &str = "SELECT s.name, t.total FROM student s JOIN (SELECT student_id, SUM(score) AS total \
    FROM score GROUP BY student_id) t ON t.student_id = s.id WHERE t.total = (SELECT MAX(total) FROM \
    (SELECT SUM(score) AS total FROM score GROUP BY student_id) WHERE total < (SELECT MAX(total) FROM \
    (SELECT SUM(score) AS total FROM score GROUP BY student_id)))";

/// exercise-20's page-number answer: right on `base`, fails on `new-articles`.
const DEEP_OFFSET_20: &str = "SELECT id, title, published_at FROM article \
    ORDER BY published_at DESC, id DESC LIMIT 10 OFFSET 399180";

fn disk(dir: &Path) -> Option<DiskCache> {
    Some(DiskCache::new(
        dir.to_path_buf(),
        DiskCache::MIN_BYTES,
        DiskCache::MAX_BYTES,
    ))
}

fn grader<'a>(catalog: &'a Catalog, dir: Option<&Path>) -> Grader<'a> {
    Grader::with_disk_cache(catalog, Caps::default(), Lang::En, dir.and_then(disk))
}

fn catalog(c: &mut Criterion) {
    c.bench_function("catalog load", |b| {
        b.iter(|| black_box(Catalog::builtin().unwrap()))
    });
}

fn fixtures(c: &mut Criterion) {
    let catalog = Catalog::builtin().unwrap();
    let mut group = c.benchmark_group("fixture");
    group.sample_size(10);
    for name in ["school", "articles"] {
        let sql = &catalog.fixtures[name];
        group.bench_function(format!("build {name}"), |b| {
            b.iter(|| black_box(Image::from_sql(sql).unwrap()))
        });
        let image = Image::from_sql(sql).unwrap();
        group.bench_function(format!("copy {name}"), |b| {
            b.iter(|| black_box(image.open_copy().unwrap()))
        });
        group.bench_function(format!("reversed {name}"), |b| {
            b.iter(|| black_box(image.reversed(true).unwrap()))
        });
    }
    // A dataset from the disk cache: validate the file, open it read-only in place.
    let dir = tempfile::tempdir().unwrap();
    let cache = disk(dir.path()).unwrap();
    let key = DiskCache::key(&["bench"]);
    let image = cache.store(
        &key,
        Image::from_sql(&catalog.fixtures["articles"]).unwrap(),
    );
    group.bench_function("open cached articles read-only", |b| {
        b.iter(|| {
            let image = cache.load(&key).unwrap();
            black_box(image.open_read_only().unwrap())
        })
    });
    group.bench_function("patch articles (one hidden case)", |b| {
        b.iter(|| {
            black_box(
                image
                    .patched("DELETE FROM article WHERE id = 926205")
                    .unwrap(),
            )
        })
    });
    group.finish();
}

fn checks(c: &mut Criterion) {
    let catalog = Catalog::builtin().unwrap();
    let mut group = c.benchmark_group("check");
    group.sample_size(10);
    let dir = tempfile::tempdir().unwrap();
    let solution_20 = catalog.find("20").unwrap().solution.clone();
    for (id, label, answer, pass) in [
        ("exercise-05", "", ANSWER_05, true),
        ("exercise-20", " keyset", solution_20.as_str(), true),
        ("exercise-20", " deep offset", DEEP_OFFSET_20, false),
    ] {
        let ex = catalog.find(id).unwrap();
        // Fill the disk cache (the articles datasets) outside the measurement.
        let _ = grader(&catalog, Some(dir.path()))
            .grade(ex, answer)
            .unwrap();
        // Cold: a fresh process's work (datasets from the disk cache, reference, answer).
        group.bench_function(format!("{id}{label} cold"), |b| {
            b.iter(|| {
                let g = grader(&catalog, Some(dir.path()));
                assert_eq!(g.grade(ex, answer).unwrap().passed(), pass);
            })
        });
        // Warm: the REPL's repeated `.check`, paying only for the answer.
        let g = grader(&catalog, Some(dir.path()));
        group.bench_function(format!("{id}{label} warm"), |b| {
            b.iter(|| assert_eq!(g.grade(ex, answer).unwrap().passed(), pass))
        });
        if id == "exercise-05" {
            group.bench_function(format!("{id} cold, no disk cache"), |b| {
                b.iter(|| {
                    let g = grader(&catalog, None);
                    assert!(g.grade(ex, answer).unwrap().passed());
                })
            });
        } else {
            // The floor: the same SQLite running the reference and the answer alone on the
            // datasets the check ran, opened the same way.
            let g = grader(&catalog, Some(dir.path()));
            let v = g.grade(ex, answer).unwrap();
            let ran = v.datasets.iter().filter(|d| d.status != not_run()).count();
            let files: Vec<_> = g.datasets(ex).unwrap()[..ran]
                .iter()
                .map(|d| d.image.file().unwrap().to_path_buf())
                .collect();
            group.bench_function(format!("{id}{label} SQLite alone"), |b| {
                b.iter(|| {
                    for f in &files {
                        sqlite_alone(f, &ex.solution);
                        sqlite_alone(f, answer);
                    }
                })
            });
        }
    }
    group.finish();
}

fn not_run() -> sqldrill::grade::verdict::DatasetStatus {
    sqldrill::grade::verdict::DatasetStatus::NotRun
}

/// One statement on a dataset file, every row read: what SQLite itself must do.
fn sqlite_alone(path: &Path, sql: &str) {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).unwrap();
    let len = std::fs::metadata(path).unwrap().len();
    conn.execute_batch(&format!("PRAGMA mmap_size = {len}"))
        .unwrap();
    let mut stmt = conn.prepare(sql.trim().trim_end_matches(';')).unwrap();
    let n = stmt.column_count();
    let mut rows = stmt.query([]).unwrap();
    while let Some(row) = rows.next().unwrap() {
        for i in 0..n {
            black_box(row.get_ref(i).unwrap());
        }
    }
}

fn verify_all(c: &mut Criterion) {
    let catalog = Catalog::builtin().unwrap();
    let all: Vec<&Exercise> = catalog.exercises.iter().collect();
    let dir = tempfile::tempdir().unwrap();
    // Fill the disk cache outside the measurement.
    verify::verify(&grader(&catalog, Some(dir.path())), &all, 2);
    let mut group = c.benchmark_group("verify");
    group.sample_size(10);
    for workers in [1, 2] {
        group.bench_function(format!("catalog, {workers} threads"), |b| {
            b.iter(|| {
                let g = grader(&catalog, Some(dir.path()));
                assert!(verify::verify(&g, &all, workers).iter().all(|c| c.ok));
            })
        });
    }
    group.finish();
}

criterion_group!(benches, catalog, fixtures, checks, verify_all);
criterion_main!(benches);
