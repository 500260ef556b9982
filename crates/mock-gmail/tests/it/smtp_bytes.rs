//! Byte-level SMTP exchanges over real TLS (465-style) and STARTTLS
//! (587-style): Gmail's exact replies per preset and per command.

use mock_gmail::model::preset::*;
use mock_gmail::model::{preset, PRESETS};
use mock_gmail::{MockGmail, MockHandle, Options};

use crate::support::{
    after_sample, b64, mask_ids, mask_plt, plain, xoauth2, xoauth2_error_b64, Wire,
};

const EHLO_PLAIN: &[&str] = &[
    "250-smtp.gmail.com at your service, [127.0.0.1]",
    "250-SIZE 35882577",
    "250-8BITMIME",
    "250-STARTTLS",
    "250-ENHANCEDSTATUSCODES",
    "250-PIPELINING",
    "250-CHUNKING",
    "250 SMTPUTF8",
];
const EHLO_TLS: &[&str] = &[
    "250-smtp.gmail.com at your service, [127.0.0.1]",
    "250-SIZE 35882577",
    "250-8BITMIME",
    "250-AUTH LOGIN PLAIN XOAUTH2 PLAIN-CLIENTTOKEN OAUTHBEARER XOAUTH",
    "250-ENHANCEDSTATUSCODES",
    "250-PIPELINING",
    "250-CHUNKING",
    "250 SMTPUTF8",
];
const BAD_CREDENTIALS: &[&str] = &[
    "535-5.7.8 Username and Password not accepted. Learn more at",
    "535 5.7.8  https://support.google.com/mail/?p=BadCredentials <id> - gsmtp",
];
const APP_PASSWORD_REQUIRED: &[&str] = &[
    "534-5.7.9 Application-specific password required. Learn more at",
    "534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor <id> - gsmtp",
];
const WEB_LOGIN_REQUIRED: &[&str] = &[
    "534-5.7.14 <https://accounts.google.com/signin/continue?sarp=1&scc=1&plt=<token>>",
    "534-5.7.14 Please log in via your web browser and",
    "534-5.7.14 then try again.",
    "534-5.7.14  Learn more at",
    "534 5.7.14  https://support.google.com/mail/answer/78754 <id> - gsmtp",
];
const EXTERNAL_SMTP_DENIED: &[&str] = &[
    "550-5.7.1 The user or domain that you are sending to (or from) has a policy that prohibited",
    "550-5.7.1 the mail that you sent. Please contact your domain administrator for further",
    "550 5.7.1 details. <id> - gsmtp",
];
pub(crate) const TOO_BIG: &[&str] = &[
    "552-5.3.4 Your message exceeded Google's message size limits. Please visit",
    "552-5.3.4  https://support.google.com/mail/?p=MaxSizeError to view our size",
    "552 5.3.4 guidelines. <id> - gsmtp",
];
const AUTH_OK: &[&str] = &["235 2.7.0 Accepted"];

/// Masks Gmail's tokens, the sign-in URL token and the unix time of `250
/// 2.0.0 OK  <time> <id> - gsmtp`.
pub(crate) fn masked(lines: Vec<String>) -> Vec<String> {
    lines
        .iter()
        .map(|l| {
            let l = mask_ids(&mask_plt(l));
            l.split(' ')
                .map(|w| {
                    if w.len() >= 9 && w.chars().all(|c| c.is_ascii_digit()) {
                        "<time>"
                    } else {
                        w
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

pub(crate) async fn smtp(w: &mut Wire, line: &str) -> Vec<String> {
    masked(w.smtp(line).await)
}

/// `AUTH PLAIN` with an initial response (what lettre and most CRMs send).
async fn auth_plain(w: &mut Wire, user: &str, password: &str) -> Vec<String> {
    smtp(w, &format!("AUTH PLAIN {}", plain(user, password))).await
}

/// Connects to the implicit-TLS listener, checks the greeting, says EHLO.
async fn smtps(mock: &MockHandle) -> Wire {
    let mut w = Wire::tls(mock.smtps_addr(), mock.ca_pem()).await;
    assert_eq!(
        masked(w.reply().await),
        ["220 smtp.gmail.com ESMTP <id> - gsmtp"]
    );
    assert_eq!(smtp(&mut w, "EHLO crm.example").await, EHLO_TLS);
    w
}

/// Submission: greeting, EHLO, STARTTLS, EHLO again.
async fn submission_tls(mock: &MockHandle) -> Wire {
    let mut w = Wire::plain(mock.submission_addr(), mock.ca_pem()).await;
    assert_eq!(
        masked(w.reply().await),
        ["220 smtp.gmail.com ESMTP <id> - gsmtp"]
    );
    assert_eq!(smtp(&mut w, "EHLO crm.example").await, EHLO_PLAIN);
    assert_eq!(
        smtp(&mut w, "STARTTLS").await,
        ["220 2.0.0 Ready to start TLS"]
    );
    let mut w = w.starttls().await;
    assert_eq!(smtp(&mut w, "EHLO crm.example").await, EHLO_TLS);
    w
}

async fn authed(mock: &MockHandle) -> Wire {
    let mut w = smtps(mock).await;
    assert_eq!(
        auth_plain(&mut w, WORKSPACE_EMAIL, WORKSPACE_PASSWORD).await,
        AUTH_OK
    );
    w
}

#[tokio::test]
async fn submission_before_and_after_starttls() {
    let mock = MockGmail::builder().start().await.unwrap();
    let mut w = Wire::plain(mock.submission_addr(), mock.ca_pem()).await;
    assert_eq!(
        masked(w.reply().await),
        ["220 smtp.gmail.com ESMTP <id> - gsmtp"]
    );
    assert_eq!(smtp(&mut w, "EHLO crm.example").await, EHLO_PLAIN);
    let must = ["530 5.7.0 Must issue a STARTTLS command first. <id> - gsmtp"];
    assert_eq!(
        auth_plain(&mut w, WORKSPACE_EMAIL, WORKSPACE_PASSWORD).await,
        must
    );
    assert_eq!(smtp(&mut w, "AUTH LOGIN").await, must);
    assert_eq!(
        smtp(&mut w, "MAIL FROM:<anna.nowak@firma.example>").await,
        must
    );
    assert_eq!(smtp(&mut w, "NOOP").await, ["250 2.0.0 OK <id> - gsmtp"]);
    assert_eq!(
        smtp(&mut w, "STARTTLS").await,
        ["220 2.0.0 Ready to start TLS"]
    );
    let mut w = w.starttls().await;
    assert_eq!(smtp(&mut w, "EHLO crm.example").await, EHLO_TLS);
    assert_eq!(
        auth_plain(&mut w, WORKSPACE_EMAIL, WORKSPACE_PASSWORD).await,
        AUTH_OK
    );
    assert_eq!(
        smtp(&mut w, "MAIL FROM:<anna.nowak@firma.example>").await,
        ["250 2.1.0 OK <id> - gsmtp"]
    );
    assert_eq!(
        smtp(&mut w, "QUIT").await,
        ["221 2.0.0 closing connection <id> - gsmtp"]
    );
    assert!(w.closed().await);
    mock.shutdown().await;
}

#[tokio::test]
async fn starttls_discards_pipelined_plaintext() {
    let mock = MockGmail::builder().start().await.unwrap();
    let mut w = Wire::plain(mock.submission_addr(), mock.ca_pem()).await;
    w.reply().await;
    assert_eq!(smtp(&mut w, "EHLO crm.example").await, EHLO_PLAIN);
    w.send(&format!(
        "STARTTLS\r\nAUTH PLAIN {}\r\n",
        plain(WORKSPACE_EMAIL, WORKSPACE_PASSWORD)
    ))
    .await;
    assert_eq!(masked(w.reply().await), ["220 2.0.0 Ready to start TLS"]);
    let mut w = w.starttls().await;
    // The injected AUTH was dropped: no reply to it, and EHLO is needed again.
    assert_eq!(smtp(&mut w, "NOOP").await, ["250 2.0.0 OK <id> - gsmtp"]);
    assert_eq!(smtp(&mut w, "EHLO crm.example").await, EHLO_TLS);
    assert_eq!(
        smtp(&mut w, "MAIL FROM:<anna.nowak@firma.example>").await[0],
        "530-5.7.0 Authentication Required. Learn more at"
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn ehlo_on_smtps_and_mail_without_auth() {
    let mock = MockGmail::builder().start().await.unwrap();
    let mut w = smtps(&mock).await;
    assert_eq!(
        smtp(&mut w, "MAIL FROM:<anna.nowak@firma.example>").await,
        [
            "530-5.7.0 Authentication Required. Learn more at",
            "530 5.7.0  https://support.google.com/mail/?p=WantAuthError <id> - gsmtp",
        ]
    );
    assert_eq!(
        smtp(&mut w, "RCPT TO:<jan.kowalski@gmail.com>").await[0].get(..9),
        Some("503 5.5.1")
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn auth_plain_ir_and_continuation() {
    let mock = MockGmail::builder().start().await.unwrap();
    let mut w = smtps(&mock).await;
    assert_eq!(
        auth_plain(&mut w, WORKSPACE_EMAIL, STALE_PASSWORD).await,
        BAD_CREDENTIALS
    );
    assert_eq!(
        auth_plain(&mut w, WORKSPACE_EMAIL, WORKSPACE_PASSWORD).await,
        AUTH_OK
    );

    let mut w = smtps(&mock).await;
    w.send("AUTH PLAIN\r\n").await;
    assert_eq!(
        w.line().await,
        "334 ",
        "empty challenge keeps its space (RFC 4954)"
    );
    assert_eq!(
        smtp(&mut w, &plain(WORKSPACE_EMAIL, WORKSPACE_PASSWORD)).await,
        AUTH_OK
    );
    assert_eq!(
        smtp(&mut w, "AUTH PLAIN").await[0].get(..9),
        Some("503 5.5.1"),
        "already authenticated"
    );

    // Cancel with `*`, then succeed.
    let mut w = smtps(&mock).await;
    assert_eq!(smtp(&mut w, "AUTH PLAIN").await, ["334 "]);
    let r = smtp(&mut w, "*").await;
    assert!(r[0].starts_with("501 5.7.0 "), "{r:?}");
    assert_eq!(
        auth_plain(&mut w, WORKSPACE_EMAIL, WORKSPACE_PASSWORD).await,
        AUTH_OK
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn auth_login() {
    let mock = MockGmail::builder().start().await.unwrap();
    let mut w = smtps(&mock).await;
    assert_eq!(smtp(&mut w, "AUTH LOGIN").await, ["334 VXNlcm5hbWU6"]);
    assert_eq!(
        smtp(&mut w, &b64(WORKSPACE_EMAIL)).await,
        ["334 UGFzc3dvcmQ6"]
    );
    assert_eq!(smtp(&mut w, &b64(STALE_PASSWORD)).await, BAD_CREDENTIALS);
    assert_eq!(smtp(&mut w, "AUTH LOGIN").await, ["334 VXNlcm5hbWU6"]);
    assert_eq!(
        smtp(&mut w, &b64(WORKSPACE_EMAIL)).await,
        ["334 UGFzc3dvcmQ6"]
    );
    assert_eq!(smtp(&mut w, &b64(WORKSPACE_PASSWORD)).await, AUTH_OK);
    // The user name as an initial response.
    let mut w = smtps(&mock).await;
    assert_eq!(
        smtp(&mut w, &format!("AUTH LOGIN {}", b64(WORKSPACE_EMAIL))).await,
        ["334 UGFzc3dvcmQ6"]
    );
    assert_eq!(smtp(&mut w, &b64(WORKSPACE_PASSWORD)).await, AUTH_OK);
    mock.shutdown().await;
}

#[tokio::test]
async fn auth_xoauth2_valid_and_expired() {
    let mock = MockGmail::builder().start().await.unwrap();
    let good = xoauth2(WORKSPACE_EMAIL, WORKSPACE_OAUTH_TOKEN);
    let bad = xoauth2(WORKSPACE_EMAIL, "ya29.expired-token");
    let challenge = format!("334 {}", xoauth2_error_b64());
    // Valid: IR and continuation.
    let mut w = smtps(&mock).await;
    assert_eq!(smtp(&mut w, &format!("AUTH XOAUTH2 {good}")).await, AUTH_OK);
    let mut w = smtps(&mock).await;
    assert_eq!(smtp(&mut w, "AUTH XOAUTH2").await, ["334 "]);
    assert_eq!(smtp(&mut w, &good).await, AUTH_OK);
    // Expired: the JSON challenge, an empty answer, then 535.
    let mut w = smtps(&mock).await;
    assert_eq!(
        smtp(&mut w, &format!("AUTH XOAUTH2 {bad}")).await,
        std::slice::from_ref(&challenge)
    );
    assert_eq!(smtp(&mut w, "").await, BAD_CREDENTIALS);
    // The session continues: a valid token now works.
    assert_eq!(smtp(&mut w, &format!("AUTH XOAUTH2 {good}")).await, AUTH_OK);
    let mut w = smtps(&mock).await;
    assert_eq!(smtp(&mut w, "AUTH XOAUTH2").await, ["334 "]);
    assert_eq!(smtp(&mut w, &bad).await, [challenge]);
    assert_eq!(smtp(&mut w, "").await, BAD_CREDENTIALS);
    mock.shutdown().await;
}

/// OAUTHBEARER (RFC 7628) as curl sends it: a bare `AUTH OAUTHBEARER`,
/// then the GS2-framed payload after `334 `; a bad token's JSON challenge
/// is answered with `^A` (base64 `AQ==`), as the RFC says.
#[tokio::test]
async fn auth_oauthbearer_as_curl_sends_it() {
    let mock = MockGmail::builder().start().await.unwrap();
    let port = mock.smtps_addr().port();
    let good = gmail_wire::sasl::encode_oauthbearer(
        WORKSPACE_EMAIL,
        "127.0.0.1",
        port,
        WORKSPACE_OAUTH_TOKEN,
    );
    let bad =
        gmail_wire::sasl::encode_oauthbearer(WORKSPACE_EMAIL, "127.0.0.1", port, "ya29.expired");
    let mut w = smtps(&mock).await;
    assert_eq!(smtp(&mut w, "AUTH OAUTHBEARER").await, ["334 "]);
    assert_eq!(smtp(&mut w, good.expose()).await, AUTH_OK);
    let mut w = smtps(&mock).await;
    assert_eq!(
        smtp(&mut w, &format!("AUTH OAUTHBEARER {}", good.expose())).await,
        AUTH_OK
    );
    let mut w = smtps(&mock).await;
    assert_eq!(smtp(&mut w, "AUTH OAUTHBEARER").await, ["334 "]);
    assert_eq!(
        smtp(&mut w, bad.expose()).await,
        [format!("334 {}", xoauth2_error_b64())]
    );
    assert_eq!(smtp(&mut w, "AQ==").await, BAD_CREDENTIALS);
    mock.shutdown().await;
}

/// Gmail's replies to AUTH with the customer's secret and to MAIL FROM.
fn expected_smtp(name: &str) -> (&'static [&'static str], Option<&'static [&'static str]>) {
    const MAIL_OK: &[&str] = &["250 2.1.0 OK <id> - gsmtp"];
    match name {
        // IMAP switches and the IMAP connection cap do not touch SMTP.
        "healthy" | "imap-disabled" | "imap-disabled-user" | "too-many-connections" => {
            (AUTH_OK, Some(MAIL_OK))
        }
        "less-secure-rejected" => (WEB_LOGIN_REQUIRED, None),
        "app-password-required" => (APP_PASSWORD_REQUIRED, None),
        "external-smtp-denied" => (AUTH_OK, Some(EXTERNAL_SMTP_DENIED)),
        "bad-password" => (BAD_CREDENTIALS, None),
        other => panic!("preset {other:?} has no expected SMTP reply in this test: add one"),
    }
}

#[tokio::test]
async fn every_preset_answers_auth_with_gmails_text() {
    let mut tasks = Vec::new();
    for p in PRESETS {
        tasks.push(tokio::spawn(async move {
            let secret = preset(p.name).unwrap().customer_secret;
            let from = preset(p.name)
                .unwrap()
                .customer_from
                .unwrap_or(WORKSPACE_EMAIL);
            let mock = MockGmail::builder().mode(p.name).start().await.unwrap();
            let (auth, mail) = expected_smtp(p.name);
            // smtps with AUTH PLAIN; submission (STARTTLS) with AUTH LOGIN.
            let mut w = smtps(&mock).await;
            assert_eq!(
                auth_plain(&mut w, WORKSPACE_EMAIL, secret).await,
                auth,
                "{}",
                p.name
            );
            if let Some(mail) = mail {
                assert_eq!(
                    smtp(&mut w, &format!("MAIL FROM:<{from}>")).await,
                    mail,
                    "{}",
                    p.name
                );
            }
            let mut w = submission_tls(&mock).await;
            assert_eq!(smtp(&mut w, "AUTH LOGIN").await, ["334 VXNlcm5hbWU6"]);
            assert_eq!(
                smtp(&mut w, &b64(WORKSPACE_EMAIL)).await,
                ["334 UGFzc3dvcmQ6"]
            );
            assert_eq!(
                smtp(&mut w, &b64(secret)).await,
                auth,
                "{} (AUTH LOGIN)",
                p.name
            );
            if let Some(mail) = mail {
                assert_eq!(
                    smtp(&mut w, &format!("MAIL FROM:<{from}>")).await,
                    mail,
                    "{}",
                    p.name
                );
            }
            mock.shutdown().await;
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
}

#[tokio::test]
async fn app_password_is_accepted_for_smtp() {
    let mock = MockGmail::builder()
        .mode("app-password-required")
        .start()
        .await
        .unwrap();
    let mut w = smtps(&mock).await;
    assert_eq!(
        smtp(
            &mut w,
            &format!(
                "AUTH PLAIN {}",
                plain(WORKSPACE_EMAIL, WORKSPACE_APP_PASSWORD)
            )
        )
        .await,
        AUTH_OK
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn data_with_dot_unstuffing() {
    let mock = MockGmail::builder().start().await.unwrap();
    let mut w = authed(&mock).await;
    assert_eq!(
        smtp(
            &mut w,
            &format!("MAIL FROM:<{WORKSPACE_EMAIL}> BODY=8BITMIME SIZE=200")
        )
        .await,
        ["250 2.1.0 OK <id> - gsmtp"]
    );
    assert_eq!(
        smtp(&mut w, "RCPT TO:<jan.kowalski@gmail.com>").await,
        ["250 2.1.5 OK <id> - gsmtp"]
    );
    assert_eq!(
        smtp(&mut w, "RCPT TO:<ewa@klient.example>").await,
        ["250 2.1.5 OK <id> - gsmtp"]
    );
    assert_eq!(smtp(&mut w, "DATA").await, ["354 Go ahead <id> - gsmtp"]);
    w.send("From: anna.nowak@firma.example\r\nSubject: Kropki\r\n\r\n..x\r\n...\r\n..\r\n. leading\r\nend\r\n.\r\n").await;
    assert_eq!(
        masked(w.reply().await),
        ["250 2.0.0 OK  <time> <id> - gsmtp"]
    );
    let msgs = mock.messages();
    assert_eq!(msgs.len(), 1);
    assert_eq!(&msgs[0].raw[..], b"From: anna.nowak@firma.example\r\nSubject: Kropki\r\n\r\n.x\r\n..\r\n.\r\n leading\r\nend\r\n");
    assert_eq!(msgs[0].mail_from, WORKSPACE_EMAIL);
    assert_eq!(
        msgs[0].recipients,
        ["jan.kowalski@gmail.com", "ewa@klient.example"]
    );
    assert_eq!(msgs[0].account, WORKSPACE_EMAIL);
    // Filed in Sent Mail (after the sample's sent message), and in the
    // mock recipient's INBOX.
    assert_eq!(
        after_sample(&mock, "[Gmail]/Sent Mail"),
        [msgs[0].raw.clone()]
    );
    assert_eq!(
        mock.mailbox_messages(CONSUMER_EMAIL, "INBOX").unwrap(),
        [msgs[0].raw.clone()]
    );
    // A second transaction on the same session.
    assert_eq!(
        smtp(&mut w, &format!("MAIL FROM:<{WORKSPACE_EMAIL}>")).await,
        ["250 2.1.0 OK <id> - gsmtp"]
    );
    assert_eq!(
        smtp(&mut w, "RCPT TO:<ewa@klient.example>").await,
        ["250 2.1.5 OK <id> - gsmtp"]
    );
    assert_eq!(smtp(&mut w, "DATA").await, ["354 Go ahead <id> - gsmtp"]);
    assert_eq!(
        smtp(&mut w, "Subject: 2\r\n\r\nbody\r\n.").await,
        ["250 2.0.0 OK  <time> <id> - gsmtp"]
    );
    assert_eq!(&mock.messages()[1].raw[..], b"Subject: 2\r\n\r\nbody\r\n");
    mock.shutdown().await;
}

#[tokio::test]
async fn bdat_chunks() {
    let mock = MockGmail::builder().start().await.unwrap();
    let mut w = authed(&mock).await;
    smtp(&mut w, &format!("MAIL FROM:<{WORKSPACE_EMAIL}>")).await;
    smtp(&mut w, "RCPT TO:<ewa@klient.example>").await;
    let part1 = "Subject: BDAT\r\n\r\n";
    let part2 = "..no unstuffing\r\n.\r\n";
    w.send(&format!("BDAT {}\r\n{part1}", part1.len())).await;
    assert_eq!(
        masked(w.reply().await),
        [format!(
            "250 2.0.0 {} bytes received <id> - gsmtp",
            part1.len()
        )]
    );
    w.send(&format!("BDAT {} LAST\r\n{part2}", part2.len()))
        .await;
    assert_eq!(
        masked(w.reply().await),
        ["250 2.0.0 OK  <time> <id> - gsmtp"]
    );
    assert_eq!(
        &mock.messages()[0].raw[..],
        format!("{part1}{part2}").as_bytes()
    );

    // A chunk followed by `BDAT 0 LAST`, all pipelined.
    smtp(&mut w, &format!("MAIL FROM:<{WORKSPACE_EMAIL}>")).await;
    smtp(&mut w, "RCPT TO:<ewa@klient.example>").await;
    w.send("BDAT 5\r\nhelloBDAT 0 LAST\r\n").await;
    assert_eq!(
        masked(w.reply().await),
        ["250 2.0.0 5 bytes received <id> - gsmtp"]
    );
    assert_eq!(
        masked(w.reply().await),
        ["250 2.0.0 OK  <time> <id> - gsmtp"]
    );
    assert_eq!(&mock.messages()[1].raw[..], b"hello");
    assert_eq!(mock.messages().len(), 2);
    mock.shutdown().await;
}

#[tokio::test]
async fn refused_bdat_still_consumes_its_chunk() {
    let mock = MockGmail::builder().start().await.unwrap();
    let mut w = authed(&mock).await;
    // RFC 3030: the chunk follows the command whatever the reply, so its
    // bytes must never be read as commands.
    w.send("BDAT 6 LAST\r\nQUIT\r\n").await;
    let r = masked(w.reply().await);
    assert_eq!(r, ["503 5.5.1 MAIL first. <id> - gsmtp"]);
    assert_eq!(smtp(&mut w, "NOOP").await, ["250 2.0.0 OK <id> - gsmtp"]);
    assert!(mock.messages().is_empty());
    mock.shutdown().await;
}

#[tokio::test]
async fn size_limits() {
    let mock = MockGmail::builder().start().await.unwrap();
    let mut w = authed(&mock).await;
    assert_eq!(
        smtp(
            &mut w,
            &format!("MAIL FROM:<{WORKSPACE_EMAIL}> SIZE=35882578")
        )
        .await,
        TOO_BIG
    );
    assert_eq!(
        smtp(
            &mut w,
            &format!("MAIL FROM:<{WORKSPACE_EMAIL}> SIZE=35882577")
        )
        .await,
        ["250 2.1.0 OK <id> - gsmtp"]
    );
    mock.shutdown().await;

    // A body over the limit is refused after the final dot (small limit so
    // the test is fast); the session stays usable.
    let options = Options {
        smtp_max_message: 100,
        ..Options::default()
    };
    let mock = MockGmail::builder().options(options).start().await.unwrap();
    let mut w = authed(&mock).await;
    smtp(&mut w, &format!("MAIL FROM:<{WORKSPACE_EMAIL}>")).await;
    smtp(&mut w, "RCPT TO:<ewa@klient.example>").await;
    assert_eq!(smtp(&mut w, "DATA").await, ["354 Go ahead <id> - gsmtp"]);
    let body = "x".repeat(70);
    w.send(&format!("Subject: big\r\n\r\n{body}\r\n{body}\r\n.\r\n"))
        .await;
    assert_eq!(masked(w.reply().await), TOO_BIG);
    assert!(mock.messages().is_empty());
    // The same with BDAT.
    smtp(&mut w, &format!("MAIL FROM:<{WORKSPACE_EMAIL}>")).await;
    smtp(&mut w, "RCPT TO:<ewa@klient.example>").await;
    w.send(&format!("BDAT 140 LAST\r\n{body}{body}")).await;
    assert_eq!(masked(w.reply().await), TOO_BIG);
    assert!(mock.messages().is_empty());
    // A message under the limit still goes through.
    assert_eq!(
        smtp(&mut w, &format!("MAIL FROM:<{WORKSPACE_EMAIL}>")).await,
        ["250 2.1.0 OK <id> - gsmtp"]
    );
    smtp(&mut w, "RCPT TO:<ewa@klient.example>").await;
    smtp(&mut w, "DATA").await;
    assert_eq!(
        smtp(&mut w, "Subject: small\r\n\r\nok\r\n.").await,
        ["250 2.0.0 OK  <time> <id> - gsmtp"]
    );
    assert_eq!(mock.messages().len(), 1);
    mock.shutdown().await;
}

#[tokio::test]
async fn vrfy_rset_noop_help_quit_and_unknown() {
    let mock = MockGmail::builder().start().await.unwrap();
    let mut w = authed(&mock).await;
    assert_eq!(
        smtp(&mut w, "VRFY anna").await,
        ["252 2.1.5 Send some mail, I'll try my best <id> - gsmtp"]
    );
    assert_eq!(smtp(&mut w, "NOOP").await, ["250 2.0.0 OK <id> - gsmtp"]);
    assert_eq!(
        smtp(&mut w, "FROB x").await,
        ["502 5.5.1 Unrecognized command. <id> - gsmtp"]
    );
    assert_eq!(
        smtp(&mut w, "EXPN list").await,
        ["502 5.5.1 Unrecognized command. <id> - gsmtp"]
    );
    assert_eq!(
        smtp(&mut w, "MAIL FROM:anna").await,
        ["555 5.5.2 Syntax error. <id> - gsmtp"]
    );
    // RSET forgets the envelope.
    smtp(&mut w, &format!("MAIL FROM:<{WORKSPACE_EMAIL}>")).await;
    smtp(&mut w, "RCPT TO:<ewa@klient.example>").await;
    assert_eq!(
        smtp(&mut w, "RSET").await,
        ["250 2.1.5 Flushed <id> - gsmtp"]
    );
    assert_eq!(
        smtp(&mut w, "DATA").await,
        ["503 5.5.1 MAIL first. <id> - gsmtp"]
    );
    assert_eq!(
        smtp(&mut w, &format!("MAIL FROM:<{WORKSPACE_EMAIL}>")).await,
        ["250 2.1.0 OK <id> - gsmtp"]
    );
    assert_eq!(
        smtp(&mut w, "DATA").await,
        ["503 5.5.1 RCPT first. <id> - gsmtp"]
    );
    assert_eq!(
        smtp(&mut w, "QUIT").await,
        ["221 2.0.0 closing connection <id> - gsmtp"]
    );
    assert!(w.closed().await);
    mock.shutdown().await;
}

#[tokio::test]
async fn long_data_line_is_not_cut_into_commands() {
    // A DATA line longer than the line cap is passed on in pieces; the rest
    // of that line must not be taken for the end-of-data dot.
    let options = Options {
        smtp_max_line: 80,
        ..Options::default()
    };
    let mock = MockGmail::builder().options(options).start().await.unwrap();
    let mut w = authed(&mock).await;
    smtp(&mut w, &format!("MAIL FROM:<{WORKSPACE_EMAIL}>")).await;
    smtp(&mut w, "RCPT TO:<ewa@klient.example>").await;
    smtp(&mut w, "DATA").await;
    let long = "x".repeat(200);
    w.send(&format!("Subject: long\r\n\r\n.{long}")).await;
    // Let the server take the unterminated line before the rest arrives.
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    w.send(".\r\nNOOP\r\n.\r\n").await;
    assert_eq!(
        masked(w.reply().await),
        ["250 2.0.0 OK  <time> <id> - gsmtp"]
    );
    assert_eq!(
        &mock.messages()[0].raw[..],
        format!("Subject: long\r\n\r\n{long}.\r\nNOOP\r\n").as_bytes()
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn invalid_credentials_style_applies_to_smtp_too() {
    let mock = MockGmail::builder()
        .mode("less-secure-rejected")
        .web_login_style(mock_gmail::WebLoginStyle::InvalidCredentials)
        .start()
        .await
        .unwrap();
    let mut w = smtps(&mock).await;
    assert_eq!(
        auth_plain(&mut w, WORKSPACE_EMAIL, WORKSPACE_PASSWORD).await,
        BAD_CREDENTIALS
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn shutdown_closes_open_smtp_sessions() {
    let mock = MockGmail::builder().start().await.unwrap();
    let mut w = authed(&mock).await;
    tokio::time::timeout(std::time::Duration::from_secs(5), mock.shutdown())
        .await
        .expect("shutdown is prompt");
    assert_eq!(
        masked(w.reply().await),
        ["421 4.7.0 Server shutting down, closing connection. <id> - gsmtp"]
    );
    assert!(w.closed().await);
}

#[tokio::test]
async fn pipelined_envelope() {
    let mock = MockGmail::builder().start().await.unwrap();
    let mut w = smtps(&mock).await;
    // RFC 2920: a client may send the whole envelope in one go.
    w.send(&format!(
        "AUTH PLAIN {}\r\nMAIL FROM:<{WORKSPACE_EMAIL}>\r\nRCPT TO:<ewa@klient.example>\r\nRCPT TO:<bad>\r\nDATA\r\n",
        plain(WORKSPACE_EMAIL, WORKSPACE_PASSWORD)
    ))
    .await;
    assert_eq!(masked(w.reply().await), AUTH_OK);
    assert_eq!(masked(w.reply().await), ["250 2.1.0 OK <id> - gsmtp"]);
    assert_eq!(masked(w.reply().await), ["250 2.1.5 OK <id> - gsmtp"]);
    assert_eq!(
        masked(w.reply().await),
        [
            "553-5.1.3 The recipient address <bad> is not a valid RFC 5321 address. Learn",
            "553 5.1.3 more at https://support.google.com/mail/answer/6596 <id> - gsmtp",
        ]
    );
    assert_eq!(masked(w.reply().await), ["354 Go ahead <id> - gsmtp"]);
    assert_eq!(
        smtp(&mut w, "Subject: p\r\n\r\nx\r\n.").await,
        ["250 2.0.0 OK  <time> <id> - gsmtp"]
    );
    assert_eq!(mock.messages()[0].recipients, ["ewa@klient.example"]);
    mock.shutdown().await;
}
