//! Limits answered Gmail-style, never by buffering without bound: over-long
//! lines (IMAP and SMTP, in one piece or trickled), over-large literals,
//! idle timeouts, the global connection cap.

use std::time::Duration;

use mock_gmail::{MockGmail, Options};

use crate::support::Wire;

async fn logged_in(mock: &mock_gmail::MockHandle) -> Wire {
    let mut w = Wire::tls(mock.imaps_addr(), mock.ca_pem()).await;
    w.line().await;
    let r = w
        .cmd("a0", "LOGIN anna.nowak@firma.example Wiosna-2020")
        .await;
    assert!(r.last().unwrap().starts_with("a0 OK"), "{r:?}");
    w
}

#[tokio::test]
async fn an_overlong_imap_line_is_refused_and_the_session_goes_on() {
    let mock = MockGmail::builder().mode("healthy").start().await.unwrap();
    let mut w = logged_in(&mock).await;
    let long = format!("a1 SELECT {}\r\n", "x".repeat(70 * 1024));
    w.send(&long).await;
    assert_eq!(w.line().await, "a1 BAD Command line too long");
    let r = w.cmd("a2", "NOOP").await;
    assert_eq!(r.last().unwrap(), "a2 OK Success");
    mock.shutdown().await;
}

#[tokio::test]
async fn a_trickled_overlong_line_never_runs_its_tail_as_a_command() {
    let mock = MockGmail::builder().mode("healthy").start().await.unwrap();
    let mut w = logged_in(&mock).await;
    // 70 KiB in pieces; the tail looks like a command of its own.
    w.send(&format!("a1 SELECT {}", "y".repeat(40 * 1024)))
        .await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    w.send(&"y".repeat(40 * 1024)).await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    w.send(" a9 LOGOUT\r\n").await;
    assert_eq!(w.line().await, "a1 BAD Command line too long");
    let r = w.cmd("a2", "NOOP").await;
    assert_eq!(
        r,
        vec!["a2 OK Success"],
        "the tail must not have been executed"
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn an_overlarge_literal_is_refused() {
    let mut options = Options::default();
    options.imap_limits.max_literal = 1000;
    options.imap_limits.max_message = 2000;
    let mock = MockGmail::builder()
        .mode("healthy")
        .options(options)
        .start()
        .await
        .unwrap();
    let mut w = logged_in(&mock).await;
    // Synchronising: refused before any data is sent.
    w.send("a1 APPEND INBOX {99999999999}\r\n").await;
    assert_eq!(w.line().await, "a1 NO [TOOBIG] Literal too large (Failure)");
    // Non-synchronising: its data follows anyway and is skipped, exactly.
    w.send("a2 APPEND INBOX {1500+}\r\n").await;
    w.send(&"z".repeat(1500)).await;
    w.send("\r\n").await;
    assert_eq!(w.line().await, "a2 NO [TOOBIG] Literal too large (Failure)");
    let r = w.cmd("a3", "NOOP").await;
    assert_eq!(
        r,
        vec!["a3 OK Success"],
        "nothing of the skipped command may be answered"
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn an_overlong_smtp_line_is_refused_and_the_session_goes_on() {
    let mock = MockGmail::builder().mode("healthy").start().await.unwrap();
    let mut w = Wire::tls(mock.smtps_addr(), mock.ca_pem()).await;
    w.reply().await;
    let r = w.smtp(&format!("EHLO {}", "h".repeat(10_000))).await;
    assert!(r[0].starts_with("500 5.5.2 Line too long."), "{r:?}");
    let r = w.smtp("NOOP").await;
    assert!(r[0].starts_with("250 2.0.0 OK"), "{r:?}");
    mock.shutdown().await;
}

#[tokio::test]
async fn idle_sessions_are_logged_out() {
    let options = Options {
        imap_idle_timeout: Duration::from_millis(300),
        smtp_idle_timeout: Duration::from_millis(300),
        ..Options::default()
    };
    let mock = MockGmail::builder()
        .mode("healthy")
        .options(options)
        .start()
        .await
        .unwrap();
    let mut imap = logged_in(&mock).await;
    let mut smtp = Wire::tls(mock.smtps_addr(), mock.ca_pem()).await;
    smtp.reply().await;
    assert!(imap.line().await.starts_with("* BYE"), "IMAP autologout");
    assert!(imap.closed().await);
    let r = smtp.reply().await;
    assert!(r[0].starts_with("421 4.7.0"), "{r:?}");
    assert!(smtp.closed().await);
    mock.shutdown().await;
}

#[tokio::test]
async fn the_global_connection_cap_refuses_politely() {
    let options = Options {
        max_connections: 2,
        ..Options::default()
    };
    let mock = MockGmail::builder()
        .mode("healthy")
        .options(options)
        .start()
        .await
        .unwrap();
    let mut a = Wire::plain(mock.imap_addr(), mock.ca_pem()).await;
    let mut b = Wire::plain(mock.imap_addr(), mock.ca_pem()).await;
    a.line().await;
    b.line().await;
    let mut c = Wire::plain(mock.imap_addr(), mock.ca_pem()).await;
    assert_eq!(
        c.line().await,
        "* BYE [UNAVAILABLE] Service temporarily unavailable. Try again later."
    );
    assert!(c.closed().await);
    let mut d = Wire::plain(mock.submission_addr(), mock.ca_pem()).await;
    assert!(d.line().await.starts_with("421 4.3.0"));
    // The first two are unaffected.
    assert_eq!(a.cmd("x", "NOOP").await.last().unwrap(), "x OK Success");
    mock.shutdown().await;
}
