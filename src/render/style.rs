//! Terminal colour, on only when stdout is a terminal and neither `NO_COLOR` nor
//! `--no-color` says otherwise; and whether stdout is a terminal at all, which decides if
//! machine-readable data (the REPL's CSV) must have its control characters escaped.

use std::io::IsTerminal;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
    /// stdout is a terminal: even data formats escape control characters there.
    pub tty: bool,
}

impl Style {
    pub fn detect(no_color_flag: bool) -> Style {
        let env_off = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let tty = std::io::stdout().is_terminal();
        Style {
            color: !no_color_flag && !env_off && tty,
            tty,
        }
    }

    pub fn plain() -> Style {
        Style {
            color: false,
            tty: false,
        }
    }

    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    pub fn good(&self, s: &str) -> String {
        self.paint("1;32", s)
    }

    pub fn bad(&self, s: &str) -> String {
        self.paint("1;31", s)
    }

    pub fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }

    pub fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
}
