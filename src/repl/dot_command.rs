//! Dot-commands: the table of commands (names, arguments, help), and parsing one line into a
//! [`DotCommand`]. Running them is the session's job; adding a command is one entry here and
//! one match arm there.

use super::output_mode::Mode;
use crate::catalog::resolve::distance;
use crate::lang::Lang;
use crate::messages::Msg;

/// What a command's argument is, for completion and usage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arg {
    None,
    Exercise,
    Table,
    Mode,
    OnOff,
    Lang,
    Command,
    Sql,
    Reveal,
    Topic,
    Scenario,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Spec {
    pub name: &'static str,
    pub usage: &'static str,
    pub arg: Arg,
    pub help: Msg,
}

pub const COMMANDS: &[Spec] = &[
    spec("help", ".help [COMMAND]", Arg::Command, Msg::ReplHelpHelp),
    spec("list", ".list [TOPIC]", Arg::Topic, Msg::ReplHelpList),
    spec(
        "exercise",
        ".exercise ID",
        Arg::Exercise,
        Msg::ReplHelpExercise,
    ),
    spec("show", ".show", Arg::None, Msg::ReplHelpShow),
    spec("hint", ".hint", Arg::None, Msg::ReplHelpHint),
    spec("check", ".check [SQL]", Arg::Sql, Msg::ReplHelpCheck),
    spec(
        "solution",
        ".solution [--reveal]",
        Arg::Reveal,
        Msg::ReplHelpSolution,
    ),
    spec("next", ".next", Arg::None, Msg::ReplHelpNext),
    spec("prev", ".prev", Arg::None, Msg::ReplHelpPrev),
    spec("tables", ".tables", Arg::None, Msg::ReplHelpTables),
    spec("schema", ".schema [TABLE]", Arg::Table, Msg::ReplHelpSchema),
    spec("reset", ".reset", Arg::None, Msg::ReplHelpReset),
    spec("explain", ".explain [SQL]", Arg::Sql, Msg::ReplHelpExplain),
    spec("edit", ".edit", Arg::None, Msg::ReplHelpEdit),
    spec(
        "mode",
        ".mode [table|csv|json|line]",
        Arg::Mode,
        Msg::ReplHelpMode,
    ),
    spec("timer", ".timer [on|off]", Arg::OnOff, Msg::ReplHelpTimer),
    spec("lang", ".lang [en|zh]", Arg::Lang, Msg::ReplHelpLang),
    spec("lab", ".lab [SCENARIO]", Arg::Scenario, Msg::ReplHelpLab),
    spec("quit", ".quit", Arg::None, Msg::ReplHelpQuit),
];

const fn spec(name: &'static str, usage: &'static str, arg: Arg, help: Msg) -> Spec {
    Spec {
        name,
        usage,
        arg,
        help,
    }
}

/// Other spellings people type out of habit (sqlite3, psql).
const ALIASES: &[(&str, &str)] = &[("exit", "quit"), ("q", "quit"), ("ex", "exercise")];

#[derive(Clone, Debug, PartialEq)]
pub enum DotCommand {
    Help(Option<String>),
    List(Option<String>),
    Exercise(String),
    Show,
    Hint,
    Check(Option<String>),
    Solution { reveal: bool },
    Next,
    Prev,
    Tables,
    Schema(Option<String>),
    Reset,
    Explain(Option<String>),
    Edit,
    Mode(Option<Mode>),
    Timer(Option<bool>),
    Lang(Option<Lang>),
    Lab(Option<String>),
    Quit,
}

#[derive(Clone, Debug, PartialEq)]
pub enum DotError {
    /// Not a command; the nearest one when something is close.
    Unknown {
        name: String,
        nearest: Option<&'static str>,
    },
    /// A missing or bad argument.
    Usage(&'static Spec),
}

pub fn spec_of(name: &str) -> Option<&'static Spec> {
    COMMANDS.iter().find(|s| s.name == name)
}

/// Resolves a typed name: exact, an alias, or an unambiguous prefix (`.sch` is `.schema`).
pub fn resolve(name: &str) -> Result<&'static Spec, DotError> {
    let name = name.to_ascii_lowercase();
    let canonical = ALIASES
        .iter()
        .find(|(a, _)| *a == name)
        .map_or(name.as_str(), |(_, c)| c);
    if let Some(s) = spec_of(canonical) {
        return Ok(s);
    }
    let prefixed: Vec<&Spec> = COMMANDS
        .iter()
        .filter(|s| !name.is_empty() && s.name.starts_with(&name))
        .collect();
    if let [only] = prefixed.as_slice() {
        return Ok(only);
    }
    Err(DotError::Unknown {
        nearest: nearest(&name),
        name,
    })
}

/// The closest command name, when it is close enough to be a typo.
pub fn nearest(name: &str) -> Option<&'static str> {
    let limit = (name.chars().count() / 2).clamp(1, 3);
    COMMANDS
        .iter()
        .map(|s| (distance(name, s.name), s.name))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, n)| n)
}

/// Parses a line that starts with `.`.
pub fn parse(line: &str) -> Result<DotCommand, DotError> {
    let line = line.trim();
    let body = line.strip_prefix('.').unwrap_or(line);
    let (name, rest) = match body.find(char::is_whitespace) {
        Some(i) => (&body[..i], body[i..].trim()),
        None => (body, ""),
    };
    let spec = resolve(name)?;
    let arg = (!rest.is_empty()).then(|| rest.to_string());
    let usage = || DotError::Usage(spec);
    let none = |cmd: DotCommand| if arg.is_some() { Err(usage()) } else { Ok(cmd) };
    match spec.name {
        "help" => Ok(DotCommand::Help(arg)),
        "list" => Ok(DotCommand::List(arg)),
        "exercise" => arg.map(DotCommand::Exercise).ok_or_else(usage),
        "show" => none(DotCommand::Show),
        "hint" => none(DotCommand::Hint),
        "check" => Ok(DotCommand::Check(arg)),
        "solution" => match rest {
            "" => Ok(DotCommand::Solution { reveal: false }),
            "--reveal" => Ok(DotCommand::Solution { reveal: true }),
            _ => Err(usage()),
        },
        "next" => none(DotCommand::Next),
        "prev" => none(DotCommand::Prev),
        "tables" => none(DotCommand::Tables),
        "schema" => Ok(DotCommand::Schema(arg)),
        "reset" => none(DotCommand::Reset),
        "explain" => Ok(DotCommand::Explain(arg)),
        "edit" => none(DotCommand::Edit),
        "mode" => match arg {
            None => Ok(DotCommand::Mode(None)),
            Some(a) => Mode::parse(&a)
                .map(|m| DotCommand::Mode(Some(m)))
                .ok_or_else(usage),
        },
        "timer" => match rest.to_ascii_lowercase().as_str() {
            "" => Ok(DotCommand::Timer(None)),
            "on" => Ok(DotCommand::Timer(Some(true))),
            "off" => Ok(DotCommand::Timer(Some(false))),
            _ => Err(usage()),
        },
        "lang" => match rest.to_ascii_lowercase().as_str() {
            "" => Ok(DotCommand::Lang(None)),
            "en" => Ok(DotCommand::Lang(Some(Lang::En))),
            "zh" => Ok(DotCommand::Lang(Some(Lang::Zh))),
            _ => Err(usage()),
        },
        "lab" => Ok(DotCommand::Lab(arg)),
        "quit" => none(DotCommand::Quit),
        _ => Err(usage()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_parses_with_its_arguments() {
        assert_eq!(parse(".help"), Ok(DotCommand::Help(None)));
        assert_eq!(parse(".exercise 5"), Ok(DotCommand::Exercise("5".into())));
        assert_eq!(
            parse(".check SELECT 1;"),
            Ok(DotCommand::Check(Some("SELECT 1;".into())))
        );
        assert_eq!(parse(".check"), Ok(DotCommand::Check(None)));
        assert_eq!(
            parse(".solution --reveal"),
            Ok(DotCommand::Solution { reveal: true })
        );
        assert_eq!(parse(".mode csv"), Ok(DotCommand::Mode(Some(Mode::Csv))));
        assert_eq!(parse(".timer OFF"), Ok(DotCommand::Timer(Some(false))));
        assert_eq!(parse(".lang zh"), Ok(DotCommand::Lang(Some(Lang::Zh))));
        assert_eq!(
            parse(".schema score"),
            Ok(DotCommand::Schema(Some("score".into())))
        );
        assert_eq!(parse(".exit"), Ok(DotCommand::Quit));
        assert_eq!(parse("  .next  "), Ok(DotCommand::Next));
        assert_eq!(parse(".lab"), Ok(DotCommand::Lab(None)));
    }

    #[test]
    fn unique_prefixes_resolve() {
        assert_eq!(parse(".sch"), Ok(DotCommand::Schema(None)));
        assert_eq!(parse(".ta"), Ok(DotCommand::Tables));
        // `.s` could be .show, .schema or .solution.
        assert!(matches!(parse(".s"), Err(DotError::Unknown { .. })));
    }

    #[test]
    fn bad_arguments_give_the_usage() {
        match parse(".mode box") {
            Err(DotError::Usage(s)) => assert_eq!(s.name, "mode"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(parse(".exercise"), Err(DotError::Usage(_))));
        assert!(matches!(parse(".tables x"), Err(DotError::Usage(_))));
        assert!(matches!(parse(".timer maybe"), Err(DotError::Usage(_))));
    }

    #[test]
    fn unknown_commands_suggest_the_nearest() {
        assert_eq!(
            parse(".chekc"),
            Err(DotError::Unknown {
                name: "chekc".into(),
                nearest: Some("check")
            })
        );
        assert_eq!(
            parse(".shcema"),
            Err(DotError::Unknown {
                name: "shcema".into(),
                nearest: Some("schema")
            })
        );
        assert_eq!(
            parse(".xyzzy"),
            Err(DotError::Unknown {
                name: "xyzzy".into(),
                nearest: None
            })
        );
    }

    #[test]
    fn names_are_unique_and_have_usage() {
        for (i, s) in COMMANDS.iter().enumerate() {
            assert!(s.usage.starts_with(&format!(".{}", s.name)));
            assert!(COMMANDS[i + 1..].iter().all(|o| o.name != s.name));
        }
    }
}
