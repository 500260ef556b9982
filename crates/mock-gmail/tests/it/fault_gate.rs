//! The fault gate both protocols share (`src/sans_io/fault_gate.rs`):
//! each fault strikes IMAP and SMTP at the same point, with the
//! protocol's own bytes, over real TLS sockets.

use std::time::Duration;

use mock_gmail::model::faults::{Fault, FaultKind, FaultStage};
use mock_gmail::model::preset::{WORKSPACE_EMAIL, WORKSPACE_PASSWORD};
use mock_gmail::{ListenerKind, MockGmail, MockHandle};

use crate::support::{mask_ids, plain, Wire};

#[derive(Debug, Clone, Copy)]
enum Proto {
    Imap,
    Smtp,
}

const BOTH: [Proto; 2] = [Proto::Imap, Proto::Smtp];

impl Proto {
    fn listener(self) -> ListenerKind {
        match self {
            Proto::Imap => ListenerKind::Imaps,
            Proto::Smtp => ListenerKind::Smtps,
        }
    }

    /// The greeting's first line, up to Gmail's token.
    fn greeting_prefix(self) -> &'static str {
        match self {
            Proto::Imap => "* OK Gimap ready for requests from 127.0.0.1 ",
            Proto::Smtp => "220 smtp.gmail.com ESMTP ",
        }
    }

    /// A sign-in command (fault stage `auth`), as one line.
    fn auth_line(self) -> String {
        match self {
            Proto::Imap => format!("a1 LOGIN {WORKSPACE_EMAIL} {WORKSPACE_PASSWORD}"),
            Proto::Smtp => format!("AUTH PLAIN {}", plain(WORKSPACE_EMAIL, WORKSPACE_PASSWORD)),
        }
    }
}

/// A mock whose `proto` listener has one fault.
async fn mock_with(proto: Proto, kind: FaultKind) -> MockHandle {
    let mock = MockGmail::builder().start().await.unwrap();
    mock.set_faults(vec![Fault {
        listener: Some(proto.listener()),
        kind,
    }]);
    mock
}

async fn connect(mock: &MockHandle, proto: Proto) -> Wire {
    let addr = match proto {
        Proto::Imap => mock.imaps_addr(),
        Proto::Smtp => mock.smtps_addr(),
    };
    Wire::tls(addr, mock.ca_pem()).await
}

/// Waits until the connection's transcript shows `event` (the gate
/// records it before acting), so no check depends on a fixed pause.
async fn wait_for_event(mock: &MockHandle, event: &str) {
    let wanted = format!("-- {event}\n");
    for _ in 0..500 {
        if mock
            .transcripts()
            .iter()
            .any(|t| t.to_text().contains(&wanted))
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("no transcript shows {event:?}: {:#?}", mock.transcripts());
}

#[tokio::test]
async fn unavailable_greets_with_the_protocols_refusal_and_closes() {
    for proto in BOTH {
        let mock = mock_with(proto, FaultKind::Unavailable).await;
        let mut w = connect(&mock, proto).await;
        let expected = match proto {
            Proto::Imap => "* BYE [UNAVAILABLE] Service temporarily unavailable. Try again later.",
            Proto::Smtp => {
                "421 4.3.0 Temporary System Problem.  Try again later (10). <id> - gsmtp"
            }
        };
        assert_eq!(mask_ids(&w.line().await), expected, "{proto:?}");
        assert!(w.closed().await, "{proto:?}");
        wait_for_event(&mock, "fault: service unavailable").await;
        mock.shutdown().await;
    }
}

#[tokio::test]
async fn close_after_greeting_sends_the_greeting_then_closes() {
    for proto in BOTH {
        let mock = mock_with(proto, FaultKind::CloseAfterGreeting).await;
        let mut w = connect(&mock, proto).await;
        let greeting = w.line().await;
        assert!(
            greeting.starts_with(proto.greeting_prefix()),
            "{proto:?}: {greeting}"
        );
        assert!(w.closed().await, "{proto:?}");
        wait_for_event(&mock, "fault: closed after the greeting").await;
        mock.shutdown().await;
    }
}

#[tokio::test]
async fn close_at_the_greeting_sends_nothing() {
    for proto in BOTH {
        let stage = FaultStage::Greeting;
        let mock = mock_with(proto, FaultKind::CloseAt { stage }).await;
        let mut w = connect(&mock, proto).await;
        assert_eq!(w.line().await, "", "{proto:?}: expected EOF");
        wait_for_event(&mock, "fault: closed before the greeting").await;
        mock.shutdown().await;
    }
}

#[tokio::test]
async fn close_at_auth_drops_the_sign_in_unanswered() {
    for proto in BOTH {
        let stage = FaultStage::Auth;
        let mock = mock_with(proto, FaultKind::CloseAt { stage }).await;
        let mut w = connect(&mock, proto).await;
        assert!(w.line().await.starts_with(proto.greeting_prefix()));
        w.send(&format!("{}\r\n", proto.auth_line())).await;
        assert_eq!(w.line().await, "", "{proto:?}: expected EOF, no reply");
        wait_for_event(&mock, "fault: closed at Auth").await;
        mock.shutdown().await;
    }
}

#[tokio::test]
async fn stall_at_auth_answers_nothing_and_keeps_the_connection() {
    for proto in BOTH {
        let stage = FaultStage::Auth;
        let mock = mock_with(proto, FaultKind::StallAt { stage }).await;
        let mut w = connect(&mock, proto).await;
        assert!(w.line().await.starts_with(proto.greeting_prefix()));
        w.send(&format!("{}\r\n", proto.auth_line())).await;
        wait_for_event(&mock, "fault: stalled at Auth").await;
        // The gate has decided; neither a reply nor a close follows.
        assert_eq!(
            w.line_within(Duration::from_millis(300)).await,
            None,
            "{proto:?}"
        );
        mock.shutdown().await;
    }
}
