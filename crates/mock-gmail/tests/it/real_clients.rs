//! The `imap` crate (blocking, in `spawn_blocking`) and lettre (async), as
//! a CRM would use them, against every preset: each surfaces Gmail's exact
//! reply in its error; the healthy mode carries a message from lettre to the
//! imap crate byte for byte.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::{AsyncTransport, Message};
use mock_gmail::model::preset::*;
use mock_gmail::model::{preset, PRESETS};
use mock_gmail::{MockGmail, MockHandle};
use rustls::pki_types::ServerName;
use rustls::{ClientConnection, StreamOwned};

use crate::support::{
    after_sample, client_config, imap_client, lettre_transport, mask_ids, mask_plt, sample_count,
    sample_in, SyncTls,
};

/// What the imap crate reports for LOGIN with the customer's secret:
/// `None` = success, else (`format!("{:?}", code)`, information).
fn expected_imap_error(name: &str) -> Option<(&'static str, &'static str)> {
    match name {
        "healthy" | "external-smtp-denied" => None,
        "imap-disabled" => Some(("Some(Alert)", "IMAP access is disabled for your domain.  Please contact your domain administrator for questions about this feature. (Failure)")),
        "imap-disabled-user" => Some(("Some(Alert)", "Your account is not enabled for IMAP use. Please visit your Gmail settings page and enable your account for IMAP access. (Failure)")),
        "less-secure-rejected" => Some(("Some(Alert)", "Please log in via your web browser: https://support.google.com/mail/accounts/answer/78754 (Failure)")),
        "app-password-required" => Some(("Some(Alert)", "Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)")),
        // The imap crate does not know RFC 5530 codes (CRATES.md).
        "bad-password" => Some(("None", "[AUTHENTICATIONFAILED] Invalid credentials (Failure)")),
        "too-many-connections" => Some(("Some(Alert)", "Too many simultaneous connections. (Failure)")),
        other => panic!("preset {other:?} has no expected imap-crate result in this test: add one"),
    }
}

/// lettre's `Display` of the AUTH (or, with `Some` second, MAIL FROM) error.
fn expected_lettre_error(name: &str) -> Option<&'static str> {
    match name {
        "healthy" | "imap-disabled" | "imap-disabled-user" | "too-many-connections" | "external-smtp-denied" => None,
        "less-secure-rejected" => Some("permanent error (534): 5.7.14 <https://accounts.google.com/signin/continue?sarp=1&scc=1&plt=<token>> Please log in via your web browser and then try again. Learn more at https://support.google.com/mail/answer/78754 <id> - gsmtp"),
        "app-password-required" => Some("permanent error (534): 5.7.9 Application-specific password required. Learn more at https://support.google.com/mail/?p=InvalidSecondFactor <id> - gsmtp"),
        "bad-password" => Some("permanent error (535): 5.7.8 Username and Password not accepted. Learn more at https://support.google.com/mail/?p=BadCredentials <id> - gsmtp"),
        other => panic!("preset {other:?} has no expected lettre result in this test: add one"),
    }
}

const EXTERNAL_DENIED_LETTRE: &str = "permanent error (550): 5.7.1 The user or domain that you are sending to (or from) has a policy that prohibited the mail that you sent. Please contact your domain administrator for further details. <id> - gsmtp";

fn imap_login(
    mock: &MockHandle,
    user: &str,
    secret: &str,
) -> Result<imap::Session<SyncTls>, imap::Error> {
    let client = imap_client(mock.imaps_addr(), mock.ca_pem());
    client.login(user, secret).map_err(|(e, _)| e)
}

fn no_parts(e: imap::Error) -> (String, String) {
    match e {
        imap::Error::No(no) => (format!("{:?}", no.code), no.information),
        other => panic!("expected NO, got {other:?}"),
    }
}

fn message(from: &str, to: &str, subject: &str) -> Message {
    Message::builder()
        .from(from.parse().unwrap())
        .to(to.parse().unwrap())
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(String::from(
            "Dzien dobry,\r\n.kropka na poczatku linii\r\nPozdrawiam\r\n",
        ))
        .unwrap()
}

#[tokio::test]
async fn imap_crate_sees_gmails_reply_for_every_preset() {
    let mut tasks = Vec::new();
    for p in PRESETS {
        tasks.push(tokio::spawn(async move {
            let secret = preset(p.name).unwrap().customer_secret;
            let mock = MockGmail::builder().mode(p.name).start().await.unwrap();
            let (m, name) = (std::sync::Arc::new(mock), p.name);
            let m2 = m.clone();
            tokio::task::spawn_blocking(move || {
                let r = imap_login(&m2, WORKSPACE_EMAIL, secret);
                match (expected_imap_error(name), r) {
                    (None, Ok(mut s)) => {
                        // The healthy preset starts with the sample mailbox;
                        // the others with an empty one.
                        let start = match preset(name).unwrap().sample_mailbox {
                            Some(_) => sample_count("INBOX"),
                            None => 0,
                        };
                        let mb = s.select("INBOX").unwrap();
                        assert_eq!(mb.exists, start, "{name}");
                        s.logout().unwrap();
                    }
                    (Some((code, info)), Err(e)) => {
                        assert_eq!(no_parts(e), (code.to_owned(), info.to_owned()), "{name}")
                    }
                    (want, got) => panic!(
                        "{name}: expected {want:?}, got {:?}",
                        got.map(|_| "a session")
                    ),
                }
            })
            .await
            .unwrap();
            std::sync::Arc::try_unwrap(m).unwrap().shutdown().await;
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
}

#[tokio::test]
async fn lettre_sees_gmails_reply_for_every_preset() {
    let mut tasks = Vec::new();
    for p in PRESETS {
        tasks.push(tokio::spawn(async move {
            let secret = preset(p.name).unwrap().customer_secret;
            let from = preset(p.name)
                .unwrap()
                .customer_from
                .unwrap_or(WORKSPACE_EMAIL);
            let mock = MockGmail::builder().mode(p.name).start().await.unwrap();
            for implicit in [true, false] {
                let t = lettre_transport(&mock, implicit, WORKSPACE_EMAIL, secret);
                let what = format!(
                    "{} ({})",
                    p.name,
                    if implicit { "smtps" } else { "submission" }
                );
                match expected_lettre_error(p.name) {
                    None => assert!(t.test_connection().await.unwrap(), "{what}"),
                    Some(want) => {
                        let e = t.test_connection().await.unwrap_err();
                        assert!(e.is_permanent(), "{what}: {e}");
                        assert_eq!(mask_ids(&mask_plt(&e.to_string())), want, "{what}");
                    }
                }
                // Sending as the preset's gateway alias: refused at MAIL
                // FROM by the Workspace policy.
                if p.name == "external-smtp-denied" {
                    let e = t
                        .send(message(from, "ewa@klient.example", "Oferta"))
                        .await
                        .unwrap_err();
                    assert_eq!(e.status().map(|c| c.to_string()), Some("550".to_owned()));
                    assert_eq!(mask_ids(&e.to_string()), EXTERNAL_DENIED_LETTRE, "{what}");
                    assert!(mock.messages().is_empty());
                }
            }
            mock.shutdown().await;
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
}

#[tokio::test]
async fn lettre_app_password_works() {
    let mock = MockGmail::builder()
        .mode("app-password-required")
        .start()
        .await
        .unwrap();
    let t = lettre_transport(&mock, true, WORKSPACE_EMAIL, WORKSPACE_APP_PASSWORD);
    assert!(t.test_connection().await.unwrap());
    let mock2 = MockGmail::builder()
        .mode("app-password-required")
        .start()
        .await
        .unwrap();
    let m2 = std::sync::Arc::new(mock2);
    let m3 = m2.clone();
    tokio::task::spawn_blocking(move || {
        let mut s = imap_login(&m3, WORKSPACE_EMAIL, WORKSPACE_APP_PASSWORD).unwrap();
        s.logout().unwrap();
    })
    .await
    .unwrap();
    std::sync::Arc::try_unwrap(m2).unwrap().shutdown().await;
    mock.shutdown().await;
}

/// The message content lettre transmits: it always ends the data with
/// `\r\n.\r\n`, so the content is the formatted message plus CRLF.
fn on_the_wire(m: &Message) -> Vec<u8> {
    let mut v = m.formatted();
    v.extend_from_slice(b"\r\n");
    v
}

/// FETCH BODY[] of every message in `mailbox` with the imap crate.
fn fetch_all(mock: &MockHandle, mailbox: &str) -> Vec<Vec<u8>> {
    let mut s = imap_login(mock, WORKSPACE_EMAIL, WORKSPACE_PASSWORD).unwrap();
    let mb = s.select(mailbox).unwrap();
    let mut out = Vec::new();
    if mb.exists > 0 {
        let fetches = s.fetch("1:*", "BODY[]").unwrap();
        for f in fetches.iter() {
            out.push(f.body().expect("BODY[] present").to_vec());
        }
    }
    s.logout().unwrap();
    out
}

#[tokio::test]
async fn healthy_flow_lettre_to_imap_byte_for_byte() {
    let mock = std::sync::Arc::new(MockGmail::builder().mode("healthy").start().await.unwrap());
    // Both submission styles, to self so the message lands in INBOX too.
    let m1 = message(WORKSPACE_EMAIL, WORKSPACE_EMAIL, "Przez smtps");
    let m2 = message(WORKSPACE_EMAIL, WORKSPACE_EMAIL, "Przez STARTTLS");
    lettre_transport(&mock, true, WORKSPACE_EMAIL, WORKSPACE_PASSWORD)
        .send(m1.clone())
        .await
        .unwrap();
    lettre_transport(&mock, false, WORKSPACE_EMAIL, WORKSPACE_PASSWORD)
        .send(m2.clone())
        .await
        .unwrap();
    let captured = mock.messages();
    assert_eq!(captured.len(), 2);
    // What lettre sent, dot-unstuffed, is exactly what was captured.
    assert_eq!(&captured[0].raw[..], &on_the_wire(&m1)[..]);
    assert_eq!(&captured[1].raw[..], &on_the_wire(&m2)[..]);
    assert_eq!(captured[0].recipients, [WORKSPACE_EMAIL]);
    let want: Vec<Vec<u8>> = captured.iter().map(|c| c.raw.to_vec()).collect();
    let m = mock.clone();
    let (inbox, sent) = tokio::task::spawn_blocking(move || {
        (fetch_all(&m, "INBOX"), fetch_all(&m, "[Gmail]/Sent Mail"))
    })
    .await
    .unwrap();
    // Each folder: the sample it starts with, then the two messages.
    let after = |folder: &str| -> Vec<Vec<u8>> {
        let start = sample_in(folder).into_iter().map(|b| b.to_vec());
        start.chain(want.iter().cloned()).collect()
    };
    assert_eq!(inbox, after("INBOX"), "INBOX via the imap crate");
    assert_eq!(
        sent,
        after("[Gmail]/Sent Mail"),
        "Sent Mail via the imap crate"
    );
    let sent_store: Vec<Vec<u8>> = after_sample(&mock, "[Gmail]/Sent Mail")
        .iter()
        .map(|b| b.to_vec())
        .collect();
    assert_eq!(sent_store, want);
    std::sync::Arc::try_unwrap(mock).unwrap().shutdown().await;
}

#[tokio::test]
async fn healthy_flow_to_another_recipient_files_sent_mail_only() {
    let mock = std::sync::Arc::new(MockGmail::builder().mode("healthy").start().await.unwrap());
    let msg = message(WORKSPACE_EMAIL, "ewa@klient.example", "Do klienta");
    lettre_transport(&mock, false, WORKSPACE_EMAIL, WORKSPACE_PASSWORD)
        .send(msg.clone())
        .await
        .unwrap();
    let raw = mock.messages()[0].raw.to_vec();
    assert_eq!(raw, on_the_wire(&msg));
    let m = mock.clone();
    let (inbox, sent) = tokio::task::spawn_blocking(move || {
        (fetch_all(&m, "INBOX"), fetch_all(&m, "[Gmail]/Sent Mail"))
    })
    .await
    .unwrap();
    let bytes = |v: Vec<bytes::Bytes>| -> Vec<Vec<u8>> { v.iter().map(|b| b.to_vec()).collect() };
    assert_eq!(inbox, bytes(sample_in("INBOX")), "nothing new in INBOX");
    let mut want_sent = bytes(sample_in("[Gmail]/Sent Mail"));
    want_sent.push(raw);
    assert_eq!(sent, want_sent);
    std::sync::Arc::try_unwrap(mock).unwrap().shutdown().await;
}

/// Reads one CRLF-terminated line from a raw socket, byte by byte (so no
/// TLS bytes are ever buffered here).
fn read_line(tcp: &mut TcpStream) -> String {
    let mut line = Vec::new();
    let mut b = [0u8; 1];
    while !line.ends_with(b"\r\n") {
        assert_eq!(tcp.read(&mut b).unwrap(), 1, "EOF");
        line.push(b[0]);
    }
    String::from_utf8(line).unwrap().trim_end().to_owned()
}

#[tokio::test]
async fn imap_crate_over_starttls() {
    let mock = std::sync::Arc::new(MockGmail::builder().mode("healthy").start().await.unwrap());
    mock.deliver(WORKSPACE_EMAIL, crate::imap_bytes::MSG1)
        .unwrap();
    let m = mock.clone();
    tokio::task::spawn_blocking(move || {
        let mut tcp = TcpStream::connect(m.imap_addr()).unwrap();
        tcp.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        assert_eq!(
            mask_ids(&read_line(&mut tcp)),
            "* OK Gimap ready for requests from 127.0.0.1 <id>"
        );
        tcp.write_all(b"a0 CAPABILITY\r\n").unwrap();
        let caps = read_line(&mut tcp);
        assert!(
            caps.starts_with("* CAPABILITY IMAP4rev1 STARTTLS "),
            "{caps}"
        );
        assert!(read_line(&mut tcp).starts_with("a0 OK "));
        tcp.write_all(b"a1 STARTTLS\r\n").unwrap();
        assert_eq!(read_line(&mut tcp), "a1 OK Begin TLS negotiation now");
        let conn = ClientConnection::new(
            client_config(m.ca_pem()),
            ServerName::try_from("localhost").unwrap(),
        )
        .unwrap();
        // No second greeting after STARTTLS.
        let client = imap::Client::new(StreamOwned::new(conn, tcp));
        let mut s = client
            .login(WORKSPACE_EMAIL, WORKSPACE_PASSWORD)
            .map_err(|(e, _)| e)
            .unwrap();
        let caps = s.capabilities().unwrap();
        assert!(!caps.has_str("STARTTLS"));
        assert!(caps.has_str("IMAP4rev1"));
        let mb = s.examine("INBOX").unwrap();
        let seq = sample_count("INBOX") + 1;
        assert_eq!(mb.exists, seq);
        let f = s.fetch(seq.to_string(), "BODY.PEEK[]").unwrap();
        assert_eq!(
            f.iter().next().unwrap().body().unwrap(),
            crate::imap_bytes::MSG1
        );
        s.logout().unwrap();
    })
    .await
    .unwrap();
    std::sync::Arc::try_unwrap(mock).unwrap().shutdown().await;
}

/// XOAUTH2 the way the imap crate does it: no initial response; the
/// payload answers the empty `+ `, and an empty line answers the JSON error.
struct OAuth2 {
    user: String,
    token: String,
    challenges: std::cell::RefCell<Vec<Vec<u8>>>,
}

impl imap::Authenticator for OAuth2 {
    type Response = String;
    fn process(&self, challenge: &[u8]) -> String {
        self.challenges.borrow_mut().push(challenge.to_vec());
        if challenge.is_empty() {
            format!("user={}\x01auth=Bearer {}\x01\x01", self.user, self.token)
        } else {
            String::new()
        }
    }
}

#[tokio::test]
async fn imap_crate_xoauth2_valid_and_expired() {
    let mock = std::sync::Arc::new(MockGmail::builder().mode("healthy").start().await.unwrap());
    let m = mock.clone();
    tokio::task::spawn_blocking(move || {
        let auth = OAuth2 {
            user: WORKSPACE_EMAIL.into(),
            token: WORKSPACE_OAUTH_TOKEN.into(),
            challenges: Default::default(),
        };
        let client = imap_client(m.imaps_addr(), m.ca_pem());
        let mut s = client
            .authenticate("XOAUTH2", &auth)
            .map_err(|(e, _)| e)
            .unwrap();
        assert_eq!(*auth.challenges.borrow(), [Vec::<u8>::new()]);
        s.select("INBOX").unwrap();
        s.logout().unwrap();

        let auth = OAuth2 {
            user: WORKSPACE_EMAIL.into(),
            token: "ya29.expired".into(),
            challenges: Default::default(),
        };
        let client = imap_client(m.imaps_addr(), m.ca_pem());
        let e = client
            .authenticate("XOAUTH2", &auth)
            .map_err(|(e, _)| e)
            .expect_err("expired token refused");
        assert_eq!(
            no_parts(e),
            (
                "None".to_owned(),
                "[AUTHENTICATIONFAILED] Invalid credentials (Failure)".to_owned()
            )
        );
        let seen = auth.challenges.borrow();
        assert_eq!(seen.len(), 2, "the payload, then the JSON error");
        assert_eq!(
            String::from_utf8(seen[1].clone()).unwrap(),
            r#"{"status":"400","schemes":"Bearer","scope":"https://mail.google.com/"}"#
        );
    })
    .await
    .unwrap();
    std::sync::Arc::try_unwrap(mock).unwrap().shutdown().await;
}
