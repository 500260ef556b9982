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

/// A relay that admits the client by its IP address and offers no AUTH
/// after STARTTLS (the relay service's AUTH is optional): the doctor signs
/// in nowhere, skips the AUTH step, and the accepted envelope is healthy —
/// not "no authentication without TLS".
#[tokio::test]
async fn a_relay_without_auth_on_offer_is_judged_by_its_envelope() {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

    let material = mock_gmail::TlsMaterial::generate().unwrap();
    let server_config = material.server_config().unwrap();
    let mock = MockGmail::builder()
        .mode("healthy")
        .tls_material(material)
        .start()
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let relay_addr = listener.local_addr().unwrap();
    // One connection: the probe (the library check is off).
    let relay = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        let mut plain = BufReader::new(tcp);
        plain
            .get_mut()
            .write_all(b"220 smtp-relay.gmail.com ESMTP x - gsmtp\r\n")
            .await
            .unwrap();
        let mut line = String::new();
        plain.read_line(&mut line).await.unwrap();
        assert!(line.starts_with("EHLO"), "{line}");
        plain
            .get_mut()
            .write_all(b"250-smtp-relay.gmail.com at your service, [127.0.0.1]\r\n250-STARTTLS\r\n250 ENHANCEDSTATUSCODES\r\n")
            .await
            .unwrap();
        line.clear();
        plain.read_line(&mut line).await.unwrap();
        assert_eq!(line, "STARTTLS\r\n");
        plain
            .get_mut()
            .write_all(b"220 2.0.0 Ready to start TLS\r\n")
            .await
            .unwrap();
        let tls = tokio_rustls::TlsAcceptor::from(server_config)
            .accept(plain.into_inner())
            .await
            .unwrap();
        let mut s = BufReader::new(tls);
        let mut seen = Vec::new();
        loop {
            let mut line = String::new();
            if s.read_line(&mut line).await.unwrap() == 0 {
                break;
            }
            let verb = line.split([' ', ':', '\r']).next().unwrap_or("").to_owned();
            let reply: &[u8] = match verb.as_str() {
                "EHLO" => b"250-smtp-relay.gmail.com at your service, [127.0.0.1]\r\n250 ENHANCEDSTATUSCODES\r\n",
                "MAIL" => b"250 2.1.0 OK x - gsmtp\r\n",
                "RCPT" => b"250 2.1.5 OK x - gsmtp\r\n",
                "RSET" => b"250 2.1.5 Flushed x - gsmtp\r\n",
                "QUIT" => b"221 2.0.0 closing connection x - gsmtp\r\n",
                _ => b"502 5.5.1 Unrecognized command. x - gsmtp\r\n",
            };
            s.write_all(reply).await.unwrap();
            seen.push(verb.clone());
            if verb == "QUIT" {
                break;
            }
        }
        seen
    });
    let mut cfg = config(&mock, WORKSPACE_EMAIL, WORKSPACE_PASSWORD);
    cfg.library_check = false;
    cfg.smtp = ep("smtp-relay.gmail.com", 587, Security::Starttls);
    cfg.network.connect_to.insert(
        0,
        mail_doctor::ConnectTo {
            host: "smtp-relay.gmail.com".into(),
            port: Some(587),
            addr: relay_addr,
        },
    );
    let r = mail_doctor::diagnose(&cfg).await.unwrap();
    let seen = relay.await.unwrap();
    assert_eq!(seen, ["EHLO", "MAIL", "RCPT", "RSET", "QUIT"]);
    assert_eq!(r.remediation, R::None, "{:#?}", r.transcripts);
    let auth = r
        .probes
        .iter()
        .find(|p| p.step == mail_doctor::probe::StepKind::SmtpAuth)
        .unwrap();
    assert_eq!(auth.outcome, mail_doctor::probe::Outcome::Skipped);
    mock.shutdown().await;
}
