//! Wrong settings customers really type, broken networks and certificates:
//! each gives a specific id and a useful message within the timeout.

use std::time::{Duration, Instant};

use mail_doctor::classify::{SettingsIssue, Temporary};
use mail_doctor::{RemediationId as R, Security};
use mock_gmail::model::preset::{WORKSPACE_EMAIL, WORKSPACE_PASSWORD};
use mock_gmail::MockGmail;

use crate::support::{config, ep};

async fn run(edit: impl FnOnce(&mut mail_doctor::Config)) -> mail_doctor::Report {
    let mock = MockGmail::builder().mode("healthy").start().await.unwrap();
    let mut cfg = config(&mock, WORKSPACE_EMAIL, WORKSPACE_PASSWORD);
    edit(&mut cfg);
    let r = mail_doctor::diagnose(&cfg).await.unwrap();
    mock.shutdown().await;
    r
}

#[tokio::test]
async fn closed_port() {
    let r = run(|c| c.imap = ep("imap.gmail.com", 995, Security::Ssl)).await;
    assert_eq!(r.remediation, R::FixConnectionSettings);
    assert_eq!(r.facts.settings, Some(SettingsIssue::Refused));
}

#[tokio::test]
async fn ssl_on_the_plaintext_imap_port() {
    let r = run(|c| c.imap = ep("imap.gmail.com", 143, Security::Ssl)).await;
    assert_eq!(
        (r.remediation, r.rule.as_str()),
        (R::FixConnectionSettings, "tls.plaintext-port")
    );
    assert_eq!(r.facts.settings, Some(SettingsIssue::PlaintextPort));
}

#[tokio::test]
async fn ssl_on_the_starttls_smtp_port() {
    let r = run(|c| c.smtp = ep("smtp.gmail.com", 587, Security::Ssl)).await;
    assert_eq!(r.remediation, R::FixConnectionSettings);
    assert_eq!(
        r.decided_by.as_ref().unwrap().protocol,
        mail_doctor::Protocol::Smtp
    );
}

#[tokio::test]
async fn starttls_on_the_ssl_port_is_a_silent_server() {
    let started = Instant::now();
    let r = run(|c| {
        c.imap = ep("imap.gmail.com", 993, Security::Starttls);
        c.timeout = Duration::from_millis(700);
    })
    .await;
    assert_eq!(
        (r.remediation, r.rule.as_str()),
        (R::FixConnectionSettings, "greeting.silent-tls-port")
    );
    assert_eq!(r.facts.settings, Some(SettingsIssue::TlsPort));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn starttls_submission_port_works() {
    let r = run(|c| c.smtp = ep("smtp.gmail.com", 587, Security::Starttls)).await;
    assert_eq!(r.remediation, R::None, "{:#?}", r.probes);
}

#[tokio::test]
async fn auth_before_starttls() {
    let r = run(|c| c.smtp = ep("smtp.gmail.com", 587, Security::None)).await;
    assert_eq!(
        (r.remediation, r.rule.as_str()),
        (R::FixConnectionSettings, "auth.must-starttls")
    );
    assert!(
        r.evidence_text(mail_doctor::Lang::En)
            .iter()
            .any(|e| e.contains("530 5.7.0 Must issue a STARTTLS command first")),
        "{:?}",
        r.evidence
    );
}

#[tokio::test]
async fn unknown_host() {
    let r = run(|c| c.imap = ep("imap.google.com", 993, Security::Ssl)).await;
    assert_eq!(
        (r.remediation, r.rule.as_str()),
        (R::FixConnectionSettings, "dns.no-such-host")
    );
}

#[tokio::test]
async fn web_host_instead_of_imap_host() {
    let r = run(|c| c.imap = ep("gmail.com", 993, Security::Ssl)).await;
    assert_eq!(r.remediation, R::FixConnectionSettings);
}

#[tokio::test]
async fn untrusted_certificate() {
    let r = run(|c| c.ca_pem = None).await;
    assert_eq!(
        (r.remediation, r.rule.as_str()),
        (R::CheckTlsInterception, "tls.unknown-issuer")
    );
}

#[tokio::test]
async fn slow_server_times_out_with_retry_later() {
    // A server that accepts and then says nothing at all.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = silent.local_addr().unwrap();
    let hold = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((s, _)) = silent.accept().await {
            held.push(s);
        }
    });
    let started = Instant::now();
    let r = run(|c| {
        c.timeout = Duration::from_millis(500);
        c.network.connect_to.insert(
            0,
            mail_doctor::ConnectTo {
                host: "imap.gmail.com".into(),
                port: Some(993),
                addr,
            },
        );
    })
    .await;
    assert_eq!(
        (r.remediation, r.rule.as_str()),
        (R::RetryLater, "tls.timeout")
    );
    assert_eq!(r.facts.temporary, Some(Temporary::Slow));
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    hold.abort();
}

#[tokio::test]
async fn a_trickling_server_cannot_hold_the_doctor_past_its_timeout() {
    use tokio::io::AsyncWriteExt;
    // Plaintext "IMAP" that sends one byte every 100 ms and never a line end.
    let slow = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = slow.local_addr().unwrap();
    let task = tokio::spawn(async move {
        while let Ok((mut s, _)) = slow.accept().await {
            tokio::spawn(async move {
                loop {
                    if s.write_all(b"*").await.is_err() {
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            });
        }
    });
    let started = Instant::now();
    let r = run(|c| {
        c.timeout = Duration::from_millis(600);
        c.imap = ep("imap.gmail.com", 143, Security::Starttls);
        c.network.connect_to.insert(
            0,
            mail_doctor::ConnectTo {
                host: "imap.gmail.com".into(),
                port: Some(143),
                addr,
            },
        );
    })
    .await;
    assert_eq!(r.remediation, R::FixConnectionSettings, "{:#?}", r.probes);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "the doctor waited {:?}",
        started.elapsed()
    );
    task.abort();
}
