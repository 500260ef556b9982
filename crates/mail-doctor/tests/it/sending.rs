//! Sending as Gmail does it (DESIGN.md "Sending"), diagnosed over real
//! sockets against the mock: a "Send mail as" address through its own
//! server, an outside address Gmail rewrites, the daily limit, and the
//! SMTP relay service before and after the admin configures it.

use std::time::Duration;

use mail_doctor::report::{json, text};
use mail_doctor::{Lang, RemediationId as R, Report, Security};
use mock_gmail::model::preset::{GATEWAY_ALIAS, WORKSPACE_EMAIL, WORKSPACE_PASSWORD};
use mock_gmail::{MockGmail, MockHandle, SendAs, SendVia};

use crate::support::{config, ep};

/// An outside address the account has not confirmed.
const OUTSIDE: &str = "oferty@partner.example";

/// Diagnoses the Workspace preset account, sending as `from`.
async fn diagnose(mock: &MockHandle, from: Option<&str>, send_test: bool) -> Report {
    let mut cfg = config(mock, WORKSPACE_EMAIL, WORKSPACE_PASSWORD);
    cfg.from = from.map(str::to_owned);
    cfg.send_test = send_test;
    mail_doctor::diagnose(&cfg).await.unwrap()
}

/// Through the relay service on 587 with STARTTLS.
async fn diagnose_relay(mock: &MockHandle, from: Option<&str>) -> Report {
    let mut cfg = config(mock, WORKSPACE_EMAIL, WORKSPACE_PASSWORD);
    cfg.smtp = ep("smtp-relay.gmail.com", 587, Security::Starttls);
    cfg.from = from.map(str::to_owned);
    mail_doctor::diagnose(&cfg).await.unwrap()
}

#[tokio::test]
async fn an_alias_through_its_own_server_needs_the_per_user_gateway_setting() {
    let mock = MockGmail::builder()
        .mode("external-smtp-denied")
        .start()
        .await
        .unwrap();
    let r = diagnose(&mock, Some(GATEWAY_ALIAS), false).await;
    assert_eq!(
        (r.remediation, r.rule.as_str()),
        (R::AllowExternalSmtp, "send.refused-by-policy"),
        "{:#?}",
        r.probes
    );
    // The mock is in the article's era: the article's menu path.
    let en = text::render(&r, Lang::En, false);
    assert!(en.contains(GATEWAY_ALIAS), "{en}");
    assert!(en.contains("Gmail > Advanced settings"), "{en}");
    // Reasoned with today's date: today's console and label.
    let mut cfg = config(&mock, WORKSPACE_EMAIL, WORKSPACE_PASSWORD);
    cfg.from = Some(GATEWAY_ALIAS.into());
    cfg.as_of = "2026-11-28".parse().unwrap();
    let today = mail_doctor::diagnose(&cfg).await.unwrap();
    assert_eq!(today.remediation, R::AllowExternalSmtp);
    let en = text::render(&today, Lang::En, false);
    assert!(
        en.contains("Gmail > End User Access") && en.contains("Allow per-user outbound gateways"),
        "{en}"
    );
    // The same account sending as itself: Gmail always accepts it.
    assert_eq!(diagnose(&mock, None, false).await.remediation, R::None);
    mock.update_policy(|p| p.external_smtp_allowed = true);
    assert_eq!(
        diagnose(&mock, Some(GATEWAY_ALIAS), false)
            .await
            .remediation,
        R::None
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn an_outside_address_is_rewritten_and_the_report_shows_both() {
    let mock = MockGmail::builder().mode("healthy").start().await.unwrap();
    // Without a test message nothing can show it: the report says so.
    let r = diagnose(&mock, Some(OUTSIDE), false).await;
    assert_eq!(r.remediation, R::None);
    assert!(text::render(&r, Lang::En, false).contains("--send-test"));

    let r = diagnose(&mock, Some(OUTSIDE), true).await;
    assert_eq!(
        (r.remediation, r.rule.as_str()),
        (R::AddSendAsAddress, "send-test.from-rewritten"),
        "{:#?}",
        r.probes
    );
    for lang in [Lang::En, Lang::Pl] {
        let t = text::render(&r, lang, false);
        assert!(t.contains(OUTSIDE) && t.contains(WORKSPACE_EMAIL), "{t}");
    }
    let j: serde_json::Value = serde_json::from_str(&json::render(&r, Lang::En)).unwrap();
    assert_eq!(j["remediation"], "add-send-as-address");
    assert_eq!(j["facts"]["from_requested"], OUTSIDE);
    assert_eq!(j["facts"]["from_delivered"], WORKSPACE_EMAIL);
    let delivery = j["probes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["step"] == "delivery")
        .unwrap();
    assert_eq!(delivery["from_requested"], OUTSIDE);
    assert_eq!(delivery["from_delivered"], WORKSPACE_EMAIL);

    // The user adds and confirms the address under "Send mail as".
    mock.update_account(WORKSPACE_EMAIL, |a| {
        a.send_as.push(SendAs {
            address: OUTSIDE.into(),
            via: SendVia::Gmail,
        })
    })
    .unwrap();
    let r = diagnose(&mock, Some(OUTSIDE), true).await;
    assert_eq!(r.remediation, R::None, "{:#?}", r.probes);
    assert!(r.ruled_out.iter().any(|o| o.id == R::AddSendAsAddress));
    mock.shutdown().await;
}

#[tokio::test]
async fn the_daily_limit_is_sending_limit_reached_until_the_day_rolls_over() {
    let mock = MockGmail::builder().mode("healthy").start().await.unwrap();
    mock.update_account(WORKSPACE_EMAIL, |a| {
        a.daily_sending_limit = Some(3);
        a.sent_last_24h = 3;
    })
    .unwrap();
    // The envelope alone does not show it (Gmail answers at the end of DATA).
    assert_eq!(diagnose(&mock, None, false).await.remediation, R::None);
    let r = diagnose(&mock, None, true).await;
    assert_eq!(
        (r.remediation, r.rule.as_str(), r.who),
        (
            R::SendingLimitReached,
            "send.daily-limit",
            mail_doctor::Actor::User
        ),
        "{:#?}",
        r.probes
    );
    let en = text::render(&r, Lang::En, false);
    assert!(en.contains("5.4.5") && en.contains("2000"), "{en}");
    mock.advance(Duration::from_secs(24 * 3600));
    assert_eq!(diagnose(&mock, None, true).await.remediation, R::None);
    mock.shutdown().await;
}

#[tokio::test]
async fn the_relay_service_refuses_until_the_admin_configures_it() {
    let mock = MockGmail::builder().mode("healthy").start().await.unwrap();
    let r = diagnose_relay(&mock, None).await;
    assert_eq!(
        (r.remediation, r.rule.as_str(), r.who),
        (
            R::ConfigureSmtpRelay,
            "send.relay.denied",
            mail_doctor::Actor::WorkspaceAdmin
        ),
        "{:#?}",
        r.transcripts
    );
    let en = text::render(&r, Lang::En, false);
    assert!(
        en.contains("Mail relay denied") && en.contains("\"SMTP relay service\""),
        "{en}"
    );

    mock.update_policy(|p| {
        p.smtp_relay.enabled = true;
        p.smtp_relay.allowed_ips.push("127.0.0.1/32".into());
    });
    let r = diagnose_relay(&mock, None).await;
    assert_eq!(r.remediation, R::None, "{:#?}", r.transcripts);

    // An outside sender is not among "addresses in my domains".
    let r = diagnose_relay(&mock, Some(OUTSIDE)).await;
    assert_eq!(
        (r.remediation, r.rule.as_str()),
        (R::ConfigureSmtpRelay, "send.relay.sender-not-in-domains"),
        "{:#?}",
        r.transcripts
    );
    mock.shutdown().await;
}
