//! The REPL: whole sessions in-process (a scripted line source, output in memory), and the
//! real binary with a script piped into stdin.

use super::{Env, test_catalog_dir};
use clap::Parser;
use predicates::prelude::*;
use sqldrill::cli::args::Cli;
use sqldrill::cli::context::Ctx;
use sqldrill::progress::Progress;
use sqldrill::render::Style;
use sqldrill::repl::{self, Interrupter, Options, Script, Scripted};
use std::path::Path;
use std::time::Duration;

const RANKED: &str = "SELECT name, score FROM p WHERE score IS NOT NULL ORDER BY score DESC, name;";

/// What a session printed and how it ended.
struct Ran {
    code: u8,
    out: String,
    err: String,
    script: Script,
}

fn ctx(home: &Path, builtin: bool, extra: &[&str]) -> Ctx {
    let mut args = vec!["sqldrill"];
    if !extra.contains(&"--lang") {
        args.extend(["--lang", "en"]);
    }
    let dir = test_catalog_dir();
    let dir = dir.to_str().unwrap();
    if !builtin {
        args.extend(["--exercises", dir]);
    }
    args.extend(extra);
    let mut ctx = Ctx::new(&Cli::parse_from(args)).unwrap();
    ctx.home = Some(home.to_path_buf());
    ctx.style = Style::plain();
    ctx
}

fn run_with(ctx: &mut Ctx, mut script: Script, opts: &Options) -> Ran {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = repl::session::run(ctx, opts, &mut script, &mut out, &mut err).unwrap();
    Ran {
        code,
        out: String::from_utf8(out).unwrap(),
        err: String::from_utf8(err).unwrap(),
        script,
    }
}

/// A terminal-like session on the test catalog.
fn session(home: &Path, lines: &[&str]) -> Ran {
    let mut ctx = ctx(home, false, &[]);
    run_with(
        &mut ctx,
        Script::new(lines.iter().copied()).as_terminal(),
        &Options::default(),
    )
}

/// A piped session (CSV, no banner, exit 1 on failure) on the test catalog.
fn piped(home: &Path, lines: &[&str]) -> Ran {
    let mut ctx = ctx(home, false, &[]);
    run_with(
        &mut ctx,
        Script::new(lines.iter().copied()),
        &Options::default(),
    )
}

#[test]
fn opens_at_the_first_unsolved_exercise_with_its_prompt_and_tables() {
    let home = tempfile::tempdir().unwrap();
    let r = session(home.path(), &[]);
    assert!(r.out.contains("exercise-01  Ranked"), "{}", r.out);
    assert!(r.out.contains("Names and scores, highest first"));
    assert!(r.out.contains("CREATE TABLE p("));
    assert_eq!(r.script.prompts, vec!["exercise-01> "]);
    // Solve 1 elsewhere: the next session opens at 2.
    Progress::change(
        home.path(),
        &ctx(home.path(), false, &[]).catalog.progress_key(),
        "exercise-01",
        |e| e.record_attempt(true, RANKED),
    )
    .unwrap();
    let r = session(home.path(), &[]);
    assert_eq!(r.script.prompts, vec!["exercise-02> "]);
    // Or wherever the caller asks.
    let opts = Options {
        start: Some("4".into()),
        ..Options::default()
    };
    let mut c = ctx(home.path(), false, &[]);
    let r = run_with(
        &mut c,
        Script::new(Vec::<String>::new()).as_terminal(),
        &opts,
    );
    assert_eq!(r.script.prompts, vec!["exercise-04> "]);
}

#[test]
fn lab_exercises_take_their_answer_through_check() {
    let home = tempfile::tempdir().unwrap();
    let mut c = ctx(home.path(), true, &[]);
    let lab = c
        .catalog
        .exercises
        .iter()
        .find(|e| e.meta.kind == sqldrill::catalog::Kind::Lab)
        .map(|e| e.id.clone())
        .expect("the built-in catalog has lab exercises");
    let r = run_with(
        &mut c,
        Script::new([format!(".exercise {lab}"), "SELECT 1;".into()]).as_terminal(),
        &Options::default(),
    );
    assert!(r.out.contains("answer with `.check ANSWER`"), "{}", r.out);
    assert!(
        r.err
            .contains(&format!("{lab} is an isolation-lab exercise")),
        "{}",
        r.err
    );
}

#[test]
fn the_prompt_is_in_the_chosen_language() {
    let home = tempfile::tempdir().unwrap();
    let mut ctx = ctx(home.path(), false, &["--lang", "zh"]);
    let r = run_with(
        &mut ctx,
        Script::new([".show"]).as_terminal(),
        &Options::default(),
    );
    assert!(r.out.contains("按分数从高到低列出姓名和分数"), "{}", r.out);
    assert!(r.out.contains("涉及的表"));
}

#[test]
fn a_statement_over_several_lines_runs_when_complete() {
    let home = tempfile::tempdir().unwrap();
    let r = session(
        home.path(),
        &["SELECT name", "FROM p", "", "WHERE id = 2", ";"],
    );
    assert_eq!(
        r.script.prompts,
        vec![
            "exercise-01> ",
            "...> ",
            "...> ",
            "...> ",
            "...> ",
            "exercise-01> "
        ]
    );
    assert!(r.out.contains("│ bob  │"), "{}", r.out);
    assert!(r.out.contains("1 row"));
    // History keeps the statement whole.
    assert_eq!(
        r.script.history,
        vec!["SELECT name\nFROM p\n\nWHERE id = 2\n;"]
    );
}

#[test]
fn a_semicolon_in_a_string_or_comment_does_not_end_a_statement() {
    let home = tempfile::tempdir().unwrap();
    let r = session(
        home.path(),
        &["SELECT ';' AS s, 'a", "b;' AS t -- ;", "/* ; */ ;"],
    );
    assert_eq!(r.script.prompts[1], "...> ");
    assert_eq!(r.script.prompts[2], "...> ");
    assert!(r.out.contains("│ ; ┆ a"), "{}", r.out);
    assert!(r.out.contains("1 row"));
}

#[test]
fn pasted_statements_run_one_by_one() {
    let home = tempfile::tempdir().unwrap();
    let r = piped(
        home.path(),
        &["SELECT 1 AS a; SELECT 2 AS b;\nSELECT 3 AS c;"],
    );
    assert_eq!(r.out, "a\n1\nb\n2\nc\n3\n");
    assert_eq!(r.code, 0);
}

#[test]
fn tables_show_null_apart_from_the_text_null_with_a_footer() {
    let home = tempfile::tempdir().unwrap();
    let r = session(
        home.path(),
        &["SELECT NULL AS a, 'NULL' AS b, 42 AS n, '李四' AS name;"],
    );
    assert!(r.out.contains("│ NULL ┆ 'NULL' ┆ 42 ┆ 李四 │"), "{}", r.out);
    assert!(
        r.out.contains("1 row ("),
        "timer on at a terminal: {}",
        r.out
    );
    assert!(r.out.contains(" ms)"));
}

#[test]
fn a_long_result_ends_with_how_many_rows_are_not_shown() {
    let home = tempfile::tempdir().unwrap();
    let r = session(
        home.path(),
        &[
            ".timer off",
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r LIMIT 120) SELECT n FROM r;",
        ],
    );
    assert!(r.out.contains("│ 50 │"), "{}", r.out);
    assert!(!r.out.contains("│ 51 │"));
    assert!(r.out.contains("… 70 more rows\n120 rows\n"), "{}", r.out);
}

#[test]
fn modes_and_timer() {
    let home = tempfile::tempdir().unwrap();
    let r = session(
        home.path(),
        &[
            ".mode csv",
            "SELECT name, score FROM p WHERE id IN (1, 4) ORDER BY id;",
            ".mode json",
            "SELECT name, score FROM p WHERE id = 4;",
            ".mode line",
            ".timer off",
            "SELECT name, score FROM p WHERE id = 1;",
            ".mode",
            ".timer",
            ".mode table",
            "SELECT 1 AS x;",
        ],
    );
    assert!(r.out.contains("name,score\nann,90\ndan,\n"), "{}", r.out);
    assert!(
        r.out
            .contains("[\n  {\"name\": \"dan\", \"score\": null}\n]\n")
    );
    assert!(
        r.out.contains(" name = ann\nscore = 90\n1 row\n"),
        "{}",
        r.out
    );
    assert!(r.out.contains("Output mode: line."));
    assert!(r.out.contains("Timer: off."));
    assert!(r.out.ends_with("└───┘\n1 row\n"), "{}", r.out);
}

#[test]
fn errors_point_at_the_spot_and_suggest_the_schema_name() {
    let home = tempfile::tempdir().unwrap();
    let r = session(home.path(), &["SELECT nmae", "FROM p;"]);
    assert!(
        r.err
            .contains("error: no such column: nmae — did you mean name?"),
        "{}",
        r.err
    );
    assert!(r.err.contains("  SELECT nmae\n         ^\n"), "{}", r.err);
    let r = session(home.path(), &["SELECT * FROM pp;"]);
    assert!(
        r.err.contains("no such table: pp — did you mean p?"),
        "{}",
        r.err
    );
}

#[test]
fn mysql_syntax_gets_the_sqlite_equivalent() {
    let home = tempfile::tempdir().unwrap();
    let r = session(
        home.path(),
        &[
            "SELECT YEAR('2024-05-01');",
            "SELECT DATE_FORMAT('2024-05-01', '%Y-%m');",
            "SELECT * FROM p WHERE id = 1 FOR UPDATE;",
            "SET @n = 0;",
            "SELECT * FROM p WHERE name = `ann`;",
        ],
    );
    assert!(
        r.err
            .contains("MySQL's YEAR(d) is strftime('%Y', d) in SQLite."),
        "{}",
        r.err
    );
    assert!(!r.err.contains("did you mean char"), "{}", r.err);
    assert!(r.err.contains("DATE_FORMAT(d, fmt) is strftime(fmt, d)"));
    assert!(r.err.contains("SQLite has no SELECT ... FOR UPDATE"));
    assert!(r.err.contains("SQLite has no @variables"));
    assert!(r.err.contains(
        "`ann` is a name in SQLite (and in MySQL), not text; write text in single quotes: 'ann'."
    ));
    // And a statement that runs, but only by luck.
    let r = session(home.path(), &["SELECT id FROM p WHERE name = \"ann\";"]);
    assert!(r.out.contains("1 row"));
    assert!(r.err.contains("\"ann\" is a name in SQLite"), "{}", r.err);
}

#[test]
fn completion_knows_the_scratch_copy_and_follows_ddl() {
    let home = tempfile::tempdir().unwrap();
    let r = session(home.path(), &["CREATE TABLE notes(id INTEGER, body TEXT);"]);
    let v = r.script.vocabulary.unwrap();
    let c = repl::complete::complete(&v, "", "SELECT * FROM no", 16);
    assert_eq!(c.candidates, vec!["notes"]);
    let c = repl::complete::complete(&v, "", "SELECT bo FROM notes", 9);
    assert_eq!(c.candidates[0], "body");
    assert!(v.exercises.contains(&"exercise-07".to_string()));
}

#[test]
fn help_list_show_and_unknown_commands() {
    let home = tempfile::tempdir().unwrap();
    let r = session(
        home.path(),
        &[".help", ".help check", ".list", ".show", ".chekc", ".xyzzy"],
    );
    for spec in repl::dot_command::COMMANDS {
        assert!(
            r.out.contains(spec.usage),
            "{} missing from help",
            spec.usage
        );
    }
    assert!(r.out.contains("Ctrl-R searches history"));
    assert!(r.out.contains(".check [SQL]\n  grade your last statement"));
    assert!(r.out.contains("0/7 solved"));
    assert!(
        r.err
            .contains("unknown command .chekc — did you mean .check?")
    );
    assert!(
        r.err
            .contains("unknown command .xyzzy; `.help` lists the commands.")
    );
}

#[test]
fn exercise_next_prev_move_through_the_catalog() {
    let home = tempfile::tempdir().unwrap();
    let r = session(
        home.path(),
        &[
            ".exercise 3",
            ".next",
            ".prev",
            ".prev",
            ".prev",
            ".prev",
            ".exercise 7",
            ".next",
            ".exercise nope",
        ],
    );
    assert_eq!(
        r.script.prompts,
        vec![
            "exercise-01> ",
            "exercise-03> ",
            "exercise-04> ",
            "exercise-03> ",
            "exercise-02> ",
            "exercise-01> ",
            "exercise-01> ",
            "exercise-07> ",
            "exercise-07> ",
            "exercise-07> ",
        ]
    );
    assert!(r.out.contains("exercise-01 is the first exercise."));
    assert!(r.out.contains("exercise-07 is the last exercise."));
    assert!(r.err.contains("unknown exercise 'nope'"));
}

#[test]
fn hints_are_progressive_and_the_solution_stays_locked() {
    let home = tempfile::tempdir().unwrap();
    let r = session(home.path(), &[".hint", ".hint", ".solution"]);
    assert!(r.out.contains("Hint 1/2: ORDER BY two keys."));
    assert!(r.out.contains("Hint 2/2: ORDER BY score DESC, name"));
    assert!(
        r.err
            .contains("The reference is shown once you solve exercise-01")
    );
    assert!(!r.out.contains("WHERE score IS NOT NULL"));
}

#[test]
fn check_grades_the_last_statement_records_progress_and_congratulates() {
    let home = tempfile::tempdir().unwrap();
    let r = session(
        home.path(),
        &[
            ".check",
            "SELECT name, score FROM p ORDER BY score DESC;",
            ".check",
            RANKED,
            ".check",
            ".solution",
        ],
    );
    assert!(r.err.contains("nothing to check yet"), "{}", r.err);
    assert!(r.out.contains("FAIL — exercise-01"), "{}", r.out);
    assert!(r.out.contains("PASS — exercise-01"));
    assert!(
        r.out
            .contains("Solved! `.next` opens exercise-02: Average per department."),
        "{}",
        r.out
    );
    assert_eq!(r.script.prompts.last().unwrap(), "exercise-01 ✓> ");
    assert!(r.out.contains("Reference solution for exercise-01"));
    // The same record `sqldrill check` keeps, seen by `sqldrill list`.
    let c = ctx(home.path(), false, &[]);
    let (p, _) = Progress::load(home.path(), &c.catalog.progress_key()).unwrap();
    let e = p.get("exercise-01");
    assert!(e.solved);
    assert_eq!(e.attempts, 2);
    assert_eq!(e.answer.as_deref(), Some(RANKED));
}

#[test]
fn check_with_sql_and_bad_input() {
    let home = tempfile::tempdir().unwrap();
    let r = session(
        home.path(),
        &[".check SELECT name FORM p", &format!(".check {RANKED}")],
    );
    assert!(
        r.err.contains("error: near \"p\": syntax error"),
        "{}",
        r.err
    );
    assert!(r.err.contains("^"));
    assert!(r.out.contains("PASS — exercise-01"), "{}", r.out);
}

#[test]
fn script_exercises_check_every_statement_since_open_or_reset() {
    let home = tempfile::tempdir().unwrap();
    let r = session(
        home.path(),
        &[
            ".exercise 5",
            "CREATE VIEW top AS SELECT name FROM p WHERE score > 80;",
            "SELECT * FROM top;",
            ".check",
            ".reset",
            ".tables",
            "CREATE VIEW top AS SELECT name FROM p WHERE score >= 80;",
            ".check",
        ],
    );
    assert!(r.out.contains("FAIL — exercise-05"), "{}", r.out);
    assert!(r.out.contains("A fresh copy of the people data."));
    assert!(r.out.contains("\np\n"), ".tables after .reset: {}", r.out);
    assert!(r.out.contains("Checking the 1 statements"), "{}", r.out);
    assert!(r.out.contains("PASS — exercise-05"), "{}", r.out);
}

#[test]
fn the_scratch_copy_takes_ddl_and_dml_under_the_sandbox() {
    let home = tempfile::tempdir().unwrap();
    let mut c = ctx(home.path(), false, &["--timeout", "0.3"]);
    let lines = [
        "DELETE FROM p WHERE score IS NULL;",
        "UPDATE p SET score = score + 1 WHERE dept = 'a';",
        "CREATE INDEX p_dept ON p(dept);",
        "SELECT count(*) AS n FROM p;",
        ".schema p",
        "ATTACH ':memory:' AS other;",
        "SELECT load_extension('x');",
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r;",
        ".reset",
        "SELECT count(*) AS n FROM p;",
    ];
    let r = run_with(
        &mut c,
        Script::new(lines).as_terminal(),
        &Options::default(),
    );
    assert!(r.out.contains("1 row changed ("), "{}", r.out);
    assert!(r.out.contains("2 rows changed ("));
    assert!(r.out.contains("OK ("));
    assert!(r.out.contains("│ 4 │"), "{}", r.out);
    assert!(r.out.contains("CREATE INDEX p_dept ON p(dept);"));
    assert!(r.err.contains("ATTACH is not allowed"), "{}", r.err);
    assert!(r.err.contains("load_extension() is not allowed"));
    assert!(r.err.contains("stopped after 0.3 s"), "{}", r.err);
    assert!(r.out.contains("│ 5 │"), "after .reset: {}", r.out);
}

#[test]
fn explain_draws_the_plan_as_a_tree() {
    let home = tempfile::tempdir().unwrap();
    let r = session(
        home.path(),
        &[
            ".explain SELECT name FROM p WHERE id = 2",
            "SELECT dept, count(*) FROM p GROUP BY dept;",
            ".explain",
            ".explain SELECT nope FROM p",
        ],
    );
    assert!(
        r.out
            .contains("QUERY PLAN\n└── SEARCH p USING INTEGER PRIMARY KEY (rowid=?)\n"),
        "{}",
        r.out
    );
    assert!(
        r.out
            .contains("├── SCAN p\n└── USE TEMP B-TREE FOR GROUP BY\n"),
        "{}",
        r.out
    );
    assert!(r.err.contains("no such column: nope"));
}

#[test]
fn ctrl_c_at_the_prompt_drops_the_unfinished_statement() {
    let home = tempfile::tempdir().unwrap();
    let mut c = ctx(home.path(), false, &[]);
    let script = Script::with(vec![
        Scripted::Line("SELECT 'dropped' AS x".into()),
        Scripted::CtrlC,
        Scripted::Line("SELECT 'kept' AS y;".into()),
    ])
    .as_terminal();
    let r = run_with(&mut c, script, &Options::default());
    assert_eq!(
        r.script.prompts,
        vec!["exercise-01> ", "...> ", "exercise-01> ", "exercise-01> "]
    );
    assert!(!r.out.contains("dropped"));
    assert!(r.out.contains("kept"));
    assert!(r.err.is_empty(), "{}", r.err);
}

#[test]
fn ctrl_c_interrupts_a_running_query_and_the_session_goes_on() {
    let home = tempfile::tempdir().unwrap();
    let mut c = ctx(home.path(), false, &["--timeout", "60"]);
    let opts = Options {
        interrupter: Interrupter::new(),
        ..Options::default()
    };
    let remote = opts.interrupter.clone();
    let pressed = std::thread::spawn(move || {
        // Ctrl-C once the query is running, as a person would.
        for _ in 0..600 {
            if remote.is_armed() {
                remote.fire();
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    });
    let r = run_with(
        &mut c,
        Script::new([
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r;",
            "SELECT 'still here' AS s;",
        ])
        .as_terminal(),
        &opts,
    );
    assert!(pressed.join().unwrap());
    assert!(r.err.contains("error: interrupted."), "{}", r.err);
    assert!(r.out.contains("still here"));
}

#[test]
fn edit_opens_the_editor_on_the_last_statement_and_runs_the_result() {
    let home = tempfile::tempdir().unwrap();
    let mut c = ctx(home.path(), false, &[]);
    let opts = Options {
        editor: Some("sed -i s/41/42/".into()),
        ..Options::default()
    };
    let r = run_with(
        &mut c,
        Script::new([
            "SELECT 41 AS answer;",
            ".edit",
            "SELECT 41 AS answer",
            ".edit",
        ])
        .as_terminal(),
        &opts,
    );
    assert_eq!(r.out.matches("│     42 │").count(), 2, "{}", r.out);
    assert_eq!(
        r.script.history,
        vec![
            "SELECT 41 AS answer;",
            ".edit",
            "SELECT 42 AS answer;",
            ".edit",
            "SELECT 42 AS answer"
        ]
    );
    // Without a terminal there is no editor.
    let r = piped(home.path(), &[".edit"]);
    assert!(r.err.contains("`.edit` needs a terminal."));
    assert_eq!(r.code, 1);
}

#[test]
fn lang_switches_messages_and_prompts() {
    let home = tempfile::tempdir().unwrap();
    let r = session(
        home.path(),
        &[
            ".lang zh",
            ".show",
            ".lang",
            "SELECT 1 AS x;",
            ".lang en",
            ".lab",
        ],
    );
    assert!(r.out.contains("语言：中文。"));
    assert!(r.out.contains("按分数从高到低列出姓名和分数"), "{}", r.out);
    assert!(r.out.contains("1 行 ("), "{}", r.out);
    assert!(r.out.contains("Language: English."));
    assert!(r.out.contains("Two-session mode on SQLite"), "{}", r.out);
}

#[test]
fn quit_stops_reading() {
    let home = tempfile::tempdir().unwrap();
    let r = session(home.path(), &[".quit", "SELECT 'never' AS x;"]);
    assert!(!r.out.contains("never"));
    assert_eq!(r.script.prompts.len(), 1);
}

#[test]
fn piped_sessions_exit_1_when_anything_failed() {
    let home = tempfile::tempdir().unwrap();
    let ok = piped(
        home.path(),
        &["SELECT name FROM p WHERE id = 1;", ".tables"],
    );
    assert_eq!(
        (ok.code, ok.out.as_str(), ok.err.as_str()),
        (0, "name\nann\np\n", "")
    );
    let bad = piped(
        home.path(),
        &[
            "SELECT 1 AS a;",
            "",
            "SELECT nope",
            "  FROM p;",
            "SELECT 2 AS b;",
        ],
    );
    assert_eq!(bad.code, 1);
    assert_eq!(bad.out, "a\n1\nb\n2\n");
    assert!(
        bad.err.contains("error: near line 3: no such column: nope"),
        "{}",
        bad.err
    );
}

#[test]
fn solving_builtin_exercise_05_in_the_repl_shows_in_list() {
    let env = Env::new();
    let mut c = ctx(env.home.path(), true, &[]);
    let answer = "WITH t AS (SELECT s.id, s.name, SUM(sc.score) AS total FROM student AS s \
                  JOIN score AS sc ON sc.student_id = s.id GROUP BY s.id, s.name) \
                  SELECT name, total FROM t WHERE total = (SELECT MAX(total) FROM t \
                  WHERE total < (SELECT MAX(total) FROM t));";
    let r = run_with(
        &mut c,
        Script::new([".exercise 5", ".hint", answer, ".check"]).as_terminal(),
        &Options::default(),
    );
    assert!(r.out.contains("Hint 1/3"), "{}", r.out);
    assert!(
        r.out.contains("孙风") && r.out.contains("周梅"),
        "{}",
        r.out
    );
    assert!(r.out.contains("2 rows ("));
    assert!(r.out.contains("PASS — exercise-05"), "{}", r.out);
    assert_eq!(r.script.prompts.last().unwrap(), "exercise-05 ✓> ");
    let list = env.cmd().args(["--json", "list"]).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let ex5 = doc["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "exercise-05")
        .unwrap();
    assert_eq!(ex5["solved"], true);
}

// ---- the binary, with stdin piped ----

#[test]
fn binary_reads_statements_from_a_pipe() {
    let env = Env::new();
    env.test_catalog()
        .write_stdin("SELECT name, score FROM p WHERE dept = 'a' ORDER BY id;\n.mode json\nSELECT NULL AS x;\n")
        .assert()
        .code(0)
        .stdout("name,score\nann,90\nbob,80\n[\n  {\"x\": null}\n]\n")
        .stderr("");
}

#[test]
fn binary_exits_1_when_a_piped_statement_fails() {
    let env = Env::new();
    env.test_catalog()
        .write_stdin("SELECT 1 AS ok;\nSELECT * FROM nowhere;\n")
        .assert()
        .code(1)
        .stdout("ok\n1\n")
        .stderr(predicate::str::contains(
            "near line 2: no such table: nowhere",
        ));
}

#[test]
fn binary_solves_by_pipe_and_list_shows_it() {
    let env = Env::new();
    env.test_catalog()
        .write_stdin(format!(".exercise 1\n{RANKED}\n.check\n"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("PASS — exercise-01"));
    env.test_catalog()
        .arg("list")
        .assert()
        .stdout(predicate::str::contains("1/7 solved"));
}

#[test]
fn binary_with_empty_stdin_does_nothing_and_json_still_lists() {
    let env = Env::new();
    env.cmd().assert().code(0).stdout("").stderr("");
    let out = env.cmd().arg("--json").output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(doc["exercises"].as_array().unwrap().len() > 5);
}

#[test]
fn binary_reports_invalid_utf8_and_keeps_going() {
    let env = Env::new();
    env.test_catalog()
        .write_stdin(b"SELECT '\xff';\nSELECT 2 AS b;\n".to_vec())
        .assert()
        .code(1)
        .stdout("b\n2\n")
        .stderr(predicate::str::contains("not valid UTF-8"));
}

#[test]
fn binary_pipe_in_chinese() {
    let env = Env::new();
    env.test_catalog()
        .args(["--lang", "zh"])
        .write_stdin(".mode table\nSELECT nmae FROM p;\nSELECT 1 AS x;\n")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("1 行"))
        .stderr(predicate::str::contains(
            "错误：第 2 行附近：no such column: nmae——你是不是想写 name？",
        ));
}

#[test]
fn lab_mode_reproduces_a_phantom_read_by_hand() {
    let home = tempfile::tempdir().unwrap();
    let ran = session(
        home.path(),
        &[
            ".lab phantom-read --level serializable",
            ".level A read-committed",
            ".level B read-committed",
            "A: BEGIN;",
            "A: SELECT id FROM orders WHERE amount > 100;",
            ".b",
            "INSERT INTO orders (id, customer, amount) VALUES (3, 'carol', 150);",
            "COMMIT;",
            "A: SELECT id FROM orders WHERE amount > 100;",
            ".status",
            ".lab off",
        ],
    );
    assert!(
        ran.out.contains("Two-session mode on SQLite"),
        "{}",
        ran.out
    );
    assert!(
        ran.out.contains("Session A now runs at read-committed."),
        "{}",
        ran.out
    );
    // A's second read shows carol's order: a phantom under read-committed.
    let second = ran.out.rsplit("SELECT id FROM orders").next().unwrap();
    assert!(second.contains('3'), "{}", ran.out);
    assert!(
        ran.out.contains("A: read-committed · in a transaction"),
        "{}",
        ran.out
    );
    assert!(ran.out.contains("Left two-session mode"), "{}", ran.out);
}

#[test]
fn lab_mode_prompt_shows_session_transaction_and_waiting() {
    let home = tempfile::tempdir().unwrap();
    let ran = session(
        home.path(),
        &[
            ".lab",
            "BEGIN;",
            "UPDATE test SET value = 11 WHERE id = 1;",
            "B: UPDATE test SET value = 12 WHERE id = 1;",
            ".b",
            "A: SELECT value FROM test WHERE id = 1;",
        ],
    );
    let prompts = ran.script.prompts.join("|");
    assert!(prompts.contains("A> |A*> "), "{prompts}");
    assert!(prompts.contains("B…> "), "{prompts}");
    assert!(ran.out.contains("waiting"), "{}", ran.out);
    // A stays usable while B waits: it reads its own uncommitted 11.
    assert!(
        ran.out
            .rsplit("SELECT value")
            .next()
            .unwrap()
            .contains("11"),
        "{}",
        ran.out
    );
}
