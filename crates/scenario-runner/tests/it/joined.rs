//! Every scenario's task is joined: one that panics (here through the
//! test hook `run_all_with`, as a panic in the doctor or the mock would)
//! is a failed row with the panic message in the text summary, the JSON
//! and the JUnit, never a missing row.

use std::time::Duration;

use scenario_runner::{output, run, run_scenario, Scenario};

#[tokio::test]
async fn a_panicking_scenario_is_a_failed_row_with_its_message() {
    let dir = super::scenario_dir();
    let files = vec![
        dir.join("healthy.toml"),
        dir.join("bad-password.toml"),
        dir.join("imap-disabled.toml"),
    ];
    let scenarios = run::load_all(&files).expect("the scenario files parse");
    let mut reported = Vec::new();
    let outcomes = run::run_all_with(
        scenarios,
        2,
        |o| reported.push(o.name.clone()),
        |s: Scenario| async move {
            if s.name == "bad-password" {
                panic!("the doctor fell over on {}", s.name);
            }
            run_scenario(&s).await
        },
    )
    .await;

    assert_eq!(outcomes.len(), 3, "no row is lost");
    assert_eq!(
        reported.len(),
        3,
        "on_done saw every scenario, the panicked one too"
    );
    let names: Vec<&str> = outcomes.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(
        names,
        ["healthy", "bad-password", "imap-disabled"],
        "input order"
    );
    assert!(outcomes[0].passed && outcomes[2].passed, "{outcomes:#?}");
    let panicked = &outcomes[1];
    assert!(!panicked.passed);
    let msg = "the scenario panicked: the doctor fell over on bad-password";
    assert_eq!(panicked.error.as_deref(), Some(msg));
    assert!(
        !panicked.expected.is_empty(),
        "the row keeps its expectation"
    );

    let wall = Duration::from_millis(5);
    let text = output::summary(&outcomes, wall);
    assert!(
        text.contains("2 passed, 1 failed") && text.contains("FAIL bad-password"),
        "{text}"
    );
    assert!(output::progress_line(panicked).contains(msg));
    let json: serde_json::Value = serde_json::from_str(&output::json(&outcomes, wall)).unwrap();
    assert_eq!(json["failed"], 1);
    assert_eq!(json["scenarios"][1]["error"], msg);
    let xml = output::junit(&outcomes, wall, None);
    assert!(xml.contains("errors=\"1\""), "{xml}");
    assert!(
        xml.contains(&format!("<error message=\"error: {msg}\" type=\"error\">")),
        "{xml}"
    );
}
