//! No fixture secret reaches a transcript or a `Debug` rendering, whatever
//! the client sends: passwords, app passwords (with and without spaces),
//! tokens and their SASL (base64) encodings.

use mock_gmail::model::preset::*;
use mock_gmail::{MockGmail, MockHandle};

use crate::support::{b64, plain, xoauth2, Wire};

const EXPIRED_TOKEN: &str = "ya29.expired-secret-token-4711";

/// Every secret, in every encoding a client may send it in.
fn secrets() -> Vec<String> {
    let app_nospace = WORKSPACE_APP_PASSWORD.replace(' ', "");
    let mut v = vec![
        WORKSPACE_PASSWORD.to_owned(),
        STALE_PASSWORD.to_owned(),
        CONSUMER_PASSWORD.to_owned(),
        WORKSPACE_APP_PASSWORD.to_owned(),
        app_nospace.clone(),
        WORKSPACE_OAUTH_TOKEN.to_owned(),
        EXPIRED_TOKEN.to_owned(),
    ];
    for s in [
        WORKSPACE_PASSWORD,
        STALE_PASSWORD,
        WORKSPACE_APP_PASSWORD,
        &app_nospace,
    ] {
        v.push(plain(WORKSPACE_EMAIL, s));
        v.push(b64(s));
    }
    v.push(plain(CONSUMER_EMAIL, CONSUMER_PASSWORD));
    v.push(b64(CONSUMER_PASSWORD));
    for t in [WORKSPACE_OAUTH_TOKEN, EXPIRED_TOKEN] {
        v.push(xoauth2(WORKSPACE_EMAIL, t));
        v.push(b64(t));
    }
    // Distinctive fragments, in case a secret is cut or re-quoted.
    v.push("Wiosna".into());
    v.push("qwer tyui".into());
    v.push("qwertyui".into());
    v.push("mock-gmail-valid".into());
    v.push("expired-secret".into());
    v
}

async fn imap(mock: &MockHandle) -> Wire {
    let mut w = Wire::tls(mock.imaps_addr(), mock.ca_pem()).await;
    w.line().await;
    w
}

async fn smtps(mock: &MockHandle) -> Wire {
    let mut w = Wire::tls(mock.smtps_addr(), mock.ca_pem()).await;
    w.reply().await;
    w.smtp("EHLO crm.example").await;
    w
}

/// Drives every way a secret can travel to the mock.
async fn exercise(mock: &MockHandle) {
    let app_nospace = WORKSPACE_APP_PASSWORD.replace(' ', "");
    // IMAP LOGIN: atoms, quoted strings, wrong and right secrets.
    for secret in [WORKSPACE_PASSWORD, STALE_PASSWORD, &app_nospace] {
        let mut w = imap(mock).await;
        w.cmd("a1", &format!("LOGIN {WORKSPACE_EMAIL} {secret}"))
            .await;
    }
    let mut w = imap(mock).await;
    w.cmd(
        "a1",
        &format!("LOGIN \"{WORKSPACE_EMAIL}\" \"{WORKSPACE_APP_PASSWORD}\""),
    )
    .await;
    w.cmd("a2", "LOGOUT").await;
    let mut w = imap(mock).await;
    w.cmd("a1", &format!("LOGIN {CONSUMER_EMAIL} {CONSUMER_PASSWORD}"))
        .await;
    // Literals: synchronising and not.
    let mut w = imap(mock).await;
    w.send(&format!(
        "a1 LOGIN {WORKSPACE_EMAIL} {{{}}}\r\n",
        WORKSPACE_APP_PASSWORD.len()
    ))
    .await;
    w.line().await;
    w.send(&format!("{WORKSPACE_APP_PASSWORD}\r\n")).await;
    w.until_tagged("a1").await;
    let mut w = imap(mock).await;
    w.cmd(
        "a1",
        &format!(
            "LOGIN {{{}+}}\r\n{WORKSPACE_EMAIL} {{{}+}}\r\n{WORKSPACE_PASSWORD}",
            WORKSPACE_EMAIL.len(),
            WORKSPACE_PASSWORD.len()
        ),
    )
    .await;
    // Pipelined: several logins in one write.
    let mut w = imap(mock).await;
    w.send(&format!(
        "p1 LOGIN {WORKSPACE_EMAIL} {STALE_PASSWORD}\r\np2 LOGIN {WORKSPACE_EMAIL} \"{WORKSPACE_APP_PASSWORD}\"\r\np3 NOOP\r\n"
    ))
    .await;
    w.until_tagged("p3").await;
    // Malformed LOGIN lines (they do not parse, so they are recorded raw).
    let mut w = imap(mock).await;
    for (tag, line) in [
        (
            "m1",
            format!("LOGIN {WORKSPACE_EMAIL} {WORKSPACE_PASSWORD} extra"),
        ),
        (
            "m2",
            format!("LOGIN \"{WORKSPACE_EMAIL}\" \"{WORKSPACE_PASSWORD}"),
        ),
        ("m3", format!("login {WORKSPACE_EMAIL}  {STALE_PASSWORD}")),
        (
            "m4",
            format!("LOGIN\t{WORKSPACE_EMAIL}\t{WORKSPACE_PASSWORD}"),
        ),
        (
            "m5",
            format!("LOGIN {WORKSPACE_EMAIL} \"{WORKSPACE_APP_PASSWORD}\" x"),
        ),
        (
            "m6",
            format!(
                "LOGIN {WORKSPACE_EMAIL} {{{}+}}\r\n{WORKSPACE_PASSWORD} x",
                WORKSPACE_PASSWORD.len()
            ),
        ),
        (
            "m7",
            format!(
                "AUTHENTICATE PLAIN {} x",
                plain(WORKSPACE_EMAIL, WORKSPACE_PASSWORD)
            ),
        ),
        (
            "m8",
            format!("LOGIN\u{0}{WORKSPACE_EMAIL}\u{0}{WORKSPACE_PASSWORD}"),
        ),
    ] {
        let r = w.cmd(tag, &line).await;
        assert!(
            r.last().unwrap().starts_with(&format!("{tag} BAD")),
            "{line:?}: {r:?}"
        );
    }
    // A line without a tag.
    w.send(&format!("LOGIN {WORKSPACE_EMAIL} {WORKSPACE_PASSWORD}\r\n"))
        .await;
    w.line().await;
    // AUTHENTICATE PLAIN / XOAUTH2, with SASL-IR and continuation.
    let mut w = imap(mock).await;
    w.cmd(
        "a1",
        &format!(
            "AUTHENTICATE PLAIN {}",
            plain(WORKSPACE_EMAIL, STALE_PASSWORD)
        ),
    )
    .await;
    w.send("a2 AUTHENTICATE PLAIN\r\n").await;
    w.line().await;
    w.send(&format!("{}\r\n", plain(WORKSPACE_EMAIL, &app_nospace)))
        .await;
    w.until_tagged("a2").await;
    for token in [WORKSPACE_OAUTH_TOKEN, EXPIRED_TOKEN] {
        let mut w = imap(mock).await;
        w.send(&format!(
            "a1 AUTHENTICATE XOAUTH2 {}\r\n",
            xoauth2(WORKSPACE_EMAIL, token)
        ))
        .await;
        if w.line().await.starts_with('+') {
            w.send("\r\n").await;
            w.until_tagged("a1").await;
        }
        let mut w = imap(mock).await;
        w.send("a1 AUTHENTICATE XOAUTH2\r\n").await;
        w.line().await;
        w.send(&format!("{}\r\n", xoauth2(WORKSPACE_EMAIL, token)))
            .await;
        if w.line().await.starts_with('+') {
            w.send("\r\n").await;
            w.until_tagged("a1").await;
        }
    }
    // A SASL payload sent where a command is expected (a confused client).
    let mut w = imap(mock).await;
    w.send(&format!(
        "{}\r\n",
        plain(WORKSPACE_EMAIL, WORKSPACE_PASSWORD)
    ))
    .await;
    w.line().await;

    // SMTP: AUTH PLAIN / LOGIN / XOAUTH2, IR and continuation, good and bad.
    for secret in [
        WORKSPACE_PASSWORD,
        STALE_PASSWORD,
        WORKSPACE_APP_PASSWORD,
        &app_nospace,
    ] {
        let mut w = smtps(mock).await;
        w.smtp(&format!("AUTH PLAIN {}", plain(WORKSPACE_EMAIL, secret)))
            .await;
        let mut w = smtps(mock).await;
        w.smtp("AUTH PLAIN").await;
        w.smtp(&plain(WORKSPACE_EMAIL, secret)).await;
        let mut w = smtps(mock).await;
        w.smtp("AUTH LOGIN").await;
        w.smtp(&b64(WORKSPACE_EMAIL)).await;
        w.smtp(&b64(secret)).await;
    }
    for token in [WORKSPACE_OAUTH_TOKEN, EXPIRED_TOKEN] {
        let mut w = smtps(mock).await;
        if w.smtp(&format!("AUTH XOAUTH2 {}", xoauth2(WORKSPACE_EMAIL, token)))
            .await[0]
            .starts_with("334")
        {
            w.smtp("").await;
        }
        let mut w = smtps(mock).await;
        w.smtp("AUTH XOAUTH2").await;
        if w.smtp(&xoauth2(WORKSPACE_EMAIL, token)).await[0].starts_with("334") {
            w.smtp("").await;
        }
    }
    // Malformed AUTH, and AUTH LOGIN pipelined onto a refused AUTH (the
    // payload lines then arrive as commands).
    let mut w = smtps(mock).await;
    w.smtp(&format!(
        "AUTH PLAIN {} junk",
        plain(WORKSPACE_EMAIL, WORKSPACE_PASSWORD)
    ))
    .await;
    w.smtp(&format!(
        "AUTH  PLAIN {}",
        plain(WORKSPACE_EMAIL, WORKSPACE_PASSWORD)
    ))
    .await;
    let mut w = Wire::plain(mock.submission_addr(), mock.ca_pem()).await;
    w.reply().await;
    w.smtp("EHLO crm.example").await;
    w.send(&format!(
        "AUTH LOGIN\r\n{}\r\n{}\r\n",
        b64(WORKSPACE_EMAIL),
        b64(WORKSPACE_PASSWORD)
    ))
    .await;
    for _ in 0..3 {
        w.reply().await;
    }
}

#[tokio::test]
async fn no_secret_in_transcripts_or_debug() {
    for mode in ["app-password-required", "healthy", "bad-password"] {
        let mock = MockGmail::builder().mode(mode).start().await.unwrap();
        exercise(&mock).await;
        let transcripts = mock.transcripts();
        assert!(
            transcripts.len() > 30,
            "{mode}: every connection was recorded"
        );
        let mut texts: Vec<(String, String)> = transcripts
            .iter()
            .map(|t| (format!("transcript {}", t.id), t.to_text()))
            .collect();
        texts.push(("Debug(transcripts)".into(), format!("{transcripts:?}")));
        texts.push(("Debug(accounts)".into(), format!("{:?}", mock.accounts())));
        texts.push((
            "Debug(account)".into(),
            format!("{:?}", mock.account(WORKSPACE_EMAIL)),
        ));
        texts.push((
            "Debug(policy)".into(),
            format!("{:?} {:?}", mock.policy(), mock.effective_policy()),
        ));
        texts.push(("Debug(handle)".into(), format!("{mock:?}")));
        texts.push(("Debug(messages)".into(), format!("{:?}", mock.messages())));
        for (what, text) in &texts {
            for s in secrets() {
                assert!(
                    !text.contains(&s),
                    "{mode}: {what} contains the secret {s:?}:\n{text}"
                );
            }
        }
        // The transcripts still say what happened.
        let all: String = transcripts.iter().map(|t| t.to_text()).collect();
        assert!(
            all.contains(&format!("C: a1 LOGIN {WORKSPACE_EMAIL} [REDACTED]")),
            "{all}"
        );
        assert!(all.contains("C: AUTH PLAIN [REDACTED]"));
        assert!(all.contains("[AUTHENTICATIONFAILED]"));
        mock.shutdown().await;
    }
}

/// The authorization server's secrets (the client secret, refresh tokens,
/// issued access tokens, in the clear and in SASL encodings) stay out of
/// transcripts and `Debug` too.
#[tokio::test]
async fn no_oauth_secret_in_transcripts_or_debug() {
    let mock = MockGmail::builder().mode("healthy").start().await.unwrap();
    let issued = mock
        .oauth_refresh(
            OAUTH_CLIENT_ID,
            OAUTH_CLIENT_SECRET,
            WORKSPACE_REFRESH_TOKEN,
        )
        .unwrap();
    let access = issued.access_token.expose().clone();
    let mut w = imap(&mock).await;
    let r = w
        .cmd(
            "a1",
            &format!("AUTHENTICATE XOAUTH2 {}", xoauth2(WORKSPACE_EMAIL, &access)),
        )
        .await;
    assert!(r.last().unwrap().starts_with("a1 OK "), "{r:?}");
    let mut s = smtps(&mock).await;
    let r = s
        .smtp(&format!(
            "AUTH XOAUTH2 {}",
            xoauth2(WORKSPACE_EMAIL, &access)
        ))
        .await;
    assert_eq!(r, ["235 2.7.0 Accepted"]);
    drop((w, s));
    let transcripts = mock.transcripts();
    let mut texts: Vec<String> = transcripts.iter().map(|t| t.to_text()).collect();
    texts.push(format!("{transcripts:?}"));
    texts.push(format!("{issued:?}"));
    texts.push(format!("{:?}", mock.oauth_clients()));
    texts.push(format!("{:?}", mock.oauth_grants(WORKSPACE_EMAIL)));
    texts.push(format!("{mock:?}"));
    let secrets = [
        OAUTH_CLIENT_SECRET.to_owned(),
        WORKSPACE_REFRESH_TOKEN.to_owned(),
        CONSUMER_REFRESH_TOKEN.to_owned(),
        access.clone(),
        xoauth2(WORKSPACE_EMAIL, &access),
        b64(&access),
    ];
    for text in &texts {
        for s in &secrets {
            assert!(!text.contains(s.as_str()), "a secret in:\n{text}");
        }
    }
    assert!(
        texts[..transcripts.len()]
            .iter()
            .any(|t| t.contains("AUTHENTICATE XOAUTH2 [REDACTED]")),
        "the transcripts still say what happened"
    );
}
