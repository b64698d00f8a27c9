//! What every command needs: the catalog, language, caps, output mode and state directory.

use super::args::Cli;
use crate::catalog::{Catalog, Exercise};
use crate::engine::Caps;
use crate::error::Error;
use crate::lang::Lang;
use crate::progress::{Corrupt, Entry, Progress};
use crate::render::Style;
use crate::tr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub struct Ctx {
    pub lang: Lang,
    pub json: bool,
    pub style: Style,
    pub catalog: Catalog,
    pub caps: Caps,
    /// `None` when the environment names no place for state (see `home::dir`).
    pub home: Option<PathBuf>,
}

impl Ctx {
    pub fn new(cli: &Cli) -> Result<Ctx, Error> {
        let lang = match &cli.lang {
            Some(l) => Lang::parse(l)
                .ok_or_else(|| Error::Usage(format!("--lang takes en or zh, not {l:?}")))?,
            None => Lang::from_env(),
        };
        if !super::args::timeout_in_range(cli.timeout) {
            return Err(Error::Usage(tr!(
                lang,
                TimeoutRange,
                min = super::args::TIMEOUT_MIN_SECS,
                max = super::args::TIMEOUT_MAX_SECS,
                value = format!("{:?}", cli.timeout)
            )));
        }
        let catalog = match &cli.exercises {
            Some(dir) => Catalog::from_dir(dir)?,
            None => Catalog::builtin()?,
        };
        Ok(Ctx {
            lang,
            json: cli.json,
            style: if cli.json {
                Style::plain()
            } else {
                Style::detect(cli.no_color)
            },
            catalog,
            caps: Caps {
                timeout: Duration::from_secs_f64(cli.timeout),
                ..Caps::default()
            },
            home: crate::home::dir(),
        })
    }

    pub fn exercise(&self, id: &str) -> Result<&Exercise, Error> {
        self.catalog.find(id).ok_or_else(|| Error::UnknownId {
            id: id.to_string(),
            suggestions: self.catalog.suggest(id),
        })
    }

    /// Where state lives, or the error that says to set SQLDRILL_HOME.
    pub fn home(&self) -> Result<&Path, Error> {
        self.home.as_deref().ok_or(Error::NoHome)
    }

    /// A snapshot of this catalog's progress; a corrupt file is reported on stderr.
    pub fn progress(&self, err: &mut dyn Write) -> Result<Progress, Error> {
        let (p, corrupt) =
            Progress::load(self.home()?, &self.catalog.progress_key()).map_err(|e| {
                Error::ProgressUnreadable {
                    path: e.path,
                    error: e.error.to_string(),
                }
            })?;
        self.report_corrupt(corrupt, err);
        Ok(p)
    }

    /// Records a change to exercise `id`'s progress (applied under the lock to the file as it
    /// is now, see `Progress::change`); returns the entry as saved.
    pub fn change_progress(
        &self,
        id: &str,
        err: &mut dyn Write,
        change: impl FnOnce(&mut Entry),
    ) -> Result<Entry, Error> {
        let (entry, corrupt) =
            Progress::change(self.home()?, &self.catalog.progress_key(), id, change).map_err(
                |e| Error::ProgressNotSaved {
                    path: e.path,
                    error: e.error.to_string(),
                },
            )?;
        self.report_corrupt(corrupt, err);
        Ok(entry)
    }

    fn report_corrupt(&self, corrupt: Option<Corrupt>, err: &mut dyn Write) {
        if let Some(c) = corrupt {
            let warning = tr!(
                self.lang,
                ProgressCorrupt,
                path = c.path.display(),
                error = c.error,
                backup = c.backup.display()
            );
            let _ = writeln!(err, "{}", crate::render::escape::text(&warning));
        }
    }
}

/// Writes a JSON document followed by a newline.
pub fn print_json(out: &mut dyn Write, value: &serde_json::Value) {
    let _ = writeln!(
        out,
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_default()
    );
}
