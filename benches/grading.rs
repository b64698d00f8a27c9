//! Grading speed (issue: performance). Run with `cargo bench`; compare against the sqlite3
//! shell with `bench/compare.sh`.

use criterion::{Criterion, criterion_group, criterion_main};
use sqldrill::catalog::Catalog;
use sqldrill::engine::{Caps, Image};
use sqldrill::grade::{Grader, verify};
use sqldrill::lang::Lang;
use std::hint::black_box;

const ANSWER_05: &str = "SELECT s.name, t.total FROM student s JOIN (SELECT student_id, SUM(score) AS total \
    FROM score GROUP BY student_id) t ON t.student_id = s.id WHERE t.total = (SELECT MAX(total) FROM \
    (SELECT SUM(score) AS total FROM score GROUP BY student_id) WHERE total < (SELECT MAX(total) FROM \
    (SELECT SUM(score) AS total FROM score GROUP BY student_id)))";

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
    }
    group.finish();
}

fn checks(c: &mut Criterion) {
    let catalog = Catalog::builtin().unwrap();
    let mut group = c.benchmark_group("check");
    group.sample_size(10);
    for (id, answer) in [
        ("exercise-05", ANSWER_05.to_string()),
        ("exercise-09", catalog.find("9").unwrap().solution.clone()),
    ] {
        let ex = catalog.find(id).unwrap();
        // Cold: a fresh process's work (fixture build, datasets, reference, answer).
        group.bench_function(format!("{id} cold"), |b| {
            b.iter(|| {
                let g = Grader::new(&catalog, Caps::default(), Lang::En);
                assert!(g.grade(ex, &answer).unwrap().passed());
            })
        });
        // Warm: the REPL's repeated `.check`, paying only for the answer.
        let g = Grader::new(&catalog, Caps::default(), Lang::En);
        group.bench_function(format!("{id} warm"), |b| {
            b.iter(|| assert!(g.grade(ex, &answer).unwrap().passed()))
        });
    }
    group.finish();
}

fn verify_all(c: &mut Criterion) {
    let catalog = Catalog::builtin().unwrap();
    let all: Vec<_> = catalog.exercises.iter().collect();
    let mut group = c.benchmark_group("verify");
    group.sample_size(10);
    for workers in [1, 2] {
        group.bench_function(format!("catalog, {workers} threads"), |b| {
            b.iter(|| {
                let g = Grader::new(&catalog, Caps::default(), Lang::En);
                assert!(verify::verify(&g, &all, workers).iter().all(|c| c.ok));
            })
        });
    }
    group.finish();
}

criterion_group!(benches, catalog, fixtures, checks, verify_all);
criterion_main!(benches);
