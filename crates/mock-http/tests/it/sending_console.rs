//! The console's sending settings over plain HTTP: the Admin console's
//! "Allow per-user outbound gateways", domains and SMTP relay service
//! forms, and an account's "Send mail as", daily limit and sent count.
//! Each form changes what the JSON API (and so the servers) see; a bad
//! value is an error page naming it.

use serde_json::json;

use crate::support::{Harness, ANNA};

fn acct_form(rest: &str) -> String {
    format!("/console/accounts/{ANNA}{rest}")
}

#[tokio::test]
async fn the_policy_and_account_pages_show_the_sending_settings() {
    let h = Harness::mode("external-smtp-denied").await;
    let (st, html) = h.page("/").await;
    assert_eq!(st, 200);
    for text in [
        "Allow per-user outbound gateways",
        "Allow users to send mail through an external SMTP server when configuring a 'from' address hosted outside your email domains",
        "Manage domains",
        "SMTP relay service",
        "Only registered Apps users in my domains",
        "Only addresses in my domains",
        "Any addresses (not recommended)",
        "Only accept mail from the specified IP addresses",
        "Require SMTP Authentication",
        "Require TLS encryption",
        "Send mail as",
        "oferty@partner-handlowy.example",
        "Send through its own SMTP server",
        "Daily sending limit",
        "Messages sent in the last 24 hours",
        &h.mock.smtp_relay_addr().to_string(),
    ] {
        assert!(html.contains(text), "missing {text:?}");
    }
    // The default relay state: no setting, "my domains" chosen.
    assert!(html.contains(r#"id="relay-senders-domain-addresses" type="radio" name="allowed_senders" value="domain-addresses" checked"#));
    assert!(html.contains(r#"id="relay-enabled" type="checkbox" name="enabled" value="on">"#));
    assert!(!html.contains(r#"name="external_smtp_allowed" value="on" checked"#));
    h.stop().await;
}

#[tokio::test]
async fn the_relay_form_changes_the_policy_and_a_bad_ip_is_named() {
    let h = Harness::mode("healthy").await;
    let (st, loc) = h
        .form(
            "/console/policy/smtp-relay",
            &[
                ("enabled", "on"),
                ("allowed_senders", "any"),
                ("only_allowlisted_ips", "on"),
                ("allowed_ips", "127.0.0.1\r\n10.0.0.0/8, 2001:db8::/32"),
                ("require_tls", "on"),
            ],
        )
        .await;
    assert_eq!((st.as_u16(), loc.as_str()), (303, "/#smtp-relay"));
    let p = h.get("/api/policy").await.1;
    assert_eq!(
        p["smtp_relay"],
        json!({"enabled": true, "allowed_senders": "any", "only_allowlisted_ips": true,
               "allowed_ips": ["127.0.0.1", "10.0.0.0/8", "2001:db8::/32"],
               "require_auth": false, "require_tls": true})
    );
    let html = h.page("/").await.1;
    assert!(html.contains(r#"value="any" checked"#));
    assert!(html.contains(r#"name="require_tls" value="on" checked"#));
    assert!(html.contains("127.0.0.1\n10.0.0.0/8\n2001:db8::/32</textarea>"));

    let (st, body) = h
        .form(
            "/console/policy/smtp-relay",
            &[
                ("allowed_senders", "any"),
                ("allowed_ips", "127.0.0.1, 300.1.1.1"),
            ],
        )
        .await;
    assert_eq!(st, 400);
    assert!(body.contains("<!DOCTYPE html>"), "{body}");
    assert!(
        body.contains("smtp_relay.allowed_ips[1]: &quot;300.1.1.1&quot; is not an IP address"),
        "{body}"
    );
    assert_eq!(h.get("/api/policy").await.1, p, "nothing changed");
    // Unchecking everything is a form without the boxes.
    h.form(
        "/console/policy/smtp-relay",
        &[("allowed_senders", "domain-addresses")],
    )
    .await;
    let r = h.mock.policy().smtp_relay;
    assert!(!r.enabled && !r.only_allowlisted_ips && !r.require_tls && r.allowed_ips.is_empty());
    h.stop().await;
}

#[tokio::test]
async fn the_domains_and_gateway_forms() {
    let h = Harness::mode("healthy").await;
    let (st, loc) = h
        .form(
            "/console/policy/domains",
            &[("domains", "Firma-Handel.example, alias.example\n")],
        )
        .await;
    assert_eq!((st.as_u16(), loc.as_str()), (303, "/#domains"));
    assert_eq!(
        h.mock.policy().domains,
        ["firma-handel.example", "alias.example"]
    );
    assert!(h
        .page("/")
        .await
        .1
        .contains(r#"value="firma-handel.example, alias.example""#));
    let (st, body) = h
        .form(
            "/console/policy/domains",
            &[("domains", "ok.example nodot")],
        )
        .await;
    assert_eq!(st, 400);
    assert!(
        body.contains("domains[1]: &quot;nodot&quot; is not a domain name"),
        "{body}"
    );
    assert_eq!(
        h.mock.policy().domains,
        ["firma-handel.example", "alias.example"]
    );

    // "Allow per-user outbound gateways" is the Gmail form's second box.
    h.form("/console/policy/gmail", &[]).await;
    assert!(!h.mock.policy().external_smtp_allowed);
    h.form("/console/policy/gmail", &[("external_smtp_allowed", "on")])
        .await;
    assert!(h.mock.policy().external_smtp_allowed);
    h.stop().await;
}

#[tokio::test]
async fn send_as_addresses_limit_and_sent_count_forms() {
    let h = Harness::mode("healthy").await;
    let (st, loc) = h
        .form(
            &acct_form("/send-as"),
            &[
                ("address", "oferty@partner-handlowy.example"),
                ("via", "own-server"),
            ],
        )
        .await;
    assert_eq!(
        (st.as_u16(), loc.as_str()),
        (303, format!("/#acct-{ANNA}").as_str())
    );
    h.form(
        &acct_form("/send-as"),
        &[("address", "biuro@partner.example"), ("via", "gmail")],
    )
    .await;
    let a = h.get(&format!("/api/accounts/{ANNA}")).await.1;
    assert_eq!(
        a["send_as"],
        json!([{"address": "oferty@partner-handlowy.example", "via": "own-server"},
               {"address": "biuro@partner.example", "via": "gmail"}])
    );
    // The same address twice, or a malformed one: an error page naming it.
    let (st, body) = h
        .form(
            &acct_form("/send-as"),
            &[("address", "Biuro@Partner.example"), ("via", "gmail")],
        )
        .await;
    assert_eq!(st, 400);
    assert!(body.contains("send_as[2].address"), "{body}");
    let (st, _) = h
        .form(
            &acct_form("/send-as"),
            &[("address", "x@y.example"), ("via", "carrier-pigeon")],
        )
        .await;
    assert_eq!(st, 400);
    // Removing.
    let (st, _) = h
        .form(
            &acct_form("/send-as/remove"),
            &[("address", "OFERTY@partner-handlowy.example")],
        )
        .await;
    assert_eq!(st, 303);
    assert_eq!(h.mock.account(ANNA).unwrap().send_as.len(), 1);
    let (st, body) = h
        .form(
            &acct_form("/send-as/remove"),
            &[("address", "nobody@partner.example")],
        )
        .await;
    assert_eq!(st, 400);
    assert!(body.contains("nobody@partner.example"), "{body}");

    // The limit (empty = Google's default) and the sent count.
    let set = |setting: &'static str, value: &'static str| {
        let h = &h;
        async move {
            h.form(
                &acct_form("/settings"),
                &[("setting", setting), ("value", value)],
            )
            .await
        }
    };
    assert_eq!(set("daily_sending_limit", "5").await.0, 303);
    assert_eq!(set("sent_last_24h", "5").await.0, 303);
    let a = h.mock.account(ANNA).unwrap();
    assert_eq!((a.daily_sending_limit, a.sent_last_24h), (Some(5), 5));
    assert!(h.page("/").await.1.contains("5 (limit reached)"));
    assert_eq!(set("daily_sending_limit", "").await.0, 303);
    assert_eq!(h.mock.account(ANNA).unwrap().daily_sending_limit, None);
    let (st, body) = set("daily_sending_limit", "0").await;
    assert_eq!(st, 400);
    assert!(body.contains("daily_sending_limit"), "{body}");
    h.stop().await;
}

#[tokio::test]
async fn the_new_forms_keep_the_cross_site_protection() {
    let h = Harness::mode("healthy").await;
    for (path, fields) in [
        (
            "/console/policy/smtp-relay",
            vec![("enabled", "on"), ("allowed_senders", "any")],
        ),
        ("/console/policy/domains", vec![("domains", "evil.example")]),
    ] {
        let res = h
            .http
            .post(h.url(path))
            .header("origin", "http://evil.example")
            .form(&fields)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "{path}");
    }
    let res = h
        .http
        .post(h.url(&acct_form("/send-as")))
        .header("referer", "http://evil.example/page")
        .form(&[("address", "evil@evil.example"), ("via", "gmail")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let p = h.mock.policy();
    assert!(!p.smtp_relay.enabled && p.domains.is_empty());
    assert!(h.mock.account(ANNA).unwrap().send_as.is_empty());
    // The console's own pages pass.
    let res = h
        .http
        .post(h.url("/console/policy/domains"))
        .header("origin", h.base.clone())
        .form(&[("domains", "firma-handel.example")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    h.stop().await;
}
