//! DESIGN.md § Grading semantics, one test per rule, through `sqldrill check --json`.

use super::{Env, check_json};

fn code(doc: &serde_json::Value) -> &str {
    doc["code"].as_str().unwrap_or("")
}

#[test]
fn a_right_answer_passes_on_every_dataset() {
    let env = Env::new();
    let (exit, doc) = check_json(
        &env,
        "1",
        "SELECT name, score FROM p WHERE score IS NOT NULL ORDER BY score DESC, name",
    );
    assert_eq!(exit, 0, "{doc}");
    assert_eq!(doc["verdict"], "pass");
    let names: Vec<&str> = doc["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["base", "new-top", "no-nulls", "reversed"]);
}

#[test]
fn rows_tied_on_the_reference_order_may_come_in_any_order() {
    let env = Env::new();
    // exercise-07 orders by score only: bob and cat (both 80) may come either way.
    let (exit, doc) = check_json(
        &env,
        "7",
        "SELECT name, score FROM p WHERE score IS NOT NULL ORDER BY score DESC, name DESC",
    );
    assert_eq!(exit, 0, "{doc}");
    // exercise-01 breaks ties by name, so the same answer is out of order at row 2.
    let (exit, doc) = check_json(
        &env,
        "1",
        "SELECT name, score FROM p WHERE score IS NOT NULL ORDER BY score DESC, name DESC",
    );
    assert_eq!(exit, 1);
    assert_eq!(code(&doc), "order");
    assert_eq!(doc["order"]["position"], 2);
}

#[test]
fn forbidden_window_function_fails_even_inside_order_by() {
    let env = Env::new();
    let (exit, doc) = check_json(
        &env,
        "7",
        "SELECT name, score FROM p WHERE score IS NOT NULL ORDER BY rank() OVER (ORDER BY score DESC)",
    );
    assert_eq!(exit, 1);
    assert_eq!(code(&doc), "forbids");
}

#[test]
fn answer_without_order_by_fails_when_order_is_required() {
    let env = Env::new();
    let (exit, doc) = check_json(
        &env,
        "1",
        "SELECT name, score FROM p WHERE score IS NOT NULL",
    );
    assert_eq!(exit, 1);
    assert_eq!(code(&doc), "no-order-by");
    assert!(doc["message"].as_str().unwrap().contains("ORDER BY"));
}

#[test]
fn relying_on_storage_order_fails_on_the_reversed_dataset() {
    let env = Env::new();
    // Ties on score come back in storage order: name order on base, reversed otherwise.
    let (exit, doc) = check_json(
        &env,
        "1",
        "SELECT name, score FROM p WHERE score IS NOT NULL ORDER BY score DESC",
    );
    assert_eq!(exit, 1, "{doc}");
    assert_eq!(code(&doc), "order");
    assert_eq!(doc["failed_dataset"], "reversed");
}

#[test]
fn limit_cutting_through_ties_fails_with_the_reason() {
    let env = Env::new();
    let (exit, doc) = check_json(
        &env,
        "3",
        "SELECT id, name FROM p ORDER BY score DESC LIMIT 1 OFFSET 1",
    );
    assert_eq!(exit, 1);
    assert_eq!(code(&doc), "limit-ties");
    assert!(
        doc["message"]
            .as_str()
            .unwrap()
            .contains("up to the database")
    );
}

#[test]
fn limit_that_does_not_cut_ties_passes_even_as_limit_offset_comma() {
    let env = Env::new();
    let (exit, doc) = check_json(
        &env,
        "3",
        "SELECT id, name FROM p ORDER BY score DESC, id LIMIT 1, 1",
    );
    assert_eq!(exit, 0, "{doc}");
}

#[test]
fn integers_and_reals_compare_numerically() {
    let env = Env::new();
    let (exit, doc) = check_json(
        &env,
        "2",
        "SELECT dept, ROUND(AVG(score), 2) * 1 AS avg_score FROM p GROUP BY dept",
    );
    assert_eq!(exit, 0, "{doc}");
}

#[test]
fn number_against_text_is_a_type_mismatch_with_its_own_message() {
    let env = Env::new();
    let (exit, doc) = check_json(
        &env,
        "2",
        "SELECT dept, printf('%.2f', AVG(score)) AS avg_score FROM p GROUP BY dept",
    );
    assert_eq!(exit, 1);
    assert_eq!(code(&doc), "types");
    assert!(
        doc["notes"][0]
            .as_str()
            .unwrap()
            .contains("you returned text"),
        "{doc}"
    );
}

#[test]
fn unrounded_values_fail_with_a_rounding_note_on_the_dataset_that_shows_it() {
    let env = Env::new();
    let (exit, doc) = check_json(
        &env,
        "2",
        "SELECT dept, AVG(score) AS avg_score FROM p GROUP BY dept",
    );
    assert_eq!(exit, 1);
    assert_eq!(code(&doc), "rows");
    assert_eq!(doc["failed_dataset"], "thirds");
    assert_eq!(doc["about"], "averages with repeating decimals");
    assert!(
        doc["notes"][0]
            .as_str()
            .unwrap()
            .contains("rounded to 2 decimals"),
        "{doc}"
    );
}

#[test]
fn a_hidden_case_is_named_and_its_hint_given() {
    let env = Env::new();
    let (exit, doc) = check_json(
        &env,
        "2",
        "SELECT dept, ROUND(AVG(score), 2) AS avg_score FROM p WHERE id <= 5 GROUP BY dept",
    );
    assert_eq!(exit, 1);
    assert_eq!(doc["failed_dataset"], "new-row");
    assert_eq!(doc["hint"], "Do not filter on ids.");
    assert_eq!(doc["datasets"][0]["status"], "pass");
    assert_eq!(doc["datasets"][1]["status"], "fail");
    assert_eq!(doc["missing"]["rows"][0][0], "a");
    assert_eq!(doc["extra_total"], 1);
}

#[test]
fn an_empty_result_is_not_a_row_of_null() {
    let env = Env::new();
    let (exit, doc) = check_json(
        &env,
        "4",
        "SELECT DISTINCT score AS second FROM p WHERE score IS NOT NULL ORDER BY score DESC LIMIT 1 OFFSET 1",
    );
    assert_eq!(exit, 1);
    assert_eq!(doc["failed_dataset"], "one-score");
    assert!(
        doc["notes"][0]
            .as_str()
            .unwrap()
            .contains("not a row of NULL"),
        "{doc}"
    );
}

#[test]
fn null_matches_null() {
    let env = Env::new();
    let (exit, doc) = check_json(
        &env,
        "4",
        "SELECT (SELECT DISTINCT score FROM p WHERE score IS NOT NULL ORDER BY score DESC LIMIT 1 OFFSET 1) AS second",
    );
    assert_eq!(exit, 0, "{doc}");
}

#[test]
fn duplicates_count() {
    let env = Env::new();
    let (exit, doc) = check_json(
        &env,
        "4",
        "SELECT MAX(score) AS second FROM p WHERE score < (SELECT MAX(score) FROM p) UNION ALL SELECT 80 WHERE 0",
    );
    assert_eq!(exit, 0, "{doc}");
    let (exit, doc) = check_json(
        &env,
        "4",
        "SELECT MAX(score) AS second FROM p WHERE score < (SELECT MAX(score) FROM p) UNION ALL SELECT MAX(score) FROM p WHERE score < (SELECT MAX(score) FROM p)",
    );
    assert_eq!(exit, 1);
    assert_eq!(doc["extra_total"], 1);
}

#[test]
fn column_count_must_match() {
    let env = Env::new();
    let (exit, doc) = check_json(&env, "4", "SELECT MAX(score) AS second, 1 FROM p");
    assert_eq!(exit, 1);
    assert_eq!(code(&doc), "columns");
}

#[test]
fn column_names_are_checked_case_insensitively_with_a_clear_message() {
    let env = Env::new();
    let (exit, _) = check_json(
        &env,
        "2",
        "SELECT dept AS DEPT, ROUND(AVG(score), 2) AS AVG_SCORE FROM p GROUP BY dept",
    );
    assert_eq!(exit, 0);
    let (exit, doc) = check_json(
        &env,
        "2",
        "SELECT dept, ROUND(AVG(score), 2) AS average FROM p GROUP BY dept",
    );
    assert_eq!(exit, 1);
    assert_eq!(code(&doc), "column-names");
    assert_eq!(
        doc["message"],
        "your rows are right; column 2 is named average, expected avg_score."
    );
}

#[test]
fn requires_and_forbids_are_read_from_the_ast_not_the_text() {
    let env = Env::new();
    let (exit, doc) = check_json(
        &env,
        "3",
        "SELECT id, name FROM (SELECT id, name, row_number() OVER (ORDER BY score DESC, id) AS n FROM p) WHERE n = 2 ORDER BY id -- LIMIT 1 OFFSET 1",
    );
    assert_eq!(exit, 1);
    assert_eq!(code(&doc), "requires");
    assert!(doc["message"].as_str().unwrap().contains("LIMIT"));
}

#[test]
fn forbidden_feature_fails_on_the_builtin_keyset_exercise() {
    let env = Env::new();
    let out = env
        .cmd()
        .args(["--json", "check", "9", "--sql", "SELECT id, title, published_at FROM article ORDER BY published_at DESC, id DESC LIMIT 10 OFFSET 10"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["code"], "forbids");
}

#[test]
fn script_exercise_is_checked_after_the_follow_up_change() {
    let env = Env::new();
    let (exit, doc) = check_json(
        &env,
        "5",
        "CREATE VIEW top AS SELECT name FROM p WHERE score >= 80;",
    );
    assert_eq!(exit, 0, "{doc}");
    let (exit, doc) = check_json(
        &env,
        "5",
        "CREATE TABLE top AS SELECT name FROM p WHERE score >= 80;",
    );
    assert_eq!(exit, 1);
    assert_eq!(doc["missing"]["rows"][0][0], "zed");
}

#[test]
fn script_errors_are_reported_and_later_statements_still_run() {
    let env = Env::new();
    let (exit, doc) = check_json(
        &env,
        "5",
        "INSERT INTO nowhere VALUES (1); CREATE VIEW top AS SELECT name FROM p WHERE score >= 80;",
    );
    assert_eq!(exit, 0, "{doc}");
    let (exit, doc) = check_json(
        &env,
        "5",
        "INSERT INTO nowhere VALUES (1); CREATE VIEW top AS SELECT name FROM p WHERE score > 80;",
    );
    assert_eq!(exit, 1);
    assert!(
        doc["details"][0]
            .as_str()
            .unwrap()
            .contains("statement 1 failed"),
        "{doc}"
    );
}

#[test]
fn plan_exercise_needs_a_search_on_both_columns() {
    let env = Env::new();
    let (exit, doc) = check_json(&env, "6", "CREATE INDEX i ON p(dept, score);");
    assert_eq!(exit, 0, "{doc}");
    let (exit, doc) = check_json(&env, "6", "CREATE INDEX i ON p(score, dept);");
    assert_eq!(exit, 1);
    assert_eq!(code(&doc), "plan");
    assert!(
        doc["details"].to_string().contains("SEARCH p")
            || doc["details"].to_string().contains("SCAN p"),
        "{doc}"
    );
}

#[test]
fn the_time_budget_stops_runaway_queries_with_a_clear_message() {
    let env = Env::new();
    let out = env
        .test_catalog()
        .args(["--json", "--timeout", "0.3", "check", "4", "--sql"])
        .arg("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) AS second FROM r")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["code"], "error");
    assert!(
        doc["message"].as_str().unwrap().contains("time budget"),
        "{doc}"
    );
}

#[test]
fn the_reference_is_never_shown_in_feedback() {
    let env = Env::new();
    let out = env
        .test_catalog()
        .args(["check", "1", "--sql", "SELECT name, score FROM p"])
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        !text.contains("score IS NOT NULL ORDER BY score DESC, name"),
        "{text}"
    );
}

#[test]
fn human_feedback_shows_missing_and_extra_rows_as_tables() {
    let env = Env::new();
    let out = env
        .test_catalog()
        .args([
            "check",
            "2",
            "--sql",
            "SELECT dept, ROUND(AVG(score), 2) AS avg_score FROM p WHERE id <= 5 GROUP BY dept",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Failed on dataset 'new-row': a sixth person joins dept a"),
        "{text}"
    );
    assert!(text.contains("Missing rows"));
    assert!(text.contains("Extra rows"));
    assert!(text.contains("│ a "), "{text}");
}
