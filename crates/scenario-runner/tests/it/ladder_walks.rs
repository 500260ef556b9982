//! Walks over the ladder's dates and delays (issue 15): the scenario files
//! run against real mocks, and each walk's rules and applied actions are
//! checked, not only its ids — so a walk that reaches `none` for the wrong
//! reason (a repeated step, the right account switched on first) fails.

use mail_doctor::classify::Rule;
use mail_doctor::RemediationId as R;
use scenario_runner::{run_scenario, Outcome, Scenario};

/// Runs a scenario file from `scenarios/` and requires it to pass.
async fn file(name: &str) -> Outcome {
    let path = crate::scenario_dir().join(format!("{name}.toml"));
    let s = Scenario::load(&path).unwrap();
    let o = run_scenario(&s).await;
    assert!(
        o.passed,
        "{name}: expected {:?}, chose {:?}, error {:?}",
        o.expected, o.chosen, o.error
    );
    o
}

fn rules(o: &Outcome) -> Vec<Rule> {
    o.steps.iter().map(|s| s.rule).collect()
}

fn actions(o: &Outcome, step: usize) -> String {
    o.steps[step]
        .applied
        .as_ref()
        .map(|a| a.actions.join(" | "))
        .unwrap_or_default()
}

/// Every admin setting's walk: the step, then `retry-later` naming that
/// setting (the mock still enforces the old one), then `none` after a day.
#[tokio::test]
async fn every_admin_setting_waits_for_propagation() {
    for (name, step, waiting) in [
        (
            "imap-disabled-propagation-24h",
            R::EnableImap,
            Rule::AuthImapDisabledDomainPropagating,
        ),
        (
            "external-smtp-propagation",
            R::AllowExternalSmtp,
            Rule::SendRefusedByPolicyPropagating,
        ),
        (
            "relay-propagation",
            R::ConfigureSmtpRelay,
            Rule::SendRelayPropagating,
        ),
        (
            "less-secure-propagation-24h",
            R::AllowLessSecureApps,
            Rule::AuthWebLoginPropagating,
        ),
    ] {
        let o = file(name).await;
        assert_eq!(o.chosen, [step, R::RetryLater, R::None], "{name}");
        assert_eq!(rules(&o)[1], waiting, "{name}");
        let plan = serde_json::to_string(&o.steps[1].report.plan).unwrap();
        assert!(plan.contains("retry-propagation-summary"), "{name}: {plan}");
        assert!(actions(&o, 1).contains("waited 24 hours"), "{name}");
    }
}

/// The same IMAP walk without a delay never waits: the expectation with
/// `retry-later` fails, so the propagation walk above proves the delay.
#[tokio::test]
async fn without_a_delay_there_is_nothing_to_wait_for() {
    let toml =
        std::fs::read_to_string(crate::scenario_dir().join("imap-disabled-propagation-24h.toml"))
            .unwrap()
            .replace("propagation = { after = 86400 }\n", "");
    let s = Scenario::parse(&toml, std::path::Path::new("immediate.toml")).unwrap();
    let o = run_scenario(&s).await;
    assert!(!o.passed);
    assert_eq!(o.chosen, [R::EnableImap, R::None]);
}

/// The article's warning as a walk: the switch goes on in the private
/// account first, so after a day Gmail still refuses; the doctor says to
/// check the signed-in account, and switched on in the company one it
/// works.
#[tokio::test]
async fn the_wrong_account_first_then_the_company_one() {
    let o = file("less-secure-wrong-account-first").await;
    assert_eq!(
        rules(&o),
        [
            Rule::AuthWebLoginLessSecure,
            Rule::AuthWebLoginPropagating,
            Rule::AuthWebLoginCheckAccount,
            Rule::AllProbesPassed,
        ]
    );
    assert!(
        actions(&o, 0).contains("private account anna.nowak.prywatnie@gmail.com"),
        "{}",
        actions(&o, 0)
    );
    assert!(
        actions(&o, 2).contains("signed in as anna.nowak@firma.example and turned on"),
        "{}",
        actions(&o, 2)
    );
    let plan = serde_json::to_string(&o.steps[2].report.plan).unwrap();
    assert!(plan.contains("less-secure-caveat-check-account"), "{plan}");
}

/// The windows, one customer each: a company account in 2023 still gets
/// the article's step 2 while the same person's private account gets an
/// app password; in July 2024 a domain that never used the setting gets an
/// app password (never sent looking for it), one that had it on still
/// signs in, and after 2024-09-30 nobody does.
#[tokio::test]
async fn the_windows_between_the_cut_offs() {
    let o = file("workspace-2023-company-account").await;
    assert_eq!(rules(&o)[0], Rule::AuthWebLoginLessSecure);
    let o = file("personal-account-2023-same-customer").await;
    assert_eq!(rules(&o)[0], Rule::AuthInvalidCredentialsAfterCutoff);
    let o = file("workspace-2024-07-never-used").await;
    assert_eq!(rules(&o)[0], Rule::AuthWebLoginSettingGone);
    let plan = serde_json::to_string(&o.steps[0].report.plan).unwrap();
    assert!(plan.contains("app-password-summary-setting-gone"), "{plan}");
    let o = file("workspace-2024-07-already-on").await;
    assert_eq!(rules(&o), [Rule::AllProbesPassed]);
    let o = file("workspace-2024-10-after-cutoff").await;
    assert_eq!(rules(&o)[0], Rule::AuthInvalidCredentialsAfterCutoff);
}

/// The App passwords page by era: the menus in 2022, a name and "Create"
/// from 2023 — in the advice and in what the walk's user does.
#[tokio::test]
async fn the_app_password_page_follows_the_era() {
    let o = file("app-password-ui-2022").await;
    let plan = serde_json::to_string(&o.steps[0].report.plan).unwrap();
    assert!(
        plan.contains("\"app-password-step-name\"") && !plan.contains("step-name-create"),
        "{plan}"
    );
    assert!(actions(&o, 0).contains("Other: \"CRM\""));
    let o = file("workspace-2024-10-after-cutoff").await;
    let plan = serde_json::to_string(&o.steps[0].report.plan).unwrap();
    assert!(plan.contains("app-password-step-name-create"), "{plan}");
    assert!(actions(&o, 0).contains("named \"CRM\""));
}
