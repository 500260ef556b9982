//! The SMTP session's phase transitions, one exchange per rule of the
//! diagram in `smtp/session.rs`, over real sockets (implicit TLS and
//! STARTTLS): what each phase refuses, what EHLO, RSET and STARTTLS
//! forget and keep, and how BDAT chunks belong to their transaction.

use mock_gmail::model::preset::{WORKSPACE_EMAIL, WORKSPACE_PASSWORD};
use mock_gmail::{MockGmail, MockHandle, Options};

use crate::smtp_bytes::{masked, smtp, TOO_BIG};
use crate::support::{plain, Wire};

const MAIL_FROM: &str = "MAIL FROM:<anna.nowak@firma.example>";
const RCPT_TO: &str = "RCPT TO:<ewa@klient.example>";
const MAIL_OK: &[&str] = &["250 2.1.0 OK <id> - gsmtp"];
const RCPT_OK: &[&str] = &["250 2.1.5 OK <id> - gsmtp"];

fn bad_sequence(why: &str) -> Vec<String> {
    vec![format!("503 5.5.1 {why} <id> - gsmtp")]
}

/// Implicit TLS, greeting read, nothing said yet.
async fn connected(mock: &MockHandle) -> Wire {
    let mut w = Wire::tls(mock.smtps_addr(), mock.ca_pem()).await;
    assert_eq!(
        masked(w.reply().await),
        ["220 smtp.gmail.com ESMTP <id> - gsmtp"]
    );
    w
}

async fn auth_ok(w: &mut Wire) {
    let auth = format!("AUTH PLAIN {}", plain(WORKSPACE_EMAIL, WORKSPACE_PASSWORD));
    assert_eq!(smtp(w, &auth).await, ["235 2.7.0 Accepted"]);
}

/// Greeted and signed in.
async fn signed_in(mock: &MockHandle) -> Wire {
    let mut w = connected(mock).await;
    assert_eq!(smtp(&mut w, "EHLO crm.example").await.len(), 8);
    auth_ok(&mut w).await;
    w
}

/// MAIL and RCPT accepted.
async fn envelope(w: &mut Wire) {
    assert_eq!(smtp(w, MAIL_FROM).await, MAIL_OK);
    assert_eq!(smtp(w, RCPT_TO).await, RCPT_OK);
}

#[tokio::test]
async fn connected_refuses_auth_and_mail_until_ehlo() {
    let mock = MockGmail::builder().start().await.unwrap();
    let mut w = connected(&mock).await;
    let auth = format!("AUTH PLAIN {}", plain(WORKSPACE_EMAIL, WORKSPACE_PASSWORD));
    assert_eq!(smtp(&mut w, &auth).await, bad_sequence("EHLO/HELO first."));
    assert_eq!(
        smtp(&mut w, MAIL_FROM).await,
        bad_sequence("EHLO/HELO first.")
    );
    assert_eq!(smtp(&mut w, RCPT_TO).await, bad_sequence("MAIL first."));
    // RSET in Connected stays there: AUTH still needs the greeting.
    assert_eq!(
        smtp(&mut w, "RSET").await,
        ["250 2.1.5 Flushed <id> - gsmtp"]
    );
    assert_eq!(smtp(&mut w, &auth).await, bad_sequence("EHLO/HELO first."));
    assert_eq!(smtp(&mut w, "HELO crm.example").await.len(), 1);
    auth_ok(&mut w).await;
    mock.shutdown().await;
}

#[tokio::test]
async fn signed_in_refuses_a_second_auth_even_after_ehlo() {
    let mock = MockGmail::builder().start().await.unwrap();
    let mut w = signed_in(&mock).await;
    let auth = format!("AUTH PLAIN {}", plain(WORKSPACE_EMAIL, WORKSPACE_PASSWORD));
    assert_eq!(
        smtp(&mut w, &auth).await,
        bad_sequence("Already authenticated.")
    );
    // EHLO keeps the sign-in: MAIL needs no new AUTH.
    assert_eq!(smtp(&mut w, "EHLO crm.example").await.len(), 8);
    assert_eq!(
        smtp(&mut w, &auth).await,
        bad_sequence("Already authenticated.")
    );
    assert_eq!(smtp(&mut w, MAIL_FROM).await, MAIL_OK);
    // Inside a transaction too.
    assert_eq!(
        smtp(&mut w, &auth).await,
        bad_sequence("Already authenticated.")
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn starttls_forgets_the_greeting() {
    let mock = MockGmail::builder().start().await.unwrap();
    let mut w = Wire::plain(mock.submission_addr(), mock.ca_pem()).await;
    w.reply().await;
    assert_eq!(smtp(&mut w, "EHLO crm.example").await.len(), 8);
    assert_eq!(
        smtp(&mut w, "STARTTLS").await,
        ["220 2.0.0 Ready to start TLS"]
    );
    let mut w = w.starttls().await;
    // RFC 3207 §4.2: back to Connected, so AUTH needs EHLO again.
    let auth = format!("AUTH PLAIN {}", plain(WORKSPACE_EMAIL, WORKSPACE_PASSWORD));
    assert_eq!(smtp(&mut w, &auth).await, bad_sequence("EHLO/HELO first."));
    assert_eq!(
        smtp(&mut w, "STARTTLS").await,
        bad_sequence("TLS is already active.")
    );
    assert_eq!(smtp(&mut w, "EHLO crm.example").await.len(), 8);
    auth_ok(&mut w).await;
    mock.shutdown().await;
}

#[tokio::test]
async fn mail_refuses_a_nested_mail_and_rset_keeps_the_sign_in() {
    let mock = MockGmail::builder().start().await.unwrap();
    let mut w = signed_in(&mock).await;
    envelope(&mut w).await;
    assert_eq!(
        smtp(&mut w, MAIL_FROM).await,
        bad_sequence("Nested MAIL command.")
    );
    assert_eq!(
        smtp(&mut w, "RSET").await,
        ["250 2.1.5 Flushed <id> - gsmtp"]
    );
    assert_eq!(smtp(&mut w, "DATA").await, bad_sequence("MAIL first."));
    // Signed in still: a new transaction starts at once.
    assert_eq!(smtp(&mut w, MAIL_FROM).await, MAIL_OK);
    assert_eq!(smtp(&mut w, "DATA").await, bad_sequence("RCPT first."));
    assert_eq!(smtp(&mut w, RCPT_TO).await, RCPT_OK);
    assert_eq!(smtp(&mut w, "DATA").await, ["354 Go ahead <id> - gsmtp"]);
    assert_eq!(
        smtp(&mut w, "Subject: after RSET\r\n\r\nok\r\n.").await,
        ["250 2.0.0 OK  <time> <id> - gsmtp"]
    );
    assert_eq!(
        &mock.messages()[0].raw[..],
        b"Subject: after RSET\r\n\r\nok\r\n"
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn a_bdat_refused_for_want_of_rcpt_keeps_the_envelope() {
    let mock = MockGmail::builder().start().await.unwrap();
    let mut w = signed_in(&mock).await;
    assert_eq!(smtp(&mut w, MAIL_FROM).await, MAIL_OK);
    // The chunk's bytes look like a command; they are read and dropped.
    w.send("BDAT 6\r\nRSET\r\n").await;
    assert_eq!(masked(w.reply().await), bad_sequence("RCPT first."));
    // Still in the transaction: RCPT and a chunk complete it.
    assert_eq!(smtp(&mut w, RCPT_TO).await, RCPT_OK);
    w.send("BDAT 2 LAST\r\nok").await;
    assert_eq!(
        masked(w.reply().await),
        ["250 2.0.0 OK  <time> <id> - gsmtp"]
    );
    let m = &mock.messages()[0];
    assert_eq!(&m.raw[..], b"ok");
    assert_eq!(m.mail_from, WORKSPACE_EMAIL);
    mock.shutdown().await;
}

#[tokio::test]
async fn ehlo_between_bdat_chunks_ends_the_transaction_and_its_bytes() {
    let mock = MockGmail::builder().start().await.unwrap();
    let mut w = signed_in(&mock).await;
    envelope(&mut w).await;
    w.send("BDAT 5\r\nhello").await;
    assert_eq!(
        masked(w.reply().await),
        ["250 2.0.0 5 bytes received <id> - gsmtp"]
    );
    // RFC 5321 §4.1.4: EHLO resets as RSET does: the chunk is gone.
    assert_eq!(smtp(&mut w, "EHLO crm.example").await.len(), 8);
    w.send("BDAT 3 LAST\r\nabc").await;
    assert_eq!(masked(w.reply().await), bad_sequence("MAIL first."));
    envelope(&mut w).await;
    w.send("BDAT 3 LAST\r\nabc").await;
    assert_eq!(
        masked(w.reply().await),
        ["250 2.0.0 OK  <time> <id> - gsmtp"]
    );
    let raw: Vec<_> = mock.messages().iter().map(|m| m.raw.clone()).collect();
    assert_eq!(raw, [&b"abc"[..]]);
    mock.shutdown().await;
}

#[tokio::test]
async fn a_first_bdat_chunk_over_the_limit_sinks_the_whole_message() {
    let options = Options {
        smtp_max_message: 100,
        ..Options::default()
    };
    let mock = MockGmail::builder().options(options).start().await.unwrap();
    let mut w = signed_in(&mock).await;
    envelope(&mut w).await;
    let big = "x".repeat(150);
    w.send(&format!("BDAT 150\r\n{big}")).await;
    assert_eq!(
        masked(w.reply().await),
        ["250 2.0.0 0 bytes received <id> - gsmtp"]
    );
    // The next chunk fits on its own, but the message does not.
    w.send("BDAT 5 LAST\r\nhello").await;
    assert_eq!(masked(w.reply().await), TOO_BIG);
    assert!(mock.messages().is_empty());
    // The session goes on: a small message is accepted.
    envelope(&mut w).await;
    w.send("BDAT 5 LAST\r\nhello").await;
    assert_eq!(
        masked(w.reply().await),
        ["250 2.0.0 OK  <time> <id> - gsmtp"]
    );
    assert_eq!(&mock.messages()[0].raw[..], b"hello");
    mock.shutdown().await;
}

#[tokio::test]
async fn data_after_bdat_chunks_starts_the_message_again() {
    let mock = MockGmail::builder().start().await.unwrap();
    let mut w = signed_in(&mock).await;
    envelope(&mut w).await;
    w.send("BDAT 5\r\nhello").await;
    assert_eq!(
        masked(w.reply().await),
        ["250 2.0.0 5 bytes received <id> - gsmtp"]
    );
    assert_eq!(smtp(&mut w, "DATA").await, ["354 Go ahead <id> - gsmtp"]);
    assert_eq!(
        smtp(&mut w, "Subject: data\r\n\r\nbody\r\n.").await,
        ["250 2.0.0 OK  <time> <id> - gsmtp"]
    );
    assert_eq!(
        &mock.messages()[0].raw[..],
        b"Subject: data\r\n\r\nbody\r\n"
    );
    mock.shutdown().await;
}
