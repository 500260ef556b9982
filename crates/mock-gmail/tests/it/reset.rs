//! `MockHandle::reset`: the world as the mock started, between test cases,
//! with the connections of the old world closed.

use std::time::Duration;

use mock_gmail::model::faults::{Fault, FaultKind};
use mock_gmail::model::preset::{WORKSPACE_EMAIL, WORKSPACE_PASSWORD};
use mock_gmail::model::{Account, LessSecureApps};
use mock_gmail::seed::sample;
use mock_gmail::transcript::ListenerKind;
use mock_gmail::MockGmail;

use crate::support::{imap_client, mail};

#[tokio::test]
async fn reset_restores_state_and_closes_old_sessions() {
    let start_fault = Fault {
        listener: Some(ListenerKind::Submission),
        kind: FaultKind::Unavailable,
    };
    let mock = MockGmail::builder()
        .mode("healthy")
        .faults(vec![start_fault])
        .start()
        .await
        .unwrap();
    assert_eq!(mock.faults(), vec![start_fault]);
    let policy0 = mock.policy();
    let accounts0 = mock.accounts();
    let inbox0 = mock.mailbox_messages(WORKSPACE_EMAIL, "INBOX").unwrap();
    assert_eq!(
        inbox0.len(),
        sample::MESSAGES
            .iter()
            .filter(|m| m.folders.contains(&"INBOX"))
            .count()
    );

    // A session that stays open across the reset.
    let (ca, addr) = (mock.ca_pem().to_owned(), mock.imaps_addr());
    let mut old = tokio::task::spawn_blocking(move || {
        let mut s = imap_session_at(addr, &ca);
        s.select("INBOX").unwrap();
        s
    })
    .await
    .unwrap();
    assert_eq!(mock.live_imap_sessions(WORKSPACE_EMAIL), 1);

    // Change everything a test case might.
    mock.update_policy(|p| p.less_secure_apps = LessSecureApps::Disabled);
    mock.add_account(Account::new("new@firma.example", "pw"));
    mock.update_account(WORKSPACE_EMAIL, |a| a.two_step_verification = true)
        .unwrap();
    mock.deliver(
        WORKSPACE_EMAIL,
        mail("a@b.example", WORKSPACE_EMAIL, "x", "", "y"),
    )
    .unwrap();
    mock.set_faults(Vec::new());
    mock.advance(Duration::from_secs(3600));
    assert!(!mock.transcripts().is_empty());

    mock.reset();
    assert_eq!(mock.policy(), policy0);
    assert_eq!(mock.accounts(), accounts0);
    assert_eq!(
        mock.mailbox_messages(WORKSPACE_EMAIL, "INBOX").unwrap(),
        inbox0
    );
    assert!(mock.messages().is_empty());
    assert_eq!(mock.faults(), vec![start_fault]);
    assert_eq!(mock.live_imap_sessions(WORKSPACE_EMAIL), 0);

    // The old session is told goodbye; its end does not disturb the
    // new world's connection count.
    let r = tokio::task::spawn_blocking(move || old.noop())
        .await
        .unwrap();
    assert!(r.is_err(), "the old session was closed: {r:?}");
    tokio::time::sleep(Duration::from_millis(50)).await;
    let mock_ca = mock.ca_pem().to_owned();
    let addr = mock.imaps_addr();
    let mut fresh = tokio::task::spawn_blocking(move || imap_session_at(addr, &mock_ca))
        .await
        .unwrap();
    // The new login is counted once its session task has run; wait for
    // that (bounded) rather than for a fixed pause, then give a wrong
    // decrement by the old session's end a moment to show.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while mock.live_imap_sessions(WORKSPACE_EMAIL) != 1 {
        assert!(
            std::time::Instant::now() < deadline,
            "live sessions: {}",
            mock.live_imap_sessions(WORKSPACE_EMAIL)
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(mock.live_imap_sessions(WORKSPACE_EMAIL), 1);
    tokio::task::spawn_blocking(move || fresh.logout().unwrap())
        .await
        .unwrap();

    // Transcripts start afresh (only the connection made after the reset).
    assert!(mock
        .transcripts()
        .iter()
        .all(|t| t.listener == ListenerKind::Imaps));
    assert!(mock.transcripts().len() <= 2);
    mock.shutdown().await;
}

fn imap_session_at(addr: std::net::SocketAddr, ca: &str) -> imap::Session<crate::support::SyncTls> {
    imap_client(addr, ca)
        .login(WORKSPACE_EMAIL, WORKSPACE_PASSWORD)
        .map_err(|(e, _)| e)
        .unwrap()
}
