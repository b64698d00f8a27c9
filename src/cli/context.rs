//! What every command needs: the catalog, language, caps, output mode and state directory.

use super::args::Cli;
use crate::catalog::{Catalog, Exercise};
use crate::engine::Caps;
use crate::error::Error;
use crate::lang::Lang;
use crate::progress::Progress;
use crate::render::Style;
use crate::tr;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

pub struct Ctx {
    pub lang: Lang,
    pub json: bool,
    pub style: Style,
    pub catalog: Catalog,
    pub caps: Caps,
    pub home: PathBuf,
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

    /// Progress for this catalog; a corrupt file is reported on stderr.
    pub fn progress(&self, err: &mut dyn Write) -> Progress {
        let (p, corrupt) = Progress::load(&self.home, &self.catalog.progress_key());
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
        p
    }

    pub fn save(&self, progress: &mut Progress) -> Result<(), Error> {
        progress.save().map_err(|e| Error::Io {
            path: progress.path().to_path_buf(),
            error: e.to_string(),
        })
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
