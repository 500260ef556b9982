//! Walks through the sending remediations (issue 14): each scenario is
//! parsed from text here, run against a real mock, and must end in `none`
//! — which proves the walk's arm changes the mock the way the admin or
//! user would (a "Send mail as" entry, the relay's settings, a day passing).

use std::path::Path;

use mail_doctor::RemediationId as R;
use scenario_runner::{run_scenario, Scenario};

/// Runs one scenario given as TOML and returns the ids the doctor chose.
async fn walk(name: &str, toml: &str) -> Vec<R> {
    let s = Scenario::parse(toml, Path::new(&format!("{name}.toml"))).unwrap();
    let o = run_scenario(&s).await;
    assert!(
        o.passed,
        "{name}: expected {:?}, chose {:?}, error {:?}",
        o.expected, o.chosen, o.error
    );
    o.chosen
}

#[tokio::test]
async fn the_gateway_alias_preset_sends_as_its_alias_by_default() {
    let chosen = walk(
        "gateway",
        r#"
description = "the preset's customer sends as its own-server alias"
as_of = 2020-06-01
mode = "external-smtp-denied"
[customer]
secret = "account-password"
[expect]
walk = ["allow-external-smtp", "none"]
"#,
    )
    .await;
    assert_eq!(chosen, [R::AllowExternalSmtp, R::None]);
}

#[tokio::test]
async fn an_outside_sender_is_added_under_send_mail_as() {
    let chosen = walk(
        "rewritten",
        r#"
description = "an outside From is rewritten until the user adds it"
as_of = 2020-06-01
mode = "healthy"
[customer]
secret = "account-password"
from = "oferty@partner.example"
send_test = true
[expect]
walk = ["add-send-as-address", "none"]
"#,
    )
    .await;
    assert_eq!(chosen, [R::AddSendAsAddress, R::None]);
}

#[tokio::test]
async fn the_daily_limit_passes_after_a_day() {
    let chosen = walk(
        "limit",
        r#"
description = "the account starts at its daily limit"
as_of = 2020-06-01
mode = "healthy"
[[accounts]]
email = "anna.nowak@firma.example"
password = "Wiosna-2020"
daily_sending_limit = 2
sent_last_24h = 2
[customer]
secret = "account-password"
send_test = true
[expect]
walk = ["sending-limit-reached", "none"]
"#,
    )
    .await;
    assert_eq!(chosen, [R::SendingLimitReached, R::None]);
}

#[tokio::test]
async fn the_relay_service_is_configured_by_the_admin() {
    let chosen = walk(
        "relay",
        r#"
description = "the CRM sends through smtp-relay.gmail.com, not set up yet"
as_of = 2020-06-01
mode = "healthy"
[customer]
secret = "account-password"
smtp = { host = "smtp-relay.gmail.com", port = 587, security = "starttls" }
[expect]
walk = ["configure-smtp-relay", "none"]
"#,
    )
    .await;
    assert_eq!(chosen, [R::ConfigureSmtpRelay, R::None]);
}

#[tokio::test]
async fn the_relay_admits_an_outside_sender_only_with_any_addresses() {
    let chosen = walk(
        "relay-outside",
        r#"
description = "the CRM sends as an outside brand address through the relay"
as_of = 2020-06-01
mode = "healthy"
[customer]
secret = "account-password"
from = "newsletter@marka.example"
smtp = { host = "smtp-relay.gmail.com", port = 587, security = "starttls" }
[expect]
walk = ["configure-smtp-relay", "none"]
"#,
    )
    .await;
    assert_eq!(chosen, [R::ConfigureSmtpRelay, R::None]);
}
