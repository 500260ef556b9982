//! The scenario suite (`just test-scenarios`): every `scenarios/*.toml`
//! runs through the scenario runner — an in-process mock per scenario, the
//! doctor against it, whole remediation walks — and gets one insta
//! snapshot holding the chosen ids, the walk and the first diagnosis
//! rendered three ways — the EN text, the PL text and the JSON — so a
//! regression in either language or in the JSON shows in review. Ports,
//! Gmail's random ids and timings are redacted.
//!
//! Run with `-- --nocapture` to see a progress line per scenario and the
//! `N passed, 0 failed` summary.

use std::path::{Path, PathBuf};
use std::time::Instant;

use mail_doctor::report::{json, text, SNAPSHOT_FILTERS};
use mail_doctor::{Lang, RemediationId};
use scenario_runner::{output, run, Outcome};

fn scenario_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

fn snapshot_text(o: &Outcome) -> String {
    let ids = |v: &[RemediationId]| v.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(" → ");
    let mut s = format!(
        "scenario: {}\nexpected: {}\nchosen:   {}\n",
        o.name,
        ids(&o.expected),
        ids(&o.chosen)
    );
    s.push_str("\nwalk:\n");
    for (i, st) in o.steps.iter().enumerate() {
        s.push_str(&format!(
            "  {}. {} (rule {})\n",
            i + 1,
            st.remediation,
            st.rule
        ));
        if let Some(a) = &st.applied {
            for action in &a.actions {
                s.push_str(&format!("       applied: {action}\n"));
            }
        }
    }
    if let Some(r) = o.first_report() {
        // One diagnosis, three renderings.
        s.push_str("\n--- first report (EN) ---\n");
        s.push_str(&text::render(r, Lang::En, false));
        s.push_str("\n--- first report (PL) ---\n");
        s.push_str(&text::render(r, Lang::Pl, false));
        s.push_str("\n--- first report (JSON) ---\n");
        s.push_str(&json::render(r, Lang::En));
        s.push('\n');
    }
    s
}

#[test]
fn scenarios() {
    let files = run::discover(&[scenario_dir()]).expect("scenario directory");
    let scenarios = run::load_all(&files).unwrap_or_else(|errs| {
        panic!(
            "{}",
            errs.iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        );
    });
    assert!(
        scenarios.len() >= 30,
        "the suite must hold at least 30 scenarios, found {}",
        scenarios.len()
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    println!("{:>12} {} scenarios", "Starting", scenarios.len());
    let started = Instant::now();
    let outcomes = rt.block_on(run::run_all(scenarios, 8, |o| {
        println!("{}", output::progress_line(o))
    }));
    let wall = started.elapsed();
    println!("{}", output::summary(&outcomes, wall));

    let mut settings = insta::Settings::clone_current();
    for (re, with) in SNAPSHOT_FILTERS {
        settings.add_filter(re, *with);
    }
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        insta::glob!("../scenarios", "*.toml", |path| {
            let o = outcomes
                .iter()
                .find(|o| o.path == path)
                .unwrap_or_else(|| panic!("no outcome for {}", path.display()));
            insta::assert_snapshot!(snapshot_text(o));
        });
    });

    // Any change to an expectation must fail, with a readable diff.
    for o in &outcomes {
        let mut wrong = o.expected.clone();
        wrong[0] = if wrong[0] == RemediationId::UseAppPassword {
            RemediationId::AllowLessSecureApps
        } else {
            RemediationId::UseAppPassword
        };
        let judged = o.judged_against(wrong);
        assert!(
            !judged.passed,
            "{}: a changed expectation still passed",
            o.name
        );
        let diff = judged.diff();
        assert!(
            diff.contains("expected:")
                && diff.contains("chosen:")
                && diff.contains("first difference at step 1"),
            "{}: unreadable diff:\n{diff}",
            o.name
        );
    }

    let failed: Vec<String> = outcomes
        .iter()
        .filter(|o| !o.passed)
        .map(|o| format!("{}\n  {}", o.name, o.diff()))
        .collect();
    assert!(
        failed.is_empty(),
        "{} scenario(s) failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
}
