//! Bounded captures for a long-running mock: the newest N submissions and
//! transcripts are kept, the oldest dropped and counted; mailbox mail is
//! not a capture and stays until `clear_mailbox` (or `reset`).

use lettre::{AsyncTransport, Message};
use mock_gmail::model::preset::{WORKSPACE_EMAIL, WORKSPACE_PASSWORD};
use mock_gmail::store::names;
use mock_gmail::{MockGmail, MockHandle, Options, Retention};

use crate::support::{lettre_transport, wire_login};

async fn mock_keeping(max_messages: usize, max_transcripts: usize) -> MockHandle {
    MockGmail::builder()
        .mode("healthy")
        .sample_mailbox(false)
        .options(Options {
            max_messages,
            max_transcripts,
            ..Options::default()
        })
        .start()
        .await
        .unwrap()
}

/// Sends `n` messages with lettre, one connection each (lettre's pool
/// would otherwise reuse one SMTP session; a CRM test case opens its own).
async fn send(mock: &MockHandle, n: usize) {
    for i in 0..n {
        let msg = Message::builder()
            .from(WORKSPACE_EMAIL.parse().unwrap())
            .to(WORKSPACE_EMAIL.parse().unwrap())
            .subject(format!("case {i}"))
            .body(format!("test case {i}\r\n"))
            .unwrap();
        lettre_transport(mock, true, WORKSPACE_EMAIL, WORKSPACE_PASSWORD)
            .send(msg)
            .await
            .unwrap();
    }
}

fn subjects(mock: &MockHandle) -> Vec<String> {
    mock.messages()
        .iter()
        .map(|m| {
            m.headers()
                .into_iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("subject"))
                .map(|(_, v)| v)
                .unwrap_or_default()
        })
        .collect()
}

#[tokio::test]
async fn only_the_newest_messages_are_kept_and_the_drops_counted() {
    let mock = mock_keeping(3, 0).await;
    send(&mock, 5).await;
    assert_eq!(subjects(&mock), ["case 2", "case 3", "case 4"]);
    let ids: Vec<u64> = mock.messages().iter().map(|m| m.id).collect();
    assert_eq!(ids, [3, 4, 5], "ids keep counting past the dropped");
    assert_eq!(
        mock.captures().messages,
        Retention {
            kept: 3,
            max: 3,
            dropped: 2
        }
    );
    // Gmail keeps mail: all five are still in the mailbox.
    assert_eq!(
        mock.mailbox_messages(WORKSPACE_EMAIL, names::INBOX)
            .unwrap()
            .len(),
        5
    );
    // Clearing captures starts the count afresh; ids go on.
    mock.clear_captures();
    assert_eq!(mock.captures().messages.dropped, 0);
    send(&mock, 1).await;
    assert_eq!(mock.messages()[0].id, 6);
    mock.shutdown().await;
}

#[tokio::test]
async fn only_the_newest_transcripts_are_kept() {
    let mock = mock_keeping(0, 2).await;
    send(&mock, 4).await;
    let t = mock.transcripts();
    assert_eq!(t.iter().map(|t| t.id).collect::<Vec<_>>(), [3, 4]);
    assert!(t.iter().all(|t| t.closed));
    assert_eq!(
        mock.captures().transcripts,
        Retention {
            kept: 2,
            max: 2,
            dropped: 2
        }
    );
    // 0 = unlimited for messages.
    assert_eq!(
        mock.captures().messages,
        Retention {
            kept: 4,
            max: 0,
            dropped: 0
        }
    );
    // A connection whose transcript was dropped while it is open keeps
    // working (it records into its own copy).
    let mut w = wire_login(&mock).await;
    send(&mock, 2).await;
    assert!(!mock.transcripts().iter().any(|t| t.id == 5));
    let r = w.cmd("a", "SELECT INBOX").await;
    assert!(r.last().unwrap().starts_with("a OK"), "{r:?}");
    mock.shutdown().await;
}

#[tokio::test]
async fn defaults_are_bounded() {
    let o = Options::default();
    assert_eq!((o.max_messages, o.max_transcripts), (500, 500));
}

#[tokio::test]
async fn clear_mailbox_deletes_the_mail_and_open_sessions_see_it() {
    let mock = mock_keeping(10, 10).await;
    send(&mock, 3).await;
    let mut w = wire_login(&mock).await;
    let r = w.cmd("s", "SELECT INBOX").await;
    assert!(r.iter().any(|l| l == "* 3 EXISTS"), "{r:?}");

    assert_eq!(mock.clear_mailbox(WORKSPACE_EMAIL).unwrap(), 3);
    for f in [names::INBOX, names::SENT, names::ALL_MAIL] {
        assert!(mock
            .mailbox_messages(WORKSPACE_EMAIL, f)
            .unwrap()
            .is_empty());
    }
    // Captures are separate and stay.
    assert_eq!(mock.messages().len(), 3);
    // The open session is told: three expunges (each renumbers, so `1`).
    let r = w.cmd("n", "NOOP").await;
    assert_eq!(r.iter().filter(|l| *l == "* 1 EXPUNGE").count(), 3, "{r:?}");
    // UIDs are not reused: the next message gets UID 4.
    send(&mock, 1).await;
    let r = w.cmd("m", "NOOP").await;
    assert!(r.iter().any(|l| l == "* 1 EXISTS"), "{r:?}");
    let r = w.cmd("f", "UID FETCH 1:* (UID)").await;
    assert!(r.iter().any(|l| l.contains("UID 4")), "{r:?}");
    assert!(matches!(
        mock.clear_mailbox("nobody@firma.example"),
        Err(mock_gmail::Error::NoSuchAccount(_))
    ));
    mock.shutdown().await;
}
