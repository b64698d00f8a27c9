//! README § The sandbox: text reaching a terminal has its control characters escaped. A value,
//! a name or an error message holding ESC/BEL must never reach the terminal raw (it could set
//! the window title, move the cursor, clear the screen).

use super::Env;

/// Sets the window title, in any xterm, if printed raw.
const TITLE: &str = "char(27)||']0;PWNED'||char(7)";

fn assert_no_raw_controls(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    assert!(
        !bytes.iter().any(|b| *b == 0x1b || *b == 0x07),
        "{what} holds a raw ESC/BEL: {text:?}"
    );
}

#[test]
fn check_feedback_tables_show_escaped_values() {
    let env = Env::new();
    let sql = format!("SELECT {TITLE} AS name, 1 AS score ORDER BY 1");
    let out = env
        .test_catalog()
        .args(["check", "1", "--sql", &sql])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_no_raw_controls("stdout", &out.stdout);
    assert_no_raw_controls("stderr", &out.stderr);
    assert!(String::from_utf8_lossy(&out.stdout).contains("^[]0;PWNED^G"));
}

#[test]
fn error_messages_and_carets_are_escaped() {
    let env = Env::new();
    // An unknown table named with control characters: SQLite quotes the name back.
    let out = env
        .test_catalog()
        .args(["check", "2", "--sql", "SELECT * FROM \"\x1b]0;x\x07\""])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_no_raw_controls("stderr", &out.stderr);
    assert!(String::from_utf8_lossy(&out.stderr).contains("^[]0;x^G"));
    // A syntax error: the caret's line quotes the SQL.
    let out = env
        .test_catalog()
        .args(["check", "2", "--sql", "SELECT '\x1b[2J' FORM p"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_no_raw_controls("stderr", &out.stderr);
    assert!(String::from_utf8_lossy(&out.stderr).contains("'^[[2J' FORM p"));
}

#[test]
fn repl_escapes_values_names_and_errors_in_table_and_line_mode() {
    let env = Env::new();
    let input = format!(
        ".mode table\nSELECT {TITLE} AS \"a\x1bb\";\nSELECT * FROM \"\x1b]0;x\x07\";\n\
         .mode line\nSELECT {TITLE} AS \"c\x07\";\n"
    );
    let out = env.test_catalog().write_stdin(input).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_no_raw_controls("stdout", &out.stdout);
    assert_no_raw_controls("stderr", &out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("^[]0;PWNED^G"), "{stdout}");
    assert!(
        stdout.contains("a^[b") && stdout.contains("c^G"),
        "{stdout}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such table: ^[]0;x^G"));
}

#[test]
fn piped_csv_and_json_keep_data_as_their_formats_say() {
    let env = Env::new();
    // CSV to a pipe is data: the bytes are the value's. JSON escapes them itself.
    let out = env
        .test_catalog()
        .write_stdin(format!(
            "SELECT {TITLE} AS v;\n.mode json\nSELECT {TITLE} AS v;\n"
        ))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("v\n\x1b]0;PWNED\x07\n"), "{stdout:?}");
    assert!(stdout.contains("\\u001b]0;PWNED\\u0007"), "{stdout:?}");
}
