//! Injected server and network faults (mock-gmail's fault model): each
//! becomes a specific, correct finding within the doctor's timeout.

use std::time::{Duration, Instant};

use mail_doctor::RemediationId as R;
use mock_gmail::model::faults::{Fault, FaultKind, FaultStage, TlsFault};
use mock_gmail::model::preset::{WORKSPACE_EMAIL, WORKSPACE_PASSWORD};
use mock_gmail::{ListenerKind, MockGmail};

use crate::support::config;

const TIMEOUT: Duration = Duration::from_millis(800);

async fn diagnose_with(listener: ListenerKind, kind: FaultKind) -> (mail_doctor::Report, Duration) {
    let mock = MockGmail::builder().mode("healthy").start().await.unwrap();
    mock.set_faults(vec![Fault {
        listener: Some(listener),
        kind,
    }]);
    let mut cfg = config(&mock, WORKSPACE_EMAIL, WORKSPACE_PASSWORD);
    cfg.timeout = TIMEOUT;
    let started = Instant::now();
    let r = mail_doctor::diagnose(&cfg).await.unwrap();
    let took = started.elapsed();
    mock.shutdown().await;
    (r, took)
}

fn check(r: &mail_doctor::Report, took: Duration, id: R, rule: &str) {
    assert_eq!(
        (r.remediation, r.rule.as_str()),
        (id, rule),
        "{:#?}",
        r.probes
    );
    assert!(r.recognised, "{rule} should be recognised");
    // Each step waits at most the timeout; a whole run stays well bounded.
    assert!(took < TIMEOUT * 6, "took {took:?}");
}

#[tokio::test]
async fn close_after_greeting() {
    let (r, t) = diagnose_with(ListenerKind::Imaps, FaultKind::CloseAfterGreeting).await;
    check(&r, t, R::RetryLater, "connection.dropped");
}

#[tokio::test]
async fn close_mid_command() {
    let (r, t) = diagnose_with(
        ListenerKind::Imaps,
        FaultKind::CloseAt {
            stage: FaultStage::Auth,
        },
    )
    .await;
    check(&r, t, R::RetryLater, "connection.dropped");
    assert_eq!(
        r.decided_by.unwrap().step,
        mail_doctor::probe::StepKind::ImapLogin
    );
}

#[tokio::test]
async fn stall_at_login() {
    let (r, t) = diagnose_with(
        ListenerKind::Imaps,
        FaultKind::StallAt {
            stage: FaultStage::Auth,
        },
    )
    .await;
    check(&r, t, R::RetryLater, "server.timeout");
}

#[tokio::test]
async fn stall_at_mail_from() {
    let (r, t) = diagnose_with(
        ListenerKind::Smtps,
        FaultKind::StallAt {
            stage: FaultStage::Mailbox,
        },
    )
    .await;
    check(&r, t, R::RetryLater, "server.timeout");
    assert_eq!(
        r.decided_by.unwrap().step,
        mail_doctor::probe::StepKind::Envelope
    );
}

#[tokio::test]
async fn slow_replies_within_the_timeout_still_work() {
    let (r, t) = diagnose_with(ListenerKind::Imaps, FaultKind::DelayEveryReply { ms: 50 }).await;
    check(&r, t, R::None, "all-probes-passed");
}

#[tokio::test]
async fn replies_slower_than_the_timeout() {
    let (r, t) = diagnose_with(ListenerKind::Imaps, FaultKind::DelayEveryReply { ms: 1500 }).await;
    check(&r, t, R::RetryLater, "server.timeout");
}

#[tokio::test]
async fn bye_unavailable() {
    let (r, t) = diagnose_with(ListenerKind::Imaps, FaultKind::Unavailable).await;
    check(&r, t, R::RetryLater, "server.temporary");
    assert!(
        r.evidence_text(mail_doctor::Lang::En)
            .iter()
            .any(|e| e.contains("* BYE [UNAVAILABLE]")),
        "{:?}",
        r.evidence
    );
}

#[tokio::test]
async fn smtp_unavailable() {
    let (r, t) = diagnose_with(ListenerKind::Smtps, FaultKind::Unavailable).await;
    check(&r, t, R::RetryLater, "server.temporary");
    assert!(
        r.evidence_text(mail_doctor::Lang::En)
            .iter()
            .any(|e| e.contains("421 4.3.0")),
        "{:?}",
        r.evidence
    );
}

#[tokio::test]
async fn plaintext_on_the_tls_port() {
    let (r, t) = diagnose_with(ListenerKind::Imaps, FaultKind::PlaintextOnTls).await;
    check(&r, t, R::CheckNetwork, "tls.plaintext-on-ssl-port");
}

#[tokio::test]
async fn certificate_for_another_name() {
    let (r, t) = diagnose_with(
        ListenerKind::Imaps,
        FaultKind::Tls {
            problem: TlsFault::WrongName,
        },
    )
    .await;
    check(&r, t, R::CheckTlsInterception, "tls.name-mismatch");
}

#[tokio::test]
async fn expired_certificate() {
    let (r, t) = diagnose_with(
        ListenerKind::Smtps,
        FaultKind::Tls {
            problem: TlsFault::Expired,
        },
    )
    .await;
    check(&r, t, R::CheckTlsInterception, "tls.expired");
}

#[tokio::test]
async fn certificate_from_an_unknown_ca() {
    let (r, t) = diagnose_with(
        ListenerKind::Imaps,
        FaultKind::Tls {
            problem: TlsFault::UnknownCa,
        },
    )
    .await;
    check(&r, t, R::CheckTlsInterception, "tls.unknown-issuer");
}
