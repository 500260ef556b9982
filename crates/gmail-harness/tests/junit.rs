//! `gmail-harness scenarios --format junit` is valid JUnit XML: well-formed
//! (a real XML parser reads it), within the Jenkins/Surefire schema
//! `junit-10.xsd` that strict CI plugins validate against (checked here
//! rule by rule: which elements may appear where, required and allowed
//! attributes, the time format), one `<testcase>` per scenario, and every
//! failure or error with a message.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gmail-harness"))
}

/// What junit-10.xsd allows for one element.
struct Rule {
    /// Attributes it may have.
    allowed: &'static [&'static str],
    /// Attributes it must have.
    required: &'static [&'static str],
    /// Child elements it may hold; `None`: text only.
    children: Option<&'static [&'static str]>,
}

/// junit-10.xsd, element by element (the elements gmail-harness may write
/// and their neighbours).
fn schema(element: &str) -> Option<Rule> {
    const MESSAGE: &[&str] = &["type", "message"];
    let text_only = |allowed| Rule {
        allowed,
        required: &[],
        children: None,
    };
    Some(match element {
        "testsuites" => Rule {
            allowed: &["name", "time", "tests", "failures", "errors"],
            required: &[],
            children: Some(&["testsuite"]),
        },
        "testsuite" => Rule {
            allowed: &[
                "name",
                "tests",
                "failures",
                "errors",
                "group",
                "time",
                "skipped",
                "timestamp",
                "hostname",
                "id",
                "package",
                "file",
                "log",
                "url",
            ],
            required: &["name", "tests", "failures", "errors"],
            children: Some(&[
                "testsuite",
                "properties",
                "testcase",
                "system-out",
                "system-err",
            ]),
        },
        "testcase" => Rule {
            allowed: &["name", "time", "classname", "group"],
            required: &["name"],
            children: Some(&[
                "skipped",
                "error",
                "failure",
                "rerunFailure",
                "rerunError",
                "flakyFailure",
                "flakyError",
                "system-out",
                "system-err",
            ]),
        },
        "failure" | "error" | "skipped" => text_only(MESSAGE),
        "system-out" | "system-err" => text_only(&[]),
        _ => return None,
    })
}

/// The schema's `SUREFIRE_TIME`: digits (with optional thousands commas)
/// and an optional decimal part.
fn is_surefire_time(t: &str) -> bool {
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    int.chars().all(|c| c.is_ascii_digit() || c == ',') && frac.chars().all(|c| c.is_ascii_digit())
}

/// Checks one element and its subtree against [`schema`].
fn check(node: roxmltree::Node<'_, '_>, errors: &mut Vec<String>) {
    let name = node.tag_name().name();
    let Some(Rule {
        allowed,
        required,
        children,
    }) = schema(name)
    else {
        errors.push(format!("<{name}> is not a JUnit element"));
        return;
    };
    for a in node.attributes() {
        if !allowed.contains(&a.name()) {
            errors.push(format!(
                "<{name}> has attribute {:?}, not allowed",
                a.name()
            ));
        }
    }
    for r in required {
        if node.attribute(*r).is_none() {
            errors.push(format!("<{name}> lacks required attribute {r:?}"));
        }
    }
    if matches!(name, "testsuites" | "testsuite") {
        if let Some(t) = node.attribute("time") {
            if !is_surefire_time(t) {
                errors.push(format!("<{name} time={t:?}> is not a SUREFIRE_TIME"));
            }
        }
    }
    for child in node.children().filter(|c| c.is_element()) {
        match children {
            Some(ok) if ok.contains(&child.tag_name().name()) => check(child, errors),
            _ => errors.push(format!(
                "<{}> may not appear in <{name}>",
                child.tag_name().name()
            )),
        }
    }
    if children.is_some() {
        for t in node.children().filter(|c| c.is_text()) {
            if !t.text().unwrap_or_default().trim().is_empty() {
                errors.push(format!(
                    "<{name}> holds text; the schema allows elements only"
                ));
            }
        }
    }
}

/// Parses and validates; returns the `<testcase>` elements' (name,
/// failure-or-error element name, its message).
fn validate(xml: &str) -> Vec<(String, Option<(String, String)>)> {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("not XML: {e}\n{xml}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites", "{xml}");
    let mut errors = Vec::new();
    check(root, &mut errors);
    assert!(errors.is_empty(), "schema violations: {errors:#?}\n{xml}");
    let mut cases = Vec::new();
    for suite in root.children().filter(|c| c.has_tag_name("testsuite")) {
        let count = |attr: &str| -> usize { suite.attribute(attr).unwrap().parse().unwrap() };
        let mut failures = 0;
        let mut errs = 0;
        let mut tests = 0;
        for case in suite.children().filter(|c| c.has_tag_name("testcase")) {
            tests += 1;
            let bad = case
                .children()
                .find(|c| c.has_tag_name("failure") || c.has_tag_name("error"));
            if let Some(b) = bad {
                if b.has_tag_name("failure") {
                    failures += 1;
                } else {
                    errs += 1;
                }
            }
            cases.push((
                case.attribute("name").unwrap().to_owned(),
                bad.map(|b| {
                    (
                        b.tag_name().name().to_owned(),
                        b.attribute("message").unwrap_or_default().to_owned(),
                    )
                }),
            ));
        }
        assert_eq!(count("tests"), tests, "tests= counts the testcases");
        assert_eq!(count("failures"), failures, "failures= counts <failure>s");
        assert_eq!(count("errors"), errs, "errors= counts <error>s");
    }
    cases
}

const SCENARIO: &str = r#"
description = "healthy"
as_of = 2020-06-01
mode = "healthy"

[customer]
secret = "account-password"

[expect]
remediation = "none"
"#;

#[test]
fn junit_output_is_valid_with_one_testcase_per_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write("passes.toml", SCENARIO);
    write(
        "mismatch.toml",
        &SCENARIO.replace("remediation = \"none\"", "remediation = \"enable-imap\""),
    );
    // Runs, but cannot: the customer's address has no account.
    write(
        "cannot-run.toml",
        &SCENARIO.replace(
            "secret = \"account-password\"",
            "secret = \"account-password\"\nemail = \"nobody@firma.example\"",
        ),
    );
    write("a&b <quoted>.toml", SCENARIO);
    let out = bin()
        .arg("scenarios")
        .arg(dir.path())
        .args(["--format", "junit"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "a mismatch exits 1");
    let xml = String::from_utf8(out.stdout).unwrap();
    let cases: BTreeMap<_, _> = validate(&xml).into_iter().collect();
    assert_eq!(cases.len(), 4, "{xml}");
    assert_eq!(cases["passes"], None);
    assert_eq!(
        cases["a&b <quoted>"], None,
        "names are escaped, not mangled"
    );
    let (kind, message) = cases["mismatch"].clone().unwrap();
    assert_eq!(kind, "failure");
    assert_eq!(message, "expected: enable-imap");
    let (kind, message) = cases["cannot-run"].clone().unwrap();
    assert_eq!(kind, "error");
    assert!(message.contains("nobody@firma.example"), "{message}");
}

#[test]
fn the_whole_suite_as_junit_has_a_testcase_per_file() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let files = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "toml")
        })
        .count();
    let out = bin()
        .arg("scenarios")
        .arg(&dir)
        .args(["--format", "junit"])
        .output()
        .unwrap();
    let xml = String::from_utf8(out.stdout).unwrap();
    let cases = validate(&xml);
    assert_eq!(cases.len(), files);
    assert_eq!(out.status.code(), Some(0), "{xml}");
    assert!(cases.iter().all(|(_, bad)| bad.is_none()), "{xml}");
}

/// The checker itself: what junit-10.xsd rejects, it reports — including
/// the `file` attribute on `<testcase>` that `scenarios` used to write.
#[test]
fn the_checker_catches_what_the_schema_rejects() {
    let xml = r#"<testsuites><testsuite name="s" tests="1" failures="0" time="1s"><testcase name="x" file="a.toml"><failure message="m" bogus="1"/><note/></testcase></testsuite></testsuites>"#;
    let doc = roxmltree::Document::parse(xml).unwrap();
    let mut errors = Vec::new();
    check(doc.root_element(), &mut errors);
    let expected = [
        "<testsuite> lacks required attribute \"errors\"",
        "<testsuite time=\"1s\"> is not a SUREFIRE_TIME",
        "<testcase> has attribute \"file\", not allowed",
        "<failure> has attribute \"bogus\", not allowed",
        "<note> may not appear in <testcase>",
    ];
    assert_eq!(errors, expected);
}
