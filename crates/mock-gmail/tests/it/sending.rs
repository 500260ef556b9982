//! Sending as Gmail does it (DESIGN.md "Sending"), byte for byte and with
//! lettre: who may be the sender, From rewriting, daily limits, and the
//! SMTP relay service's listener and settings.

use std::time::Duration;

use mock_gmail::model::preset::*;
use mock_gmail::{
    Account, AccountKind, LessSecureApps, MockGmail, MockHandle, Policy, RelaySenders, SendAs,
    SendVia,
};

use lettre::AsyncTransport;

use crate::support::{lettre_transport, mail, mask_ids, plain, Wire};

const MAIL_OK: &str = "250 2.1.0 OK <id> - gsmtp";
const ACCEPTED: &str = "250 2.0.0 OK  <time> <id> - gsmtp";
const GATEWAY_REFUSED: [&str; 3] = [
    "550-5.7.1 The user or domain that you are sending to (or from) has a policy that prohibited",
    "550-5.7.1 the mail that you sent. Please contact your domain administrator for further",
    "550 5.7.1 details. <id> - gsmtp",
];
const DAILY_LIMIT_WORKSPACE: [&str; 3] = [
    "550-5.4.5 Daily user sending limit exceeded. For more information on Gmail",
    "550-5.4.5 sending limits go to",
    "550 5.4.5  https://support.google.com/a/answer/166852 <id> - gsmtp",
];

fn masked(lines: Vec<String>) -> Vec<String> {
    lines
        .iter()
        .map(|l| {
            // The acceptance line carries a timestamp after "OK  ".
            let l = mask_ids(l);
            match l.strip_prefix("250 2.0.0 OK  ") {
                Some(rest) => match rest.split_once(' ') {
                    Some((_, tail)) => format!("250 2.0.0 OK  <time> {tail}"),
                    None => l,
                },
                None => l,
            }
        })
        .collect()
}

/// smtps, EHLO, AUTH PLAIN as `user`.
async fn signed_in(mock: &MockHandle, user: &str, secret: &str) -> Wire {
    let mut w = Wire::tls(mock.smtps_addr(), mock.ca_pem()).await;
    w.reply().await;
    w.smtp("EHLO crm.example").await;
    assert_eq!(
        w.smtp(&format!("AUTH PLAIN {}", plain(user, secret))).await,
        ["235 2.7.0 Accepted"]
    );
    w
}

/// MAIL, RCPT, DATA with `message`; every reply, masked.
async fn send(w: &mut Wire, from: &str, to: &str, message: &[u8]) -> Vec<Vec<String>> {
    let mut out = vec![masked(w.smtp(&format!("MAIL FROM:<{from}>")).await)];
    if out[0][0] != MAIL_OK {
        return out;
    }
    out.push(masked(w.smtp(&format!("RCPT TO:<{to}>")).await));
    out.push(masked(w.smtp("DATA").await));
    w.send_bytes(message).await;
    out.push(masked(w.smtp(".").await));
    out
}

/// The article-era policy with password sign-in allowed, so these tests
/// are about sending only.
fn passwords_allowed() -> Policy {
    Policy {
        less_secure_apps: LessSecureApps::Enforced,
        ..Policy::default()
    }
}

fn workspace_mock() -> mock_gmail::MockGmailBuilder {
    let mut anna = Account::new(WORKSPACE_EMAIL, WORKSPACE_PASSWORD);
    anna.send_as = vec![
        SendAs {
            address: "biuro@partner.example".into(),
            via: SendVia::Gmail,
        },
        SendAs {
            address: GATEWAY_ALIAS.into(),
            via: SendVia::OwnServer,
        },
    ];
    MockGmail::builder()
        .account(anna)
        .account(Account::new("ewa@klient.example", "x"))
        .policy(Policy {
            domains: vec!["firma-handel.example".into()],
            ..passwords_allowed()
        })
}

#[tokio::test]
async fn default_policy_lets_a_workspace_user_send_as_themself_and_the_domains() {
    let mock = workspace_mock().start().await.unwrap();
    assert!(!mock.policy().external_smtp_allowed);
    let mut w = signed_in(&mock, WORKSPACE_EMAIL, WORKSPACE_PASSWORD).await;
    for from in [
        WORKSPACE_EMAIL,
        "Sprzedaz@Firma.Example",
        "oferty@firma-handel.example",
        "biuro@partner.example",
    ] {
        let m = mail(from, "ewa@klient.example", "Oferta", "", "Dzień dobry");
        let r = send(&mut w, from, "ewa@klient.example", &m).await;
        assert_eq!(r.last().unwrap(), &[ACCEPTED], "{from}");
    }
    // Kept as sent: the recipient sees each address.
    let inbox = mock
        .mailbox_messages("ewa@klient.example", "INBOX")
        .unwrap();
    assert_eq!(inbox.len(), 4);
    assert!(inbox[3].starts_with(b"From: biuro@partner.example\r\n"));
    mock.shutdown().await;
}

#[tokio::test]
async fn an_alias_through_its_own_server_needs_the_outbound_gateway_setting() {
    let mock = workspace_mock().start().await.unwrap();
    let mut w = signed_in(&mock, WORKSPACE_EMAIL, WORKSPACE_PASSWORD).await;
    let m = mail(GATEWAY_ALIAS, "ewa@klient.example", "Oferta", "", "x");
    assert_eq!(
        send(&mut w, GATEWAY_ALIAS, "ewa@klient.example", &m).await,
        [GATEWAY_REFUSED]
    );
    assert!(mock.messages().is_empty());
    mock.update_policy(|p| p.external_smtp_allowed = true);
    let r = send(&mut w, GATEWAY_ALIAS, "ewa@klient.example", &m).await;
    assert_eq!(r.last().unwrap(), &[ACCEPTED]);
    assert_eq!(mock.messages()[0].mail_from, GATEWAY_ALIAS);
    mock.shutdown().await;
}

#[tokio::test]
async fn an_outside_address_is_rewritten_not_refused() {
    let mock = workspace_mock().start().await.unwrap();
    let mut w = signed_in(&mock, WORKSPACE_EMAIL, WORKSPACE_PASSWORD).await;
    let m = b"From: \"Biuro Obce\" <kontakt@obca-firma.example>\r\nTo: ewa@klient.example\r\nSubject: Oferta\r\n\r\nTresc\r\n";
    let r = send(
        &mut w,
        "kontakt@obca-firma.example",
        "ewa@klient.example",
        m,
    )
    .await;
    assert_eq!(
        r,
        [
            vec![MAIL_OK.to_owned()],
            vec!["250 2.1.5 OK <id> - gsmtp".to_owned()],
            vec!["354 Go ahead <id> - gsmtp".to_owned()],
            vec![ACCEPTED.to_owned()],
        ]
    );
    let want = format!(
        "From: Biuro Obce <{WORKSPACE_EMAIL}>\r\nTo: ewa@klient.example\r\nSubject: Oferta\r\n\r\nTresc\r\n"
    );
    // The recipient's copy, the sender's Sent Mail and the capture all
    // carry the account's own address.
    let inbox = mock
        .mailbox_messages("ewa@klient.example", "INBOX")
        .unwrap();
    assert_eq!(std::str::from_utf8(&inbox[0]).unwrap(), want);
    let sent = mock
        .mailbox_messages(WORKSPACE_EMAIL, "[Gmail]/Sent Mail")
        .unwrap();
    assert_eq!(std::str::from_utf8(sent.last().unwrap()).unwrap(), want);
    let captured = &mock.messages()[0];
    assert_eq!(captured.mail_from, WORKSPACE_EMAIL);
    assert_eq!(std::str::from_utf8(&captured.raw).unwrap(), want);
    // The transcript says why.
    let t = mock.transcripts();
    assert!(t.iter().any(|t| t
        .to_text()
        .contains("From rewritten: kontakt@obca-firma.example")));
    mock.shutdown().await;
}

#[tokio::test]
async fn the_header_decides_the_rewrite_too() {
    // The envelope is the account's, the header names an outside address:
    // the delivered copy says the account's address.
    let mock = workspace_mock().start().await.unwrap();
    let mut w = signed_in(&mock, WORKSPACE_EMAIL, WORKSPACE_PASSWORD).await;
    let m = mail("obcy@inna.example", WORKSPACE_EMAIL, "Do siebie", "", "x");
    let r = send(&mut w, WORKSPACE_EMAIL, WORKSPACE_EMAIL, &m).await;
    assert_eq!(r.last().unwrap(), &[ACCEPTED]);
    let inbox = mock.mailbox_messages(WORKSPACE_EMAIL, "INBOX").unwrap();
    assert!(inbox[0].starts_with(format!("From: <{WORKSPACE_EMAIL}>\r\n").as_bytes()));
    mock.shutdown().await;
}

#[tokio::test]
async fn daily_limit_after_the_data_and_a_rolling_day() {
    let mut anna = Account::new(WORKSPACE_EMAIL, WORKSPACE_PASSWORD);
    anna.daily_sending_limit = Some(3);
    anna.sent_last_24h = 1;
    let mock = MockGmail::builder()
        .account(anna)
        .policy(passwords_allowed())
        .start()
        .await
        .unwrap();
    let mut w = signed_in(&mock, WORKSPACE_EMAIL, WORKSPACE_PASSWORD).await;
    let m = mail(WORKSPACE_EMAIL, "ewa@klient.example", "Oferta", "", "x");
    for _ in 0..2 {
        let r = send(&mut w, WORKSPACE_EMAIL, "ewa@klient.example", &m).await;
        assert_eq!(r.last().unwrap(), &[ACCEPTED]);
    }
    assert_eq!(mock.account(WORKSPACE_EMAIL).unwrap().sent_last_24h, 3);
    // The envelope is accepted; the refusal comes after the message.
    let r = send(&mut w, WORKSPACE_EMAIL, "ewa@klient.example", &m).await;
    assert_eq!(r[0], [MAIL_OK]);
    assert_eq!(r.last().unwrap(), &DAILY_LIMIT_WORKSPACE);
    assert_eq!(mock.messages().len(), 2);
    // The session goes on: RSET and NOOP still answer.
    assert_eq!(masked(w.smtp("NOOP").await), ["250 2.0.0 OK <id> - gsmtp"]);
    // A rolling day on the mock's clock.
    mock.advance(Duration::from_secs(24 * 3600));
    let r = send(&mut w, WORKSPACE_EMAIL, "ewa@klient.example", &m).await;
    assert_eq!(r.last().unwrap(), &[ACCEPTED]);
    assert_eq!(mock.account(WORKSPACE_EMAIL).unwrap().sent_last_24h, 1);
    mock.shutdown().await;
}

#[tokio::test]
async fn daily_limit_by_kind_and_in_the_personal_wording() {
    let mut jan = Account::new(CONSUMER_EMAIL, CONSUMER_PASSWORD);
    jan.less_secure_toggle = true;
    jan.sent_last_24h = 500;
    let mut anna = Account::new(WORKSPACE_EMAIL, WORKSPACE_PASSWORD);
    anna.sent_last_24h = 500;
    let mock = MockGmail::builder()
        .account(jan)
        .account(anna)
        .policy(passwords_allowed())
        .start()
        .await
        .unwrap();
    assert_eq!(
        mock.account(CONSUMER_EMAIL).unwrap().kind(),
        AccountKind::Consumer
    );
    let mut w = signed_in(&mock, CONSUMER_EMAIL, CONSUMER_PASSWORD).await;
    let m = mail(CONSUMER_EMAIL, "ewa@klient.example", "x", "", "x");
    let r = send(&mut w, CONSUMER_EMAIL, "ewa@klient.example", &m).await;
    assert_eq!(
        r.last().unwrap(),
        &["550 5.4.5 Daily user sending quota exceeded. <id> - gsmtp"]
    );
    // 500 is far from a Workspace account's 2,000.
    let mut w = signed_in(&mock, WORKSPACE_EMAIL, WORKSPACE_PASSWORD).await;
    let r = send(&mut w, WORKSPACE_EMAIL, "ewa@klient.example", &m).await;
    assert_eq!(r.last().unwrap(), &[ACCEPTED]);
    mock.shutdown().await;
}

#[tokio::test]
async fn lettre_sees_the_daily_limit_and_the_rewrite() {
    let mut anna = Account::new(WORKSPACE_EMAIL, WORKSPACE_PASSWORD);
    anna.less_secure_toggle = true;
    let mock = MockGmail::builder()
        .account(anna)
        .account(Account::new("ewa@klient.example", "x"))
        .policy(passwords_allowed())
        .start()
        .await
        .unwrap();
    let t = lettre_transport(&mock, true, WORKSPACE_EMAIL, WORKSPACE_PASSWORD);
    let msg = lettre::Message::builder()
        .from("Dział Handlowy <handel@obca.example>".parse().unwrap())
        .to("ewa@klient.example".parse().unwrap())
        .subject("Oferta")
        .body("Treść".to_owned())
        .unwrap();
    t.send(msg.clone()).await.unwrap();
    let inbox = mock
        .mailbox_messages("ewa@klient.example", "INBOX")
        .unwrap();
    let text = String::from_utf8_lossy(&inbox[0]);
    assert!(
        text.contains(&format!("<{WORKSPACE_EMAIL}>")) && !text.contains("handel@obca.example"),
        "{text}"
    );
    mock.update_account(WORKSPACE_EMAIL, |a| a.sent_last_24h = 2_000)
        .unwrap();
    let e = t.send(msg).await.unwrap_err();
    assert!(e.is_permanent());
    assert_eq!(
        mask_ids(&e.to_string()),
        "permanent error (550): 5.4.5 Daily user sending limit exceeded. For more information on Gmail sending limits go to https://support.google.com/a/answer/166852 <id> - gsmtp"
    );
    mock.shutdown().await;
}

/// The relay listener: greeting, EHLO, STARTTLS, EHLO again.
async fn relay(mock: &MockHandle) -> Wire {
    let mut w = Wire::plain(mock.smtp_relay_addr(), mock.ca_pem()).await;
    assert_eq!(
        masked(w.reply().await),
        ["220 smtp-relay.gmail.com ESMTP <id> - gsmtp"]
    );
    let ehlo = w.smtp("EHLO crm.example").await;
    assert_eq!(
        ehlo[0],
        "250-smtp-relay.gmail.com at your service, [127.0.0.1]"
    );
    assert!(ehlo.contains(&"250-STARTTLS".to_owned()));
    assert_eq!(w.smtp("STARTTLS").await, ["220 2.0.0 Ready to start TLS"]);
    let mut w = w.starttls().await;
    let ehlo = w.smtp("EHLO crm.example").await;
    assert!(ehlo.iter().any(|l| l.starts_with("250-AUTH ")));
    w
}

fn relay_mock() -> mock_gmail::MockGmailBuilder {
    MockGmail::builder()
        .account(
            Account::new(WORKSPACE_EMAIL, WORKSPACE_PASSWORD)
                .with_app_password(WORKSPACE_APP_PASSWORD),
        )
        .account(Account::new("ewa@klient.example", "x"))
}

#[tokio::test]
async fn relay_without_a_setting_denies_mail() {
    let mock = relay_mock().start().await.unwrap();
    let mut w = relay(&mock).await;
    assert_eq!(
        masked(w.smtp("MAIL FROM:<crm@firma.example>").await),
        [
            "550-5.7.0 Mail relay denied [127.0.0.1]. Invalid credentials for relay for one",
            "550-5.7.0 of the domains in: firma.example (as obtained from HELO and MAIL FROM).",
            "550-5.7.0 Email is being sent from a domain or IP address which isn't registered",
            "550-5.7.0 in your Google Workspace account. Please login to your Google Workspace account and",
            "550-5.7.0 verify that your sending device IP address has been registered within",
            "550-5.7.0 the Google Workspace SMTP Relay Settings. For more information, please visit",
            "550 5.7.0  https://support.google.com/a/answer/6140680#maildenied <id> - gsmtp",
        ]
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn relay_by_ip_then_by_auth_then_the_sender() {
    let mock = relay_mock().start().await.unwrap();
    mock.update_policy(|p| {
        p.smtp_relay.enabled = true;
        p.smtp_relay.allowed_ips = vec!["127.0.0.0/8".into()];
    });
    // Identified by its address: no AUTH needed. No Sent Mail copy.
    let mut w = relay(&mock).await;
    let m = mail(
        "crm@firma.example",
        "ewa@klient.example",
        "Faktura",
        "",
        "x",
    );
    let r = send(&mut w, "crm@firma.example", "ewa@klient.example", &m).await;
    assert_eq!(r.last().unwrap(), &[ACCEPTED]);
    assert_eq!(mock.messages()[0].account, "crm@firma.example");
    assert_eq!(
        mock.mailbox_messages("ewa@klient.example", "INBOX")
            .unwrap()
            .len(),
        1
    );
    assert!(mock
        .mailbox_messages(WORKSPACE_EMAIL, "[Gmail]/Sent Mail")
        .unwrap()
        .is_empty());
    // A sender outside the organisation's domains.
    let refused = masked(w.smtp("MAIL FROM:<crm@obca.example>").await);
    assert_eq!(
        refused[0],
        "550-5.7.1 Invalid credentials for relay [127.0.0.1]. The IP address you've"
    );
    assert_eq!(
        refused.last().unwrap(),
        "550 5.7.1  https://support.google.com/a/answer/6140680#invalidcred <id> - gsmtp"
    );
    // "Any addresses" lets it through.
    mock.update_policy(|p| p.smtp_relay.allowed_senders = RelaySenders::Any);
    assert_eq!(
        masked(w.smtp("MAIL FROM:<crm@obca.example>").await),
        [MAIL_OK]
    );
    assert_eq!(
        masked(w.smtp("RSET").await),
        ["250 2.1.5 Flushed <id> - gsmtp"]
    );
    // Require SMTP AUTH: refused until the client signs in.
    mock.update_policy(|p| p.smtp_relay.require_auth = true);
    let refused = masked(w.smtp("MAIL FROM:<crm@firma.example>").await);
    assert_eq!(
        refused[0],
        "550-5.7.1 Invalid credentials for relay [127.0.0.1]. This SMTP relay service"
    );
    assert_eq!(
        w.smtp(&format!(
            "AUTH PLAIN {}",
            plain(WORKSPACE_EMAIL, WORKSPACE_APP_PASSWORD)
        ))
        .await,
        ["235 2.7.0 Accepted"]
    );
    assert_eq!(
        masked(w.smtp("MAIL FROM:<crm@firma.example>").await),
        [MAIL_OK]
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn relay_allowlist_only_and_require_tls() {
    let mock = relay_mock().start().await.unwrap();
    mock.update_policy(|p| {
        p.smtp_relay.enabled = true;
        p.smtp_relay.only_allowlisted_ips = true;
        p.smtp_relay.allowed_ips = vec!["203.0.113.0/24".into()];
        p.smtp_relay.require_tls = true;
    });
    let mut w = Wire::plain(mock.smtp_relay_addr(), mock.ca_pem()).await;
    w.reply().await;
    w.smtp("EHLO crm.example").await;
    assert_eq!(
        masked(w.smtp("MAIL FROM:<crm@firma.example>").await),
        ["530 5.7.0 Must issue a STARTTLS command first. <id> - gsmtp"]
    );
    let mut w = relay(&mock).await;
    assert_eq!(
        w.smtp(&format!(
            "AUTH PLAIN {}",
            plain(WORKSPACE_EMAIL, WORKSPACE_APP_PASSWORD)
        ))
        .await,
        ["235 2.7.0 Accepted"]
    );
    // Signed in, but not from a listed address.
    let r = masked(w.smtp("MAIL FROM:<crm@firma.example>").await);
    assert!(
        r[0].starts_with("550-5.7.0 Mail relay denied [127.0.0.1]."),
        "{r:?}"
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn lettre_through_the_relay() {
    use lettre::transport::smtp::client::{Certificate, CertificateStore, Tls, TlsParameters};
    let mock = relay_mock().start().await.unwrap();
    let params = TlsParameters::builder("smtp-relay.gmail.com".to_owned())
        .certificate_store(CertificateStore::None)
        .add_root_certificate(Certificate::from_pem(mock.ca_pem().as_bytes()).unwrap())
        .build_rustls()
        .unwrap();
    let t = lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::builder_dangerous("127.0.0.1")
        .port(mock.smtp_relay_addr().port())
        .tls(Tls::Required(params))
        .timeout(Some(Duration::from_secs(5)))
        .build();
    let msg = lettre::Message::builder()
        .from("CRM <crm@firma.example>".parse().unwrap())
        .to("ewa@klient.example".parse().unwrap())
        .subject("Faktura")
        .body("x".to_owned())
        .unwrap();
    let e = t.send(msg.clone()).await.unwrap_err();
    assert!(
        e.to_string()
            .contains("5.7.0 Mail relay denied [127.0.0.1]"),
        "{e}"
    );
    mock.update_policy(|p| {
        p.smtp_relay.enabled = true;
        p.smtp_relay.allowed_ips = vec!["127.0.0.1".into()];
    });
    t.send(msg).await.unwrap();
    assert_eq!(mock.messages().len(), 1);
    mock.shutdown().await;
}

#[tokio::test]
async fn bad_sending_settings_are_named() {
    let mut p = Policy::default();
    p.smtp_relay.allowed_ips = vec!["127.0.0.1".into(), "10.0.0.0/40".into()];
    let e = MockGmail::builder().policy(p).start().await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid policy: smtp_relay.allowed_ips: \"10.0.0.0/40\" is not an IP address or range (like 203.0.113.7 or 203.0.113.0/24)"
    );
    let p = Policy {
        domains: vec!["firma pl".into()],
        ..Policy::default()
    };
    let e = MockGmail::builder().policy(p).start().await.unwrap_err();
    assert!(
        e.to_string()
            .contains("domains: \"firma pl\" is not a domain name"),
        "{e}"
    );
    let mut a = Account::new(WORKSPACE_EMAIL, WORKSPACE_PASSWORD);
    a.send_as = vec![SendAs {
        address: "biuro".into(),
        via: SendVia::Gmail,
    }];
    let e = MockGmail::builder().account(a).start().await.unwrap_err();
    assert!(
        e.to_string()
            .contains("send_as: \"biuro\" is not an email address"),
        "{e}"
    );
}

#[tokio::test]
async fn open_mode_accounts_have_no_practical_daily_limit() {
    let mock = MockGmail::builder().mode("open").start().await.unwrap();
    let mut w = signed_in(&mock, "crm@test.example", "x").await;
    mock.update_account("crm@test.example", |a| a.sent_last_24h = 5_000)
        .unwrap();
    let m = mail("crm@test.example", "ewa@klient.example", "x", "", "x");
    let r = send(&mut w, "crm@test.example", "ewa@klient.example", &m).await;
    assert_eq!(r.last().unwrap(), &[ACCEPTED]);
    assert_eq!(
        mock.account("crm@test.example")
            .unwrap()
            .daily_sending_limit,
        Some(1_000_000)
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn the_count_keeps_no_more_than_the_limit() {
    let mut anna = Account::new(WORKSPACE_EMAIL, WORKSPACE_PASSWORD);
    anna.daily_sending_limit = Some(2);
    let mock = MockGmail::builder()
        .account(anna)
        .policy(passwords_allowed())
        .start()
        .await
        .unwrap();
    let mut w = signed_in(&mock, WORKSPACE_EMAIL, WORKSPACE_PASSWORD).await;
    let m = mail(WORKSPACE_EMAIL, "ewa@klient.example", "x", "", "x");
    for _ in 0..2 {
        send(&mut w, WORKSPACE_EMAIL, "ewa@klient.example", &m).await;
    }
    // Raising the limit lets more through; the window keeps at most the
    // limit's worth of timestamps.
    mock.update_account(WORKSPACE_EMAIL, |a| a.daily_sending_limit = Some(3))
        .unwrap();
    let r = send(&mut w, WORKSPACE_EMAIL, "ewa@klient.example", &m).await;
    assert_eq!(r.last().unwrap(), &[ACCEPTED]);
    let r = send(&mut w, WORKSPACE_EMAIL, "ewa@klient.example", &m).await;
    assert_eq!(r.last().unwrap(), &DAILY_LIMIT_WORKSPACE);
    assert_eq!(mock.account(WORKSPACE_EMAIL).unwrap().sent_last_24h, 3);
    mock.shutdown().await;
}
