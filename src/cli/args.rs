//! Command-line surface (DESIGN.md § Surface).

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// `--timeout` range, in seconds. Below 50 ms even the reference solution of a small exercise
/// may not finish (and the learner would read that the reference is broken); above ten
/// minutes one statement holds a core for longer than any drill needs.
pub const TIMEOUT_MIN_SECS: f64 = 0.05;
pub const TIMEOUT_MAX_SECS: f64 = 600.0;

/// True when `secs` is a time budget `--timeout` accepts (NaN and infinities are not).
pub fn timeout_in_range(secs: f64) -> bool {
    (TIMEOUT_MIN_SECS..=TIMEOUT_MAX_SECS).contains(&secs)
}

#[derive(Parser, Debug)]
#[command(
    name = "sqldrill",
    version,
    about = "SQL practice sandbox: drills on realistic fixtures, a grader that explains why an answer is wrong, and an isolation lab.",
    after_help = "Exit codes: 0 pass/success, 1 a failed check or verify, 2 bad input or usage, 3 environment (I/O, broken catalog).\nState lives in $SQLDRILL_HOME (default: the platform data directory)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Print one JSON document on stdout (human text goes to stderr or is suppressed).
    #[arg(long, global = true)]
    pub json: bool,
    /// Language of titles, prompts, hints and messages: en or zh (default: from LANG).
    #[arg(long, global = true, value_name = "en|zh")]
    pub lang: Option<String>,
    /// Use the exercise catalog in DIR (fixtures/, exercises/) instead of the built-in one.
    #[arg(long, global = true, value_name = "DIR")]
    pub exercises: Option<PathBuf>,
    /// Time budget per statement, in seconds (0.05 to 600).
    #[arg(long, global = true, value_name = "SECS", default_value_t = 2.0)]
    pub timeout: f64,
    /// No colour (also: NO_COLOR, or output that is not a terminal).
    #[arg(long, global = true)]
    pub no_color: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// List exercises with id, title, topic, difficulty and solved state.
    List {
        /// Only exercises of this topic.
        #[arg(long)]
        topic: Option<String>,
    },
    /// Show an exercise: prompt, tables involved, expected columns, order rule.
    Show {
        /// exercise-05, 05, 5 or a slug
        id: String,
    },
    /// Grade an answer on every dataset. Exit 0 pass, 1 fail, 2 bad input.
    Check {
        /// exercise-05, 05, 5 or a slug
        id: String,
        /// File with the answer, or `-` for stdin.
        file: Option<PathBuf>,
        /// The answer as a string.
        #[arg(long, conflicts_with = "file")]
        sql: Option<String>,
    },
    /// Show the next hint (hints are progressive).
    Hint {
        /// exercise-05, 05, 5 or a slug
        id: String,
    },
    /// Show the reference solution, once solved (or with --reveal).
    Solution {
        /// exercise-05, 05, 5 or a slug
        id: String,
        /// Show it even though the exercise is not solved yet.
        #[arg(long)]
        reveal: bool,
    },
    /// Isolation lab: watch an anomaly happen at one level and disappear at another, live.
    Lab {
        /// Scenario id (omit to list the scenarios).
        scenario: Option<String>,
        /// read-uncommitted, read-committed, repeatable-read, serializable, or all.
        #[arg(long, default_value = "all")]
        level: String,
        /// Engine: sqlite (default), postgres://user@host/db, mysql://user@host/db, postgres,
        /// mysql, or all (default from $SQLDRILL_ENGINE).
        #[arg(long)]
        engine: Option<String>,
        /// MySQL/MariaDB: turn innodb_snapshot_isolation on or off for the run's sessions
        /// (where the server has it).
        #[arg(long, value_name = "on|off")]
        innodb_snapshot_isolation: Option<String>,
        /// Scenarios × levels, every cell computed live.
        #[arg(long)]
        matrix: bool,
        /// Add the scenarios in DIR (*.toml) to the built-in ones.
        #[arg(long, value_name = "DIR")]
        scenarios: Option<PathBuf>,
    },
    /// Self-test the catalog: references, right/ and wrong/ answers, determinism.
    Verify {
        /// Only these exercises (default: all).
        ids: Vec<String>,
    },
}
