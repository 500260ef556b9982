//! Byte-level IMAP exchanges over real TLS (and STARTTLS on the plain
//! listener): Gmail's exact reply lines per preset and per command.

use mock_gmail::model::preset::*;
use mock_gmail::model::{preset, PRESETS};
use mock_gmail::{MockGmail, MockHandle, WebLoginStyle};

use mock_gmail::seed::sample;

use crate::support::{
    mask_ids, mask_plt, plain, sample_count, sample_seqs, search_line, xoauth2, xoauth2_error_b64,
    Wire,
};

const PRE_AUTH_CAPS: &str = "* CAPABILITY IMAP4rev1 UNSELECT IDLE NAMESPACE QUOTA ID XLIST CHILDREN X-GM-EXT-1 XYZZY SASL-IR AUTH=XOAUTH2 AUTH=PLAIN AUTH=PLAIN-CLIENTTOKEN AUTH=OAUTHBEARER AUTH=XOAUTH";
const PRE_AUTH_CAPS_STARTTLS: &str = "* CAPABILITY IMAP4rev1 STARTTLS UNSELECT IDLE NAMESPACE QUOTA ID XLIST CHILDREN X-GM-EXT-1 XYZZY SASL-IR AUTH=XOAUTH2 AUTH=PLAIN AUTH=PLAIN-CLIENTTOKEN AUTH=OAUTHBEARER AUTH=XOAUTH";
const POST_AUTH_CAPS: &str = "* CAPABILITY IMAP4rev1 UNSELECT IDLE NAMESPACE QUOTA ID XLIST CHILDREN X-GM-EXT-1 UIDPLUS ENABLE MOVE UTF8=ACCEPT LITERAL- SPECIAL-USE APPENDLIMIT=35651584";

const INVALID: &str = "NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)";
const WEB_LOGIN: &str = "NO [ALERT] Please log in via your web browser: https://support.google.com/mail/accounts/answer/78754 (Failure)";

pub(crate) const MSG1: &[u8] = b"From: Jan Kowalski <jan.kowalski@gmail.com>\r\nTo: anna.nowak@firma.example\r\nSubject: Oferta\r\nDate: Mon, 1 Jun 2020 10:00:00 +0200\r\nMessage-ID: <m1@mail.gmail.com>\r\n\r\nDzien dobry,\r\nw zalaczniku oferta.\r\n";
pub(crate) const MSG2: &[u8] = b"From: Ewa <ewa@klient.example>\r\nTo: anna.nowak@firma.example\r\nSubject: Re: Oferta\r\nDate: Tue, 2 Jun 2020 09:30:00 +0200\r\nMessage-ID: <m2@klient.example>\r\n\r\nDziekuje!\r\n";

/// Connects over implicit TLS and checks the greeting.
async fn imaps(mock: &MockHandle) -> Wire {
    let mut w = Wire::tls(mock.imaps_addr(), mock.ca_pem()).await;
    assert_eq!(
        mask_ids(&w.line().await),
        "* OK Gimap ready for requests from 127.0.0.1 <id>"
    );
    w
}

/// Connects over implicit TLS and logs in as the Workspace user.
async fn logged_in(mock: &MockHandle) -> Wire {
    let mut w = imaps(mock).await;
    let r = w.login_workspace("L").await;
    assert_eq!(
        r,
        vec![
            POST_AUTH_CAPS.to_owned(),
            format!("L OK {WORKSPACE_EMAIL} authenticated (Success)")
        ]
    );
    w
}

pub(crate) fn ok_login(tag: &str) -> Vec<String> {
    vec![
        POST_AUTH_CAPS.to_owned(),
        format!("{tag} OK {WORKSPACE_EMAIL} authenticated (Success)"),
    ]
}

#[tokio::test]
async fn greeting_capability_and_login() {
    let mock = MockGmail::builder().mode("healthy").start().await.unwrap();
    let mut w = Wire::tls(mock.imaps_addr(), mock.ca_pem()).await;
    assert_eq!(
        mask_ids(&w.line().await),
        "* OK Gimap ready for requests from 127.0.0.1 <id>"
    );
    let caps = w.cmd("a1", "CAPABILITY").await;
    assert_eq!(caps[0], PRE_AUTH_CAPS);
    assert_eq!(mask_ids(&caps[1]), "a1 OK Thats all she wrote! <id>");
    let login = w.login_workspace("a2").await;
    assert_eq!(login, ok_login("a2"));
    let caps = w.cmd("a3", "CAPABILITY").await;
    assert_eq!(caps[0], POST_AUTH_CAPS);
    let bye = w.cmd("a4", "LOGOUT").await;
    assert_eq!(
        bye,
        vec!["* BYE LOGOUT Requested", "a4 OK 73 good day (Success)"]
    );
    assert!(w.closed().await, "LOGOUT closes the connection");
    mock.shutdown().await;
}

/// Gmail's tagged reply to LOGIN with what the customer typed, per preset.
pub(crate) fn expected_imap_login(name: &str) -> Vec<String> {
    let tagged = |rest: &str| vec![format!("a1 {rest}")];
    match name {
        "healthy" | "external-smtp-denied" => ok_login("a1"),
        "imap-disabled" => tagged("NO [ALERT] IMAP access is disabled for your domain.  Please contact your domain administrator for questions about this feature. (Failure)"),
        "imap-disabled-user" => tagged("NO [ALERT] Your account is not enabled for IMAP use. Please visit your Gmail settings page and enable your account for IMAP access. (Failure)"),
        "less-secure-rejected" => tagged(WEB_LOGIN),
        "app-password-required" => tagged("NO [ALERT] Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)"),
        "bad-password" => tagged(INVALID),
        "too-many-connections" => tagged("NO [ALERT] Too many simultaneous connections. (Failure)"),
        other => panic!("preset {other:?} has no expected IMAP reply in this test: add one"),
    }
}

#[tokio::test]
async fn every_preset_answers_login_with_gmails_text() {
    let mut tasks = Vec::new();
    for p in PRESETS {
        tasks.push(tokio::spawn(async move {
            let state = preset(p.name).unwrap();
            let mock = MockGmail::builder().mode(p.name).start().await.unwrap();
            // LOGIN (quoted strings, as most clients send them).
            let mut w = imaps(&mock).await;
            let r = w
                .cmd(
                    "a1",
                    &format!("LOGIN \"{WORKSPACE_EMAIL}\" \"{}\"", state.customer_secret),
                )
                .await;
            assert_eq!(r, expected_imap_login(p.name), "preset {}", p.name);
            // The same decision through AUTHENTICATE PLAIN (SASL-IR).
            let mut w = imaps(&mock).await;
            let r = w
                .cmd(
                    "a1",
                    &format!(
                        "AUTHENTICATE PLAIN {}",
                        plain(WORKSPACE_EMAIL, state.customer_secret)
                    ),
                )
                .await;
            assert_eq!(
                r,
                expected_imap_login(p.name),
                "preset {} (AUTHENTICATE PLAIN)",
                p.name
            );
            mock.shutdown().await;
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
}

#[tokio::test]
async fn app_password_works_with_and_without_spaces() {
    let mock = MockGmail::builder()
        .mode("app-password-required")
        .start()
        .await
        .unwrap();
    let mut w = imaps(&mock).await;
    let r = w
        .cmd(
            "a1",
            &format!("LOGIN {WORKSPACE_EMAIL} \"{WORKSPACE_APP_PASSWORD}\""),
        )
        .await;
    assert_eq!(r, ok_login("a1"));
    let mut w = imaps(&mock).await;
    let r = w
        .cmd(
            "a1",
            &format!(
                "LOGIN {WORKSPACE_EMAIL} {}",
                WORKSPACE_APP_PASSWORD.replace(' ', "")
            ),
        )
        .await;
    assert_eq!(r, ok_login("a1"));
    mock.shutdown().await;
}

#[tokio::test]
async fn webalert_style_sends_untagged_webalert_first() {
    let mock = MockGmail::builder()
        .mode("less-secure-rejected")
        .web_login_style(WebLoginStyle::Webalert)
        .start()
        .await
        .unwrap();
    let mut w = imaps(&mock).await;
    let r = w.login_workspace("a1").await;
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!(
        mask_plt(&r[0]),
        "* NO [WEBALERT https://accounts.google.com/signin/continue?sarp=1&scc=1&plt=<token>] Web login required."
    );
    assert_eq!(r[1], format!("a1 {WEB_LOGIN}"));
    // The session stays usable and unauthenticated.
    assert_eq!(
        mask_ids(&w.cmd("a2", "SELECT INBOX").await[0]),
        "a2 BAD Unknown command <id>"
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn invalid_credentials_style_hides_the_reason() {
    let mock = MockGmail::builder()
        .mode("less-secure-rejected")
        .web_login_style(WebLoginStyle::InvalidCredentials)
        .start()
        .await
        .unwrap();
    let mut w = imaps(&mock).await;
    let r = w.login_workspace("a1").await;
    assert_eq!(r, vec![format!("a1 {INVALID}")]);
    mock.shutdown().await;
}

#[tokio::test]
async fn starttls_on_the_plain_listener() {
    let mock = MockGmail::builder().start().await.unwrap();
    let mut w = Wire::plain(mock.imap_addr(), mock.ca_pem()).await;
    assert_eq!(
        mask_ids(&w.line().await),
        "* OK Gimap ready for requests from 127.0.0.1 <id>"
    );
    let caps = w.cmd("a1", "CAPABILITY").await;
    assert_eq!(caps[0], PRE_AUTH_CAPS_STARTTLS);
    assert_eq!(mask_ids(&caps[1]), "a1 OK Thats all she wrote! <id>");
    assert_eq!(
        w.cmd("a2", "STARTTLS").await,
        vec!["a2 OK Begin TLS negotiation now"]
    );
    let mut w = w.starttls().await;
    let caps = w.cmd("a3", "CAPABILITY").await;
    assert_eq!(caps[0], PRE_AUTH_CAPS, "no STARTTLS once TLS is active");
    // STARTTLS again: not valid any more.
    assert_eq!(
        mask_ids(&w.cmd("a4", "STARTTLS").await[0]),
        "a4 BAD Unknown command <id>"
    );
    assert_eq!(w.login_workspace("a5").await, ok_login("a5"));
    let sel = w.cmd("a6", "EXAMINE INBOX").await;
    assert_eq!(
        sel.last().unwrap(),
        "a6 OK [READ-ONLY] INBOX selected. (Success)"
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn starttls_discards_pipelined_plaintext() {
    let mock = MockGmail::builder().start().await.unwrap();
    let mut w = Wire::plain(mock.imap_addr(), mock.ca_pem()).await;
    w.line().await;
    // An attacker appends a command to the plaintext STARTTLS line.
    w.send(&format!(
        "a1 STARTTLS\r\na2 LOGIN {WORKSPACE_EMAIL} {WORKSPACE_PASSWORD}\r\n"
    ))
    .await;
    assert_eq!(w.line().await, "a1 OK Begin TLS negotiation now");
    let mut w = w.starttls().await;
    // Nothing was executed for a2: the next reply is a3's, and the session
    // is still not authenticated.
    assert_eq!(w.cmd("a3", "NOOP").await, vec!["a3 OK Success"]);
    assert_eq!(
        mask_ids(&w.cmd("a4", "SELECT INBOX").await[0]),
        "a4 BAD Unknown command <id>"
    );
    assert_eq!(mock.live_imap_sessions(WORKSPACE_EMAIL), 0);
    mock.shutdown().await;
}

#[tokio::test]
async fn starttls_on_implicit_tls_is_unknown() {
    let mock = MockGmail::builder().start().await.unwrap();
    let mut w = imaps(&mock).await;
    let r = w.cmd("a1", "STARTTLS").await;
    assert_eq!(r.len(), 1);
    assert_eq!(mask_ids(&r[0]), "a1 BAD Unknown command <id>");
    assert_eq!(w.login_workspace("a2").await, ok_login("a2"));
    mock.shutdown().await;
}

#[tokio::test]
async fn unknown_commands_and_bad_syntax_keep_the_session() {
    let mock = MockGmail::builder().start().await.unwrap();
    let mut w = imaps(&mock).await;
    for (tag, cmd) in [
        ("u1", "SORT (DATE) UTF-8 ALL"),
        ("u2", "THREAD REFERENCES UTF-8 ALL"),
        ("u3", "XYZZYX"),
    ] {
        let r = w.cmd(tag, cmd).await;
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(mask_ids(&r[0]), format!("{tag} BAD Unknown command <id>"));
    }
    assert_eq!(
        w.cmd("b1", "LOGIN onlyuser").await,
        vec!["b1 BAD Could not parse command"]
    );
    assert_eq!(
        w.cmd("b2", "LOGIN").await,
        vec!["b2 BAD Could not parse command"]
    );
    assert_eq!(
        w.cmd("b3", "SELECT").await,
        vec!["b3 BAD Could not parse command"]
    );
    assert_eq!(w.cmd("b4", "NOOP").await, vec!["b4 OK Success"]);
    assert_eq!(w.login_workspace("b5").await, ok_login("b5"));
    // After login Gmail names the command (pimalaya/himalaya#311).
    for (tag, cmd, name) in [
        ("u4", "SORT (DATE) UTF-8 ALL", "SORT"),
        ("u5", "THREAD REFERENCES UTF-8 ALL", "THREAD"),
    ] {
        assert_eq!(
            w.cmd(tag, cmd).await,
            [format!("{tag} BAD Unknown command: {name}")]
        );
    }
    assert_eq!(
        w.cmd("b6", "STATUS INBOX").await,
        vec!["b6 BAD Could not parse command"]
    );
    assert_eq!(
        w.cmd("b7", "FETCH 1 (FLAGS").await,
        vec!["b7 BAD Could not parse command"]
    );
    let r = w.cmd("b8", "EXAMINE INBOX").await;
    assert_eq!(
        r.last().unwrap(),
        "b8 OK [READ-ONLY] INBOX selected. (Success)"
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn commands_before_login_are_refused() {
    let mock = MockGmail::builder().start().await.unwrap();
    mock.deliver(WORKSPACE_EMAIL, MSG1).unwrap();
    let mut w = imaps(&mock).await;
    for (tag, cmd) in [
        ("c1", "SELECT INBOX"),
        ("c2", "EXAMINE INBOX"),
        ("c3", "LIST \"\" \"*\""),
        ("c4", "STATUS INBOX (MESSAGES)"),
        ("c5", "FETCH 1 BODY[]"),
        ("c6", "ENABLE UTF8=ACCEPT"),
        ("c7", "NAMESPACE"),
    ] {
        let r = w.cmd(tag, cmd).await;
        assert_eq!(r.len(), 1, "{cmd}: {r:?}");
        assert_eq!(
            mask_ids(&r[0]),
            format!("{tag} BAD Unknown command <id>"),
            "{cmd}"
        );
    }
    // ID, NOOP and CAPABILITY are valid in every state.
    assert_eq!(w.cmd("c8", "NOOP").await, vec!["c8 OK Success"]);
    let r = w.cmd("c9", "ID NIL").await;
    assert_eq!(r.last().unwrap(), "c9 OK Success");
    mock.shutdown().await;
}

#[tokio::test]
async fn authenticate_plain_with_ir_and_continuation() {
    let mock = MockGmail::builder().start().await.unwrap();
    // SASL-IR.
    let mut w = imaps(&mock).await;
    let r = w
        .cmd(
            "a1",
            &format!(
                "AUTHENTICATE PLAIN {}",
                plain(WORKSPACE_EMAIL, WORKSPACE_PASSWORD)
            ),
        )
        .await;
    assert_eq!(r, ok_login("a1"));
    // Continuation.
    let mut w = imaps(&mock).await;
    w.send("a1 AUTHENTICATE PLAIN\r\n").await;
    assert_eq!(w.line().await, "+ ");
    w.send(&format!(
        "{}\r\n",
        plain(WORKSPACE_EMAIL, WORKSPACE_PASSWORD)
    ))
    .await;
    assert_eq!(w.until_tagged("a1").await, ok_login("a1"));
    // Wrong password via continuation.
    let mut w = imaps(&mock).await;
    w.send("a1 AUTHENTICATE PLAIN\r\n").await;
    assert_eq!(w.line().await, "+ ");
    w.send(&format!("{}\r\n", plain(WORKSPACE_EMAIL, STALE_PASSWORD)))
        .await;
    assert_eq!(w.until_tagged("a1").await, vec![format!("a1 {INVALID}")]);
    // The client may cancel with `*`.
    w.send("a2 AUTHENTICATE PLAIN\r\n").await;
    assert_eq!(w.line().await, "+ ");
    w.send("*\r\n").await;
    let r = w.until_tagged("a2").await;
    assert_eq!(r.len(), 1);
    assert!(r[0].starts_with("a2 BAD "), "{r:?}");
    assert_eq!(w.login_workspace("a3").await, ok_login("a3"));
    mock.shutdown().await;
}

#[tokio::test]
async fn authenticate_xoauth2_valid_and_expired() {
    let mock = MockGmail::builder().start().await.unwrap();
    let good = xoauth2(WORKSPACE_EMAIL, WORKSPACE_OAUTH_TOKEN);
    let bad = xoauth2(WORKSPACE_EMAIL, "ya29.expired-token");
    let json_challenge = format!("+ {}", xoauth2_error_b64());

    // Valid, SASL-IR.
    let mut w = imaps(&mock).await;
    assert_eq!(
        w.cmd("a1", &format!("AUTHENTICATE XOAUTH2 {good}")).await,
        ok_login("a1")
    );
    // Valid, continuation.
    let mut w = imaps(&mock).await;
    w.send("a1 AUTHENTICATE XOAUTH2\r\n").await;
    assert_eq!(w.line().await, "+ ");
    w.send(&format!("{good}\r\n")).await;
    assert_eq!(w.until_tagged("a1").await, ok_login("a1"));
    // Expired, SASL-IR: JSON challenge, empty answer, then NO.
    let mut w = imaps(&mock).await;
    w.send(&format!("a1 AUTHENTICATE XOAUTH2 {bad}\r\n")).await;
    assert_eq!(w.line().await, json_challenge);
    w.send("\r\n").await;
    assert_eq!(w.until_tagged("a1").await, vec![format!("a1 {INVALID}")]);
    // The session continues unauthenticated.
    assert_eq!(
        mask_ids(&w.cmd("a2", "SELECT INBOX").await[0]),
        "a2 BAD Unknown command <id>"
    );
    // Expired, continuation.
    let mut w = imaps(&mock).await;
    w.send("a1 AUTHENTICATE XOAUTH2\r\n").await;
    assert_eq!(w.line().await, "+ ");
    w.send(&format!("{bad}\r\n")).await;
    assert_eq!(w.line().await, json_challenge);
    w.send("\r\n").await;
    assert_eq!(w.until_tagged("a1").await, vec![format!("a1 {INVALID}")]);
    // Unknown user with a token.
    let mut w = imaps(&mock).await;
    w.send(&format!(
        "a1 AUTHENTICATE XOAUTH2 {}\r\n",
        xoauth2("nobody@firma.example", WORKSPACE_OAUTH_TOKEN)
    ))
    .await;
    assert_eq!(w.line().await, json_challenge);
    w.send("\r\n").await;
    assert_eq!(w.until_tagged("a1").await, vec![format!("a1 {INVALID}")]);
    // The JSON decodes to Google's error.
    let json = String::from_utf8(base64_decode(&xoauth2_error_b64())).unwrap();
    assert_eq!(
        json,
        r#"{"status":"400","schemes":"Bearer","scope":"https://mail.google.com/"}"#
    );
    mock.shutdown().await;
}

fn base64_decode(s: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.decode(s).unwrap()
}

#[tokio::test]
async fn login_with_literals() {
    let mock = MockGmail::builder().start().await.unwrap();
    // Synchronising literals: the server asks for each with `+ `.
    let mut w = imaps(&mock).await;
    w.send(&format!("a1 LOGIN {{{}}}\r\n", WORKSPACE_EMAIL.len()))
        .await;
    assert!(
        w.line().await.starts_with("+ "),
        "continuation for the user name"
    );
    w.send(&format!(
        "{WORKSPACE_EMAIL} {{{}}}\r\n",
        WORKSPACE_PASSWORD.len()
    ))
    .await;
    assert!(
        w.line().await.starts_with("+ "),
        "continuation for the password"
    );
    w.send(&format!("{WORKSPACE_PASSWORD}\r\n")).await;
    assert_eq!(w.until_tagged("a1").await, ok_login("a1"));
    // Non-synchronising literals (LITERAL+ / LITERAL-): no continuation, all
    // in one write.
    let mut w = imaps(&mock).await;
    let r = w
        .cmd(
            "a1",
            &format!(
                "LOGIN {{{}+}}\r\n{WORKSPACE_EMAIL} {{{}+}}\r\n{WORKSPACE_PASSWORD}",
                WORKSPACE_EMAIL.len(),
                WORKSPACE_PASSWORD.len()
            ),
        )
        .await;
    assert_eq!(r, ok_login("a1"));
    // A literal password with spaces (the app password as Google shows it).
    let mock2 = MockGmail::builder()
        .mode("app-password-required")
        .start()
        .await
        .unwrap();
    let mut w = imaps(&mock2).await;
    w.send(&format!(
        "a1 LOGIN {WORKSPACE_EMAIL} {{{}}}\r\n",
        WORKSPACE_APP_PASSWORD.len()
    ))
    .await;
    assert!(w.line().await.starts_with("+ "));
    w.send(&format!("{WORKSPACE_APP_PASSWORD}\r\n")).await;
    assert_eq!(w.until_tagged("a1").await, ok_login("a1"));
    mock2.shutdown().await;
    mock.shutdown().await;
}

#[tokio::test]
async fn list_and_xlist_show_gmails_folders() {
    let mock = MockGmail::builder().start().await.unwrap();
    let mut w = logged_in(&mock).await;
    // The sample mailbox's user label sorts between INBOX and [Gmail].
    let label = format!("* LIST (\\HasNoChildren) \"/\" \"{}\"", sample::LABEL);
    assert_eq!(
        w.cmd("a1", "LIST \"\" \"*\"").await,
        vec![
            "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
            &label,
            "* LIST (\\HasChildren \\Noselect) \"/\" \"[Gmail]\"",
            "* LIST (\\All \\HasNoChildren) \"/\" \"[Gmail]/All Mail\"",
            "* LIST (\\Drafts \\HasNoChildren) \"/\" \"[Gmail]/Drafts\"",
            "* LIST (\\HasNoChildren \\Important) \"/\" \"[Gmail]/Important\"",
            "* LIST (\\HasNoChildren \\Sent) \"/\" \"[Gmail]/Sent Mail\"",
            "* LIST (\\HasNoChildren \\Junk) \"/\" \"[Gmail]/Spam\"",
            "* LIST (\\Flagged \\HasNoChildren) \"/\" \"[Gmail]/Starred\"",
            "* LIST (\\HasNoChildren \\Trash) \"/\" \"[Gmail]/Trash\"",
            "a1 OK Success",
        ]
    );
    assert_eq!(
        w.cmd("a2", "XLIST \"\" \"*\"").await,
        vec![
            "* XLIST (\\HasNoChildren \\Inbox) \"/\" \"Inbox\"",
            &label.replace("LIST", "XLIST"),
            "* XLIST (\\HasChildren \\Noselect) \"/\" \"[Gmail]\"",
            "* XLIST (\\AllMail \\HasNoChildren) \"/\" \"[Gmail]/All Mail\"",
            "* XLIST (\\Drafts \\HasNoChildren) \"/\" \"[Gmail]/Drafts\"",
            "* XLIST (\\HasNoChildren \\Important) \"/\" \"[Gmail]/Important\"",
            "* XLIST (\\HasNoChildren \\Sent) \"/\" \"[Gmail]/Sent Mail\"",
            "* XLIST (\\HasNoChildren \\Spam) \"/\" \"[Gmail]/Spam\"",
            "* XLIST (\\HasNoChildren \\Starred) \"/\" \"[Gmail]/Starred\"",
            "* XLIST (\\HasNoChildren \\Trash) \"/\" \"[Gmail]/Trash\"",
            "a2 OK Success",
        ]
    );
    assert_eq!(
        w.cmd("a3", "LIST \"\" \"%\"").await,
        vec![
            "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
            &label,
            "* LIST (\\HasChildren \\Noselect) \"/\" \"[Gmail]\"",
            "a3 OK Success"
        ]
    );
    assert_eq!(
        w.cmd("a4", "LIST \"\" \"\"").await,
        vec!["* LIST (\\Noselect) \"/\" \"\"", "a4 OK Success"]
    );
    assert_eq!(
        w.cmd("a5", "LIST \"[Gmail]/\" \"S*\"").await,
        vec![
            "* LIST (\\HasNoChildren \\Sent) \"/\" \"[Gmail]/Sent Mail\"",
            "* LIST (\\HasNoChildren \\Junk) \"/\" \"[Gmail]/Spam\"",
            "* LIST (\\Flagged \\HasNoChildren) \"/\" \"[Gmail]/Starred\"",
            "a5 OK Success",
        ]
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn status_select_examine() {
    let mock = MockGmail::builder().start().await.unwrap();
    mock.deliver(WORKSPACE_EMAIL, MSG1).unwrap();
    mock.deliver(WORKSPACE_EMAIL, MSG2).unwrap();
    // INBOX: the sample mailbox's messages, then these two (unread).
    let n = sample_count("INBOX") + 2;
    let unseen = sample_seqs("INBOX", "\\Seen", false);
    let mut w = logged_in(&mock).await;
    assert_eq!(
        w.cmd(
            "a1",
            "STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN)"
        )
        .await,
        vec![
            format!(
                "* STATUS \"INBOX\" (MESSAGES {n} RECENT 0 UIDNEXT {} UIDVALIDITY 1 UNSEEN {})",
                n + 1,
                unseen.len() + 2
            ),
            "a1 OK Success".to_owned()
        ]
    );
    assert_eq!(
        w.cmd("a2", "STATUS \"[Gmail]/Sent Mail\" (MESSAGES)").await,
        vec![
            format!(
                "* STATUS \"[Gmail]/Sent Mail\" (MESSAGES {})",
                sample_count("[Gmail]/Sent Mail")
            ),
            "a2 OK Success".to_owned()
        ]
    );
    assert_eq!(
        w.cmd("a3", "STATUS Nope (MESSAGES)").await,
        vec!["a3 NO [NONEXISTENT] Unknown Mailbox: Nope (Failure)"]
    );
    let flags = "\\Answered \\Flagged \\Draft \\Deleted \\Seen $NotPhishing $Phishing";
    assert_eq!(
        w.cmd("a4", "EXAMINE INBOX").await,
        vec![
            format!("* FLAGS ({flags})"),
            "* OK [PERMANENTFLAGS ()] Flags permitted.".to_owned(),
            "* OK [UIDVALIDITY 1] UIDs valid.".to_owned(),
            format!("* {n} EXISTS"),
            "* 0 RECENT".to_owned(),
            format!("* OK [UNSEEN {0}] Message {0} is first unseen", unseen[0]),
            format!("* OK [UIDNEXT {}] Predicted next UID.", n + 1),
            "a4 OK [READ-ONLY] INBOX selected. (Success)".to_owned(),
        ]
    );
    assert_eq!(
        w.cmd("a5", "SELECT inbox").await,
        vec![
            format!("* FLAGS ({flags})"),
            format!("* OK [PERMANENTFLAGS ({flags} \\*)] Flags permitted."),
            "* OK [UIDVALIDITY 1] UIDs valid.".to_owned(),
            format!("* {n} EXISTS"),
            "* 0 RECENT".to_owned(),
            format!("* OK [UNSEEN {0}] Message {0} is first unseen", unseen[0]),
            format!("* OK [UIDNEXT {}] Predicted next UID.", n + 1),
            "a5 OK [READ-WRITE] INBOX selected. (Success)".to_owned(),
        ]
    );
    // An empty folder (the sample has no drafts) has no UNSEEN line.
    let r = w.cmd("a6", "SELECT \"[Gmail]/Drafts\"").await;
    assert_eq!(r[3], "* 0 EXISTS");
    assert!(!r.iter().any(|l| l.contains("UNSEEN")), "{r:?}");
    assert_eq!(
        r.last().unwrap(),
        "a6 OK [READ-WRITE] [Gmail]/Drafts selected. (Success)"
    );
    // [Gmail] itself cannot be selected; a failed SELECT leaves the session
    // authenticated.
    assert_eq!(
        w.cmd("a7", "SELECT \"[Gmail]\"").await,
        vec!["a7 NO [NONEXISTENT] Unknown Mailbox: [Gmail] (now in authenticated state) (Failure)"]
    );
    assert_eq!(
        w.cmd("a8", "FETCH 1 FLAGS").await,
        vec!["a8 BAD Command received in Invalid state."]
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn search_and_fetch() {
    let mock = MockGmail::builder().start().await.unwrap();
    mock.deliver(WORKSPACE_EMAIL, MSG1).unwrap();
    mock.deliver(WORKSPACE_EMAIL, MSG2).unwrap();
    // The sample mailbox's INBOX comes first; MSG1 and MSG2 follow it.
    let n = sample_count("INBOX");
    let (m1, m2) = (n + 1, n + 2);
    let seen = sample_seqs("INBOX", "\\Seen", true);
    let unseen = sample_seqs("INBOX", "\\Seen", false);
    let mut w = logged_in(&mock).await;
    w.cmd("s", "SELECT INBOX").await;
    assert_eq!(
        w.cmd("a1", "SEARCH ALL").await,
        vec![
            search_line(1..=m2),
            "a1 OK SEARCH completed (Success)".into()
        ]
    );
    assert_eq!(
        w.cmd("a2", "UID SEARCH ALL").await,
        vec![
            search_line(1..=m2),
            "a2 OK SEARCH completed (Success)".into()
        ]
    );
    assert_eq!(
        w.cmd("a3", "SEARCH UNSEEN").await,
        vec![
            search_line(unseen.iter().copied().chain([m1, m2])),
            "a3 OK SEARCH completed (Success)".into()
        ]
    );

    // BODY.PEEK[] returns the exact bytes and leaves \Seen alone.
    let raw = w
        .cmd_raw(
            "a4",
            &format!("FETCH {m2} (FLAGS UID RFC822.SIZE BODY.PEEK[])"),
        )
        .await;
    let mut want = format!(
        "* {m2} FETCH (FLAGS () UID {m2} RFC822.SIZE {0} BODY[] {{{0}}}\r\n",
        MSG2.len()
    )
    .into_bytes();
    want.extend_from_slice(MSG2);
    want.extend_from_slice(b")\r\na4 OK Success\r\n");
    assert_eq!(
        String::from_utf8_lossy(&raw),
        String::from_utf8_lossy(&want)
    );
    assert_eq!(
        w.cmd("a5", &format!("FETCH {m2} FLAGS")).await,
        vec![format!("* {m2} FETCH (FLAGS ())"), "a5 OK Success".into()]
    );

    // BODY[] sets \Seen, and the FLAGS in the same response already show it.
    let raw = w
        .cmd_raw("a6", &format!("FETCH {m1} (FLAGS UID RFC822.SIZE BODY[])"))
        .await;
    let mut want = format!(
        "* {m1} FETCH (FLAGS (\\Seen) UID {m1} RFC822.SIZE {0} BODY[] {{{0}}}\r\n",
        MSG1.len()
    )
    .into_bytes();
    want.extend_from_slice(MSG1);
    want.extend_from_slice(b")\r\na6 OK Success\r\n");
    assert_eq!(
        String::from_utf8_lossy(&raw),
        String::from_utf8_lossy(&want)
    );
    let mut all_flags: Vec<String> = mock_gmail::seed::sample::in_folder("INBOX")
        .iter()
        .enumerate()
        .map(|(i, m)| format!("* {} FETCH (FLAGS ({}))", i + 1, m.flags.join(" ")))
        .collect();
    all_flags.push(format!("* {m1} FETCH (FLAGS (\\Seen))"));
    all_flags.push(format!("* {m2} FETCH (FLAGS ())"));
    all_flags.push("a7 OK Success".into());
    assert_eq!(w.cmd("a7", "FETCH 1:* FLAGS").await, all_flags);
    assert_eq!(
        w.cmd("a8", "SEARCH UNSEEN").await,
        vec![
            search_line(unseen.iter().copied().chain([m2])),
            "a8 OK SEARCH completed (Success)".into()
        ]
    );
    assert_eq!(
        w.cmd("a9", "SEARCH SEEN").await,
        vec![
            search_line(seen.iter().copied().chain([m1])),
            "a9 OK SEARCH completed (Success)".into()
        ]
    );

    // BODY[] without FLAGS reports the flag change in the same response.
    let raw = w.cmd_raw("b1", &format!("UID FETCH {m2} BODY[]")).await;
    let mut want = format!("* {m2} FETCH (UID {m2} BODY[] {{{0}}}\r\n", MSG2.len()).into_bytes();
    want.extend_from_slice(MSG2);
    want.extend_from_slice(b" FLAGS (\\Seen))\r\nb1 OK Success\r\n");
    assert_eq!(
        String::from_utf8_lossy(&raw),
        String::from_utf8_lossy(&want)
    );

    // Header-only fetches.
    let raw = w
        .cmd_raw(
            "b2",
            &format!("FETCH {m1} BODY.PEEK[HEADER.FIELDS (SUBJECT)]"),
        )
        .await;
    assert_eq!(
        String::from_utf8_lossy(&raw),
        format!("* {m1} FETCH (BODY[HEADER.FIELDS (SUBJECT)] {{19}}\r\nSubject: Oferta\r\n\r\n)\r\nb2 OK Success\r\n")
    );
    // STATUS agrees with the store: only the sample's unread mail is left.
    assert_eq!(
        w.cmd("b3", "STATUS INBOX (MESSAGES UNSEEN)").await,
        vec![
            format!("* STATUS \"INBOX\" (MESSAGES {m2} UNSEEN {})", unseen.len()),
            "b3 OK Success".into()
        ]
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn examine_fetch_body_does_not_set_seen() {
    let mock = MockGmail::builder().start().await.unwrap();
    mock.deliver(WORKSPACE_EMAIL, MSG1).unwrap();
    let m1 = sample_count("INBOX") + 1;
    let unseen = sample_seqs("INBOX", "\\Seen", false).len() + 1;
    let mut w = logged_in(&mock).await;
    w.cmd("e", "EXAMINE INBOX").await;
    let raw = w.cmd_raw("a1", &format!("FETCH {m1} (FLAGS BODY[])")).await;
    let mut want = format!("* {m1} FETCH (FLAGS () BODY[] {{{}}}\r\n", MSG1.len()).into_bytes();
    want.extend_from_slice(MSG1);
    want.extend_from_slice(b")\r\na1 OK Success\r\n");
    assert_eq!(
        String::from_utf8_lossy(&raw),
        String::from_utf8_lossy(&want)
    );
    assert_eq!(
        w.cmd("a2", "STATUS INBOX (UNSEEN)").await,
        vec![
            format!("* STATUS \"INBOX\" (UNSEEN {unseen})"),
            "a2 OK Success".into()
        ]
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn close_and_unselect() {
    let mock = MockGmail::builder().start().await.unwrap();
    mock.deliver(WORKSPACE_EMAIL, MSG1).unwrap();
    let mut w = logged_in(&mock).await;
    // Not selected yet.
    assert_eq!(
        w.cmd("a0", "CLOSE").await,
        vec!["a0 BAD Command received in Invalid state."]
    );
    w.cmd("a1", "SELECT INBOX").await;
    assert_eq!(
        w.cmd("a2", "CLOSE").await,
        vec!["a2 OK Returned to authenticated state. (Success)"]
    );
    assert_eq!(
        w.cmd("a3", "FETCH 1 FLAGS").await,
        vec!["a3 BAD Command received in Invalid state."]
    );
    w.cmd("a4", "EXAMINE INBOX").await;
    assert_eq!(
        w.cmd("a5", "UNSELECT").await,
        vec!["a5 OK Returned to authenticated state. (Success)"]
    );
    assert_eq!(
        w.cmd("a6", "UNSELECT").await,
        vec!["a6 BAD Command received in Invalid state."]
    );
    assert_eq!(
        w.cmd("a7", "SEARCH ALL").await,
        vec!["a7 BAD Command received in Invalid state."]
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn id_enable_namespace_noop_logout() {
    let mock = MockGmail::builder().start().await.unwrap();
    let mut w = imaps(&mock).await;
    let id = "* ID (\"name\" \"GImap\" \"vendor\" \"Google, Inc.\" \"support-url\" \"https://support.google.com/mail\")";
    assert_eq!(
        w.cmd("a1", "ID (\"name\" \"crm\" \"version\" \"1.0\")")
            .await,
        vec![id, "a1 OK Success"]
    );
    let mut w = logged_in(&mock).await;
    assert_eq!(w.cmd("a2", "ID NIL").await, vec![id, "a2 OK Success"]);
    assert_eq!(
        w.cmd("a3", "ENABLE UTF8=ACCEPT").await,
        vec!["* ENABLED UTF8=ACCEPT", "a3 OK Success"]
    );
    assert_eq!(
        w.cmd("a4", "ENABLE CONDSTORE").await,
        vec!["* ENABLED", "a4 OK Success"]
    );
    assert_eq!(
        w.cmd("a5", "NAMESPACE").await,
        vec!["* NAMESPACE ((\"\" \"/\")) NIL NIL", "a5 OK Success"]
    );
    assert_eq!(w.cmd("a6", "NOOP").await, vec!["a6 OK Success"]);
    // LOGIN again after login: Gmail does not know it in this state.
    assert_eq!(
        mask_ids(&w.login_workspace("a7").await[0]),
        "a7 BAD Unknown command <id>"
    );
    assert_eq!(
        w.cmd("a8", "LOGOUT").await,
        vec!["* BYE LOGOUT Requested", "a8 OK 73 good day (Success)"]
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn new_mail_is_announced_on_noop() {
    let mock = MockGmail::builder().start().await.unwrap();
    mock.deliver(WORKSPACE_EMAIL, MSG1).unwrap();
    let mut w = logged_in(&mock).await;
    w.cmd("a1", "SELECT INBOX").await;
    mock.deliver(WORKSPACE_EMAIL, MSG2).unwrap();
    // The store change may be pushed before NOOP is read: either way exactly
    // one EXISTS precedes the completion.
    let r = w.cmd("a2", "NOOP").await;
    let exists = format!("* {} EXISTS", sample_count("INBOX") + 2);
    assert_eq!(r, vec![exists.as_str(), "a2 OK Success"]);
    assert_eq!(w.cmd("a3", "NOOP").await, vec!["a3 OK Success"]);
    mock.shutdown().await;
}

#[tokio::test]
async fn connection_limit_counts_live_sessions() {
    let mut anna = preset("healthy").unwrap().accounts.remove(0);
    anna.max_connections = 2;
    let mock = MockGmail::builder()
        .mode("healthy")
        .account(anna)
        .start()
        .await
        .unwrap();
    let mut first = logged_in(&mock).await;
    let _second = logged_in(&mock).await;
    assert_eq!(mock.live_imap_sessions(WORKSPACE_EMAIL), 2);
    let mut w = imaps(&mock).await;
    assert_eq!(
        w.login_workspace("a1").await,
        vec!["a1 NO [ALERT] Too many simultaneous connections. (Failure)"]
    );
    // Closing one session frees its slot.
    first.cmd("z", "LOGOUT").await;
    assert!(first.closed().await);
    assert_eq!(mock.live_imap_sessions(WORKSPACE_EMAIL), 1);
    assert_eq!(w.login_workspace("a2").await, ok_login("a2"));
    mock.shutdown().await;
}

#[tokio::test]
async fn shutdown_says_bye_to_open_sessions() {
    let mock = MockGmail::builder().start().await.unwrap();
    let mut w = logged_in(&mock).await;
    w.cmd("a1", "SELECT INBOX").await;
    let mut fresh = imaps(&mock).await;
    tokio::time::timeout(std::time::Duration::from_secs(5), mock.shutdown())
        .await
        .expect("shutdown is prompt");
    assert_eq!(w.line().await, "* BYE [UNAVAILABLE] Server shutting down");
    assert_eq!(
        fresh.line().await,
        "* BYE [UNAVAILABLE] Server shutting down"
    );
    assert!(w.closed().await);
}

#[tokio::test]
async fn idle_pushes_new_mail() {
    let mock = MockGmail::builder().start().await.unwrap();
    mock.deliver(WORKSPACE_EMAIL, MSG1).unwrap();
    let mut w = logged_in(&mock).await;
    w.cmd("a1", "SELECT INBOX").await;
    w.send("a2 IDLE\r\n").await;
    assert_eq!(w.line().await, "+ idling");
    mock.deliver(WORKSPACE_EMAIL, MSG2).unwrap();
    assert_eq!(
        w.line().await,
        format!("* {} EXISTS", sample_count("INBOX") + 2)
    );
    w.send("DONE\r\n").await;
    assert_eq!(
        w.until_tagged("a2").await,
        vec!["a2 OK IDLE terminated (Success)"]
    );
    assert_eq!(w.cmd("a3", "NOOP").await, vec!["a3 OK Success"]);
    mock.shutdown().await;
}
