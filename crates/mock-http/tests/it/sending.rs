//! DESIGN.md "Sending" over the API: the organisation's domains, the SMTP
//! relay service's settings, "Send mail as" addresses and daily limits
//! read and changed as JSON, refused with the field and value named, and
//! then seen on the wire by a real SMTP client (line by line over TLS).

use mock_gmail::{RelaySenders, SendVia};
use serde_json::{json, Value};

use crate::smtp_lines::{Sent, Smtp};
use crate::support::{assert_error, Harness, ANNA, ANNA_PASSWORD};

const JAN: &str = "jan.kowalski@gmail.com";

/// One message through smtp.gmail.com (the mock's smtps) as `from`,
/// signed in as Anna: every reply.
async fn send_via_gmail(h: &Harness, from: &str) -> Sent {
    let (addr, ca, from) = (
        h.mock.smtps_addr(),
        h.mock.ca_pem().to_owned(),
        from.to_owned(),
    );
    tokio::task::spawn_blocking(move || {
        let (mut s, _) = Smtp::smtps(addr, &ca);
        let auth = s.auth_plain(ANNA, ANNA_PASSWORD);
        assert!(auth.starts_with("235 "), "{auth}");
        s.send(&from, "klient@odbiorca.example", "Oferta")
    })
    .await
    .unwrap()
}

/// One message through the relay service (STARTTLS, no AUTH: the client
/// is known by its IP address, as most CRMs' servers are) as `from`.
async fn send_via_relay(h: &Harness, from: &str) -> (String, Sent) {
    let (addr, ca, from) = (
        h.mock.smtp_relay_addr(),
        h.mock.ca_pem().to_owned(),
        from.to_owned(),
    );
    tokio::task::spawn_blocking(move || {
        let (mut s, greeting) = Smtp::starttls(addr, &ca);
        (
            greeting,
            s.send(&from, "klient@odbiorca.example", "Faktura"),
        )
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn policy_domains_and_relay_read_and_patch() {
    let h = Harness::mode("healthy").await;
    let (st, p) = h.get("/api/policy").await;
    assert_eq!(st, 200);
    assert_eq!(p["domains"], json!([]));
    assert_eq!(p["smtp_relay"]["enabled"], false);
    assert_eq!(p["effective"]["smtp_relay"], p["smtp_relay"]);

    let (st, p) = h
        .patch(
            "/api/policy",
            json!({"domains": [" Firma-Handel.Example ", "firma-handel.example", "alias.example."],
                   "smtp_relay": {"enabled": true, "allowed_ips": [" 127.0.0.1", "10.0.0.0/8", "2001:db8::/32"]}}),
        )
        .await;
    assert_eq!(st, 200, "{p}");
    // Lower-cased, trimmed, without repeats; the relay's other fields stay.
    assert_eq!(
        p["domains"],
        json!(["firma-handel.example", "alias.example"])
    );
    let relay = json!({
        "enabled": true, "allowed_senders": "domain-addresses", "only_allowlisted_ips": false,
        "allowed_ips": ["127.0.0.1", "10.0.0.0/8", "2001:db8::/32"], "require_auth": false, "require_tls": false
    });
    assert_eq!(p["smtp_relay"], relay);
    assert_eq!(p["effective"]["smtp_relay"], relay);
    assert_eq!(p["effective"]["domains"], p["domains"]);
    let model = h.mock.policy();
    assert_eq!(model.domains, ["firma-handel.example", "alias.example"]);
    assert!(model.smtp_relay.enabled);

    // A partial relay patch changes only what it names.
    let (_, p) = h
        .patch(
            "/api/policy",
            json!({"smtp_relay": {"allowed_senders": "registered-users", "only_allowlisted_ips": true,
                                  "require_auth": true, "require_tls": true}}),
        )
        .await;
    assert_eq!(
        p["smtp_relay"]["allowed_ips"],
        json!(["127.0.0.1", "10.0.0.0/8", "2001:db8::/32"])
    );
    assert_eq!(p["smtp_relay"]["allowed_senders"], "registered-users");
    assert_eq!(
        p["domains"],
        json!(["firma-handel.example", "alias.example"])
    );
    let r = h.mock.policy().smtp_relay;
    assert_eq!(r.allowed_senders, RelaySenders::RegisteredUsers);
    assert!(r.only_allowlisted_ips && r.require_auth && r.require_tls);

    // Relay settings propagate like the other console settings.
    h.patch(
        "/api/policy",
        json!({"propagation": {"kind": "after", "seconds": 3600}}),
    )
    .await;
    let (_, p) = h
        .patch(
            "/api/policy",
            json!({"smtp_relay": {"allowed_senders": "any", "allowed_ips": []}, "domains": []}),
        )
        .await;
    assert_eq!(p["smtp_relay"]["allowed_senders"], "any");
    assert_eq!(
        p["effective"]["smtp_relay"]["allowed_senders"],
        "registered-users"
    );
    assert_eq!(
        p["effective"]["domains"],
        json!(["firma-handel.example", "alias.example"])
    );
    assert_eq!(p["propagating"], true);
    let (_, adv) = h.post("/api/clock/advance", json!({"seconds": 3600})).await;
    assert_eq!(
        adv["policy"]["effective"]["smtp_relay"]["allowed_senders"],
        "any"
    );
    assert_eq!(adv["policy"]["effective"]["domains"], json!([]));
    h.stop().await;
}

#[tokio::test]
async fn policy_values_are_checked_and_a_refusal_changes_nothing() {
    let h = Harness::mode("healthy").await;
    let before = h.get("/api/policy").await.1;
    let got = h
        .patch(
            "/api/policy",
            json!({"domains": ["firma-handel.example"],
                   "smtp_relay": {"enabled": true, "allowed_ips": ["127.0.0.1", "300.1.1.1"]}}),
        )
        .await;
    assert_error(&got, 400, Some("smtp_relay.allowed_ips[1]"));
    let error = got.1["error"].as_str().unwrap();
    assert!(error.contains("\"300.1.1.1\""), "{error}");
    assert_eq!(h.get("/api/policy").await.1, before, "nothing applied");
    for bad in ["10.0.0.0/33", "localhost", "", "1.2.3"] {
        let got = h
            .patch("/api/policy", json!({"smtp_relay": {"allowed_ips": [bad]}}))
            .await;
        assert_error(&got, 400, Some("smtp_relay.allowed_ips[0]"));
    }

    for (i, bad) in [
        "nodot",
        "firma..example",
        "-firma.example",
        "firma example.pl",
        "203.0.113.7",
        "anna@firma.example",
    ]
    .iter()
    .enumerate()
    {
        let got = h
            .patch("/api/policy", json!({"domains": ["ok.example", bad]}))
            .await;
        assert_error(&got, 400, Some("domains[1]"));
        let error = got.1["error"].as_str().unwrap();
        assert!(error.contains("is not a domain name"), "{i}: {error}");
    }
    assert_eq!(h.get("/api/policy").await.1, before, "nothing applied");

    // The JSON shapes: unknown relay fields, enum values, types.
    let got = h
        .patch("/api/policy", json!({"smtp_relay": {"enable": true}}))
        .await;
    assert_error(&got, 422, Some("smtp_relay.enable"));
    let got = h
        .patch(
            "/api/policy",
            json!({"smtp_relay": {"allowed_senders": "everyone"}}),
        )
        .await;
    assert_error(&got, 422, Some("smtp_relay.allowed_senders"));
    let got = h
        .patch("/api/policy", json!({"domains": "firma.example"}))
        .await;
    assert_error(&got, 422, Some("domains"));
    let got = h
        .patch("/api/policy", json!({"smtp_relay": {"allowed_ips": [7]}}))
        .await;
    assert_error(&got, 422, Some("smtp_relay.allowed_ips[0]"));
    h.stop().await;
}

fn account_path(email: &str) -> String {
    format!("/api/accounts/{email}")
}

#[tokio::test]
async fn accounts_send_as_limits_and_the_sent_count() {
    let h = Harness::mode("healthy").await;
    let (_, anna) = h.get(&account_path(ANNA)).await;
    assert_eq!(anna["send_as"], json!([]));
    assert_eq!(anna["daily_sending_limit"], Value::Null);
    assert_eq!(anna["daily_sending_limit_effective"], 2000);
    assert_eq!(anna["sent_last_24h"], 0);
    assert_eq!(
        h.get(&account_path(JAN)).await.1["daily_sending_limit_effective"],
        500
    );

    let (st, a) = h
        .patch(
            &account_path(ANNA),
            json!({"send_as": [{"address": " oferty@partner-handlowy.example ", "via": "own-server"},
                               {"address": "biuro@partner.example"}],
                   "daily_sending_limit": 3, "sent_last_24h": 2}),
        )
        .await;
    assert_eq!(st, 200, "{a}");
    assert_eq!(
        a["send_as"],
        json!([{"address": "oferty@partner-handlowy.example", "via": "own-server"},
               {"address": "biuro@partner.example", "via": "gmail"}])
    );
    assert_eq!(
        (
            a["daily_sending_limit"].clone(),
            a["daily_sending_limit_effective"].clone()
        ),
        (json!(3), json!(3))
    );
    assert_eq!(a["sent_last_24h"], 2);
    let m = h.mock.account(ANNA).unwrap();
    assert_eq!(m.send_as.len(), 2);
    assert_eq!(m.send_as[0].via, SendVia::OwnServer);
    assert_eq!((m.daily_sending_limit, m.sent_last_24h), (Some(3), 2));

    // Absent fields stay; null returns the limit to Google's default.
    let (_, a) = h
        .patch(&account_path(ANNA), json!({"daily_sending_limit": null}))
        .await;
    assert_eq!(a["daily_sending_limit"], Value::Null);
    assert_eq!(a["daily_sending_limit_effective"], 2000);
    assert_eq!(a["sent_last_24h"], 2);
    assert_eq!(a["send_as"].as_array().unwrap().len(), 2);
    // The kind decides the default.
    let (_, a) = h
        .patch(&account_path(ANNA), json!({"kind": "consumer"}))
        .await;
    assert_eq!(a["daily_sending_limit_effective"], 500);
    h.patch(
        &account_path(ANNA),
        json!({"kind": "workspace", "send_as": []}),
    )
    .await;
    assert!(h.mock.account(ANNA).unwrap().send_as.is_empty());

    // The count is a rolling day on the mock's clock.
    h.post("/api/clock/advance", json!({"seconds": 86_399}))
        .await;
    assert_eq!(h.get(&account_path(ANNA)).await.1["sent_last_24h"], 2);
    h.post("/api/clock/advance", json!({"seconds": 2})).await;
    assert_eq!(h.get(&account_path(ANNA)).await.1["sent_last_24h"], 0);

    // Created with them.
    let (st, c) = h
        .post(
            "/api/accounts",
            json!({"email": "crm@firma.example", "password": "Crm-Pass-1",
                   "send_as": [{"address": "sprzedaz@agencja.example", "via": "gmail"}],
                   "daily_sending_limit": 100, "sent_last_24h": 100}),
        )
        .await;
    assert_eq!(st, 201, "{c}");
    assert_eq!(c["send_as"][0]["address"], "sprzedaz@agencja.example");
    assert_eq!(
        (
            c["daily_sending_limit_effective"].clone(),
            c["sent_last_24h"].clone()
        ),
        (json!(100), json!(100))
    );
    h.stop().await;
}

#[tokio::test]
async fn account_values_are_checked() {
    let h = Harness::mode("healthy").await;
    let path = account_path(ANNA);
    let before = h.get(&path).await.1;
    let cases = [
        (
            json!({"send_as": [{"address": "oferty"}]}),
            400,
            "send_as[0].address",
        ),
        (
            json!({"send_as": [{"address": "a@b.example"}, {"address": "x y@b.example"}]}),
            400,
            "send_as[1].address",
        ),
        (
            json!({"send_as": [{"address": "Anna.Nowak@Firma.Example"}]}),
            400,
            "send_as[0].address",
        ),
        (
            json!({"send_as": [{"address": "a@b.example"}, {"address": "A@B.example", "via": "own-server"}]}),
            400,
            "send_as[1].address",
        ),
        (
            json!({"send_as": [{"address": "a@b.example", "via": "smtp"}]}),
            422,
            "send_as[0].via",
        ),
        (
            json!({"send_as": [{"address": "a@b.example", "verified": true}]}),
            422,
            "send_as[0].verified",
        ),
        (
            json!({"send_as": [{"via": "gmail"}]}),
            422,
            "send_as[0].address",
        ),
        (
            json!({"daily_sending_limit": 0}),
            400,
            "daily_sending_limit",
        ),
        (
            json!({"daily_sending_limit": 1_000_001}),
            400,
            "daily_sending_limit",
        ),
        (
            json!({"daily_sending_limit": -1}),
            422,
            "daily_sending_limit",
        ),
        (json!({"sent_last_24h": 100_001}), 400, "sent_last_24h"),
        (json!({"sent_last_24h": "2000"}), 422, "sent_last_24h"),
    ];
    for (body, status, field) in cases {
        let got = h.patch(&path, body.clone()).await;
        assert_error(&got, status, Some(field));
        // A refusal in a patch with other fields changes none of them.
        let mut with_other = body.as_object().unwrap().clone();
        with_other.insert("suspended".into(), json!(true));
        h.patch(&path, Value::Object(with_other)).await;
        assert_eq!(h.get(&path).await.1, before, "{body}");
    }
    let got = h
        .patch(&path, json!({"send_as": [{"address": "oferty"}]}))
        .await;
    assert!(
        got.1["error"].as_str().unwrap().contains("\"oferty\""),
        "{}",
        got.1
    );
    let got = h
        .post(
            "/api/accounts",
            json!({"email": "crm@firma.example", "password": "x", "send_as": [{"address": "crm@firma.example"}]}),
        )
        .await;
    assert_error(&got, 400, Some("send_as[0].address"));
    assert!(h.mock.account("crm@firma.example").is_none());
    h.stop().await;
}

#[tokio::test]
async fn relay_denies_until_the_admin_lists_the_clients_ip() {
    let h = Harness::mode("healthy").await;
    let (greeting, sent) = send_via_relay(&h, "crm@firma.example").await;
    assert!(
        greeting.starts_with("220 smtp-relay.gmail.com ESMTP ") && greeting.ends_with(" - gsmtp"),
        "{greeting}"
    );
    assert!(
        sent.mail.starts_with(
            "550-5.7.0 Mail relay denied [127.0.0.1]. Invalid credentials for relay for one\r\n"
        ),
        "{}",
        sent.mail
    );
    assert!(sent.mail.contains("#maildenied"), "{}", sent.mail);

    let (st, p) = h
        .patch(
            "/api/policy",
            json!({"domains": ["firma-handel.example"],
                   "smtp_relay": {"enabled": true, "allowed_ips": ["127.0.0.1"]}}),
        )
        .await;
    assert_eq!(st, 200, "{p}");
    // The Workspace's own domain (its accounts') and a secondary domain.
    for from in ["crm@firma.example", "biuro@firma-handel.example"] {
        let (_, sent) = send_via_relay(&h, from).await;
        assert!(sent.mail.starts_with("250 "), "{from}: {sent:?}");
        let end = sent.end.as_deref().unwrap_or_default();
        assert!(end.starts_with("250 2.0.0 OK "), "{from}: {sent:?}");
    }
    let (_, msgs) = h.get("/api/messages").await;
    let froms: Vec<&str> = msgs
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["mail_from"].as_str().unwrap())
        .collect();
    assert_eq!(froms, ["crm@firma.example", "biuro@firma-handel.example"]);
    // An address outside the domains is not an allowed sender.
    let (_, sent) = send_via_relay(&h, "crm@inna.example").await;
    assert!(
        sent.mail
            .starts_with("550-5.7.1 Invalid credentials for relay [127.0.0.1]."),
        "{}",
        sent.mail
    );
    // Another IP only: denied again.
    h.patch(
        "/api/policy",
        json!({"smtp_relay": {"allowed_ips": ["203.0.113.0/24"]}}),
    )
    .await;
    let (_, sent) = send_via_relay(&h, "crm@firma.example").await;
    assert!(
        sent.mail.starts_with("550-5.7.0 Mail relay denied"),
        "{}",
        sent.mail
    );
    h.stop().await;
}

#[tokio::test]
async fn the_daily_limit_after_patching_the_sent_count() {
    let h = Harness::mode("healthy").await;
    let sent = send_via_gmail(&h, ANNA).await;
    assert!(
        sent.end.as_deref().is_some_and(|r| r.starts_with("250 ")),
        "{sent:?}"
    );
    assert_eq!(h.get(&account_path(ANNA)).await.1["sent_last_24h"], 1);

    let (st, a) = h
        .patch(&account_path(ANNA), json!({"sent_last_24h": 2000}))
        .await;
    assert_eq!(
        (st.as_u16(), a["sent_last_24h"].as_u64()),
        (200, Some(2000))
    );
    let sent = send_via_gmail(&h, ANNA).await;
    // Accepted up to the data, refused after it, in three lines.
    assert!(sent.mail.starts_with("250 "), "{sent:?}");
    let end = sent.end.clone().unwrap_or_default();
    let lines: Vec<&str> = end.split("\r\n").collect();
    assert_eq!(lines.len(), 3, "{end}");
    assert_eq!(
        lines[0],
        "550-5.4.5 Daily user sending limit exceeded. For more information on Gmail"
    );
    assert_eq!(lines[1], "550-5.4.5 sending limits go to");
    assert!(
        lines[2].starts_with("550 5.4.5  https://support.google.com/a/answer/166852 ")
            && lines[2].ends_with(" - gsmtp"),
        "{end}"
    );
    assert_eq!(h.get("/api/messages").await.1.as_array().unwrap().len(), 1);
    assert_eq!(h.get(&account_path(ANNA)).await.1["sent_last_24h"], 2000);

    // A day later on the mock's clock the window is empty again.
    h.post("/api/clock/advance", json!({"seconds": 86_401}))
        .await;
    let sent = send_via_gmail(&h, ANNA).await;
    assert!(
        sent.end.as_deref().is_some_and(|r| r.starts_with("250 ")),
        "{sent:?}"
    );
    h.stop().await;
}

#[tokio::test]
async fn a_send_as_address_through_its_own_server_needs_the_gateway_setting() {
    let h = Harness::mode("healthy").await;
    let alias = "oferty@partner-handlowy.example";
    h.patch(
        &account_path(ANNA),
        json!({"send_as": [{"address": alias, "via": "own-server"}]}),
    )
    .await;
    h.patch("/api/policy", json!({"external_smtp_allowed": false}))
        .await;
    let sent = send_via_gmail(&h, alias).await;
    assert!(sent.mail.starts_with("550-5.7.1 "), "{sent:?}");
    // The account's own address still sends with the setting off.
    let own = send_via_gmail(&h, ANNA).await;
    assert!(
        own.end.as_deref().is_some_and(|r| r.starts_with("250 ")),
        "{own:?}"
    );
    h.patch("/api/policy", json!({"external_smtp_allowed": true}))
        .await;
    let sent = send_via_gmail(&h, alias).await;
    assert!(
        sent.end.as_deref().is_some_and(|r| r.starts_with("250 ")),
        "{sent:?}"
    );
    // Through Gmail, no admin setting is involved.
    h.patch(
        &account_path(ANNA),
        json!({"send_as": [{"address": alias, "via": "gmail"}]}),
    )
    .await;
    h.patch("/api/policy", json!({"external_smtp_allowed": false}))
        .await;
    let sent = send_via_gmail(&h, alias).await;
    assert!(
        sent.end.as_deref().is_some_and(|r| r.starts_with("250 ")),
        "{sent:?}"
    );
    h.stop().await;
}
