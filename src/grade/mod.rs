//! Grading: datasets, comparison, structural rules and feedback (DESIGN.md § Grading).

pub mod analyze;
mod cache_seal;
mod checksum;
pub mod compare;
pub mod datasets;
pub mod disk_cache;
pub mod error;
pub mod expected;
pub mod feedback;
pub mod lab;
pub mod plan;
pub mod query;
pub mod script;
pub mod ties;
pub mod verdict;
pub mod verify;

pub use error::GradeError;
pub use verdict::{FailCode, Outcome, Verdict};

use crate::catalog::{Catalog, Exercise, Kind};
use crate::engine::{Access, Caps, EngineError, Image, Sandbox};
use crate::lang::Lang;
use datasets::{Cache, Dataset, DiskCache};
use expected::Expected;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Grades answers against one catalog. Holds the per-process caches: fixture images,
/// datasets and the reference's results per dataset, so repeated checks pay only for the
/// answer. Large dataset images are also cached on disk (`datasets::DiskCache`).
pub struct Grader<'a> {
    pub catalog: &'a Catalog,
    pub caps: Caps,
    pub lang: Lang,
    cache: Cache,
    expected: Mutex<HashMap<ExpectedKey, Arc<Vec<Expected>>>>,
    /// How long the reference took when its results were computed.
    reference_time: Mutex<HashMap<ExpectedKey, Duration>>,
    /// Idle read-only sandboxes by image (`Image::id`), see [`Grader::read_only`].
    idle: Mutex<HashMap<usize, Vec<Sandbox>>>,
}

/// Read-only sandboxes are kept for reuse only over images that cost nothing to keep: a
/// cached file (mapped, not copied) or a small in-memory image.
const POOL_MAX_COPY_BYTES: usize = 1 << 20;
/// Idle sandboxes kept per image (one per thread that uses it at the same time is plenty).
const POOL_PER_IMAGE: usize = 4;

/// A read-only sandbox on loan from the grader; it goes back to the pool when dropped.
pub(crate) struct Loan<'g, 'a> {
    grader: &'g Grader<'a>,
    image: usize,
    keep: bool,
    sandbox: Option<Sandbox>,
}

impl std::ops::Deref for Loan<'_, '_> {
    type Target = Sandbox;
    fn deref(&self) -> &Sandbox {
        self.sandbox.as_ref().expect("sandbox on loan")
    }
}

impl Drop for Loan<'_, '_> {
    fn drop(&mut self) {
        if let (true, Some(sb)) = (self.keep, self.sandbox.take()) {
            let mut idle = self.grader.idle.lock().unwrap();
            let list = idle.entry(self.image).or_default();
            if list.len() < POOL_PER_IMAGE {
                list.push(sb);
            }
        }
    }
}

/// (exercise id, dataset name): the key of the reference-result cache.
type ExpectedKey = (String, String);

impl<'a> Grader<'a> {
    /// A grader with the disk cache the environment asks for (`DiskCache::from_env`).
    pub fn new(catalog: &'a Catalog, caps: Caps, lang: Lang) -> Grader<'a> {
        Grader::with_disk_cache(catalog, caps, lang, DiskCache::from_env())
    }

    /// A grader with the given disk cache (`None`: build every image in memory).
    pub fn with_disk_cache(
        catalog: &'a Catalog,
        caps: Caps,
        lang: Lang,
        disk: Option<DiskCache>,
    ) -> Grader<'a> {
        Grader {
            catalog,
            caps,
            lang,
            cache: Cache::new(disk),
            expected: Mutex::new(HashMap::new()),
            reference_time: Mutex::new(HashMap::new()),
            idle: Mutex::new(HashMap::new()),
        }
    }

    /// A read-only sandbox on `image`, reused from an earlier check where possible: opening
    /// one (a copy or a file, the connection settings, the schema read on first use) then
    /// happens once per image, not once per check. Safe to share between answers, because a
    /// read-only sandbox cannot change anything: no writes, no TEMP objects, no ATTACH, only
    /// read-only PRAGMAs (see `engine::sandbox`).
    pub(crate) fn read_only<'g>(&'g self, image: &Image) -> Result<Loan<'g, 'a>, EngineError> {
        let id = image.id();
        let reused = self.idle.lock().unwrap().get_mut(&id).and_then(Vec::pop);
        let sandbox = match reused {
            Some(sb) => sb,
            None => Sandbox::open(image, Access::ReadOnly, &self.caps)?,
        };
        Ok(Loan {
            grader: self,
            image: id,
            keep: image.file().is_some() || image.len() <= POOL_MAX_COPY_BYTES,
            sandbox: Some(sandbox),
        })
    }

    pub fn datasets(&self, ex: &Exercise) -> Result<Arc<Vec<Dataset>>, GradeError> {
        self.cache.datasets(self.catalog, ex)
    }

    pub fn fixture(&self, name: &str) -> Result<crate::engine::Image, GradeError> {
        self.cache.fixture(self.catalog, name)
    }

    /// The reference's results on a dataset, computed once.
    pub(crate) fn expected(
        &self,
        ex: &Exercise,
        ds: &Dataset,
        compute: impl FnOnce() -> Result<Vec<Expected>, GradeError>,
    ) -> Result<Arc<Vec<Expected>>, GradeError> {
        let key = (ex.id.clone(), ds.name.clone());
        if let Some(e) = self.expected.lock().unwrap().get(&key) {
            return Ok(Arc::clone(e));
        }
        let started = std::time::Instant::now();
        let suspended = crate::engine::CheckScope::suspend();
        let value = Arc::new(compute()?);
        drop(suspended);
        self.reference_time
            .lock()
            .unwrap()
            .entry(key.clone())
            .or_insert_with(|| started.elapsed());
        self.expected
            .lock()
            .unwrap()
            .insert(key, Arc::clone(&value));
        Ok(value)
    }

    /// How long the reference took on `ds` (set by [`Grader::expected`] or, more precisely,
    /// by [`Grader::record_reference_time`]).
    pub(crate) fn reference_time(&self, ex: &Exercise, ds: &Dataset) -> Option<Duration> {
        let key = (ex.id.clone(), ds.name.clone());
        self.reference_time.lock().unwrap().get(&key).copied()
    }

    /// Records the time of the reference's statement alone (without opening its dataset).
    pub(crate) fn record_reference_time(&self, ex: &Exercise, ds: &Dataset, time: Duration) {
        let key = (ex.id.clone(), ds.name.clone());
        self.reference_time.lock().unwrap().insert(key, time);
    }

    /// Grades `answer` for `ex` on every dataset. A damaged disk-cache file is the machine's
    /// fault, never the learner's: when SQLite reports a damaged database during grading,
    /// the cached files are deleted and the answer is graded again on rebuilt ones; damage
    /// that survives the rebuild is an environment error (exit 3), not a verdict.
    pub fn grade(&self, ex: &Exercise, answer: &str) -> Result<Verdict, GradeError> {
        let seen = crate::engine::error::damage_seen();
        let first = self.grade_once(ex, answer);
        if crate::engine::error::damage_seen() == seen || !self.forget_cached_files() {
            return first;
        }
        let seen = crate::engine::error::damage_seen();
        let second = self.grade_once(ex, answer);
        if crate::engine::error::damage_seen() == seen {
            return second;
        }
        let dir = self.cache.disk().map(|d| d.dir().display().to_string());
        let error = match &second {
            Ok(v) => v.message.clone(),
            Err(e) => e.to_string(),
        };
        Err(GradeError::Environment(crate::tr!(
            self.lang,
            CacheDamaged,
            dir = dir.unwrap_or_default(),
            error = error
        )))
    }

    /// Deletes the disk-cache files in use and everything computed from them.
    fn forget_cached_files(&self) -> bool {
        if !self.cache.forget_files() {
            return false;
        }
        self.expected.lock().unwrap().clear();
        self.reference_time.lock().unwrap().clear();
        self.idle.lock().unwrap().clear();
        true
    }

    fn grade_once(&self, ex: &Exercise, answer: &str) -> Result<Verdict, GradeError> {
        // Every kind, the lab's too: no answer over the cap or with a NUL byte is looked at.
        crate::engine::input::text(answer, &self.caps).map_err(GradeError::BadInput)?;
        // Named if a statement of this check has to be stopped the hard way.
        crate::engine::hard_stop::set_exercise(&ex.id);
        // One total budget for the whole check: every statement on every dataset.
        let _budget = crate::engine::CheckScope::start(self.caps.check_budget());
        let mut verdict = match ex.meta.kind {
            Kind::Query => query::grade(self, ex, answer)?,
            Kind::Script => script::grade(self, ex, answer)?,
            Kind::Plan => plan::grade(self, ex, answer)?,
            Kind::Lab => lab::grade(self, ex, answer)?,
        };
        if verdict.passed() {
            let n = verdict.datasets.len();
            verdict.message = crate::tr!(self.lang, Pass, id = ex.id, n = n);
            if let Some(t) = &verdict.timing {
                verdict.message.push(' ');
                verdict
                    .message
                    .push_str(&feedback::timing_text(self.lang, t));
            }
        }
        Ok(verdict)
    }

    /// The final verdict from the first failure, if any: dataset reports, and a hint (the
    /// failing dataset's own, else the exercise's first).
    pub(crate) fn finish(
        &self,
        ex: &Exercise,
        datasets: &[Dataset],
        outcome: Option<(usize, Verdict)>,
    ) -> Verdict {
        let (failed, mut verdict) = match outcome {
            Some((i, v)) => (Some(i), v),
            None => (None, Verdict::new(&ex.id, Outcome::Pass, String::new())),
        };
        verdict.datasets = self.reports(datasets, failed);
        if let Some(i) = failed
            && verdict.hint.is_none()
        {
            verdict.hint = datasets[i]
                .hint
                .as_ref()
                .or(ex.meta.hints.first())
                .map(|h| h.get(self.lang).trim().to_string());
        }
        verdict
    }

    /// Dataset reports with every dataset up to `failed` marked, the rest not run.
    pub(crate) fn reports(
        &self,
        datasets: &[Dataset],
        failed: Option<usize>,
    ) -> Vec<verdict::DatasetReport> {
        use verdict::DatasetStatus as S;
        datasets
            .iter()
            .enumerate()
            .map(|(i, d)| verdict::DatasetReport {
                name: d.name.clone(),
                about: d.about(self.lang),
                status: match failed {
                    None => S::Pass,
                    Some(f) if i < f => S::Pass,
                    Some(f) if i == f => S::Fail,
                    Some(_) => S::NotRun,
                },
            })
            .collect()
    }
}
