//! Every JSON route doing its job (errors are in `errors`).

use reqwest::Method;
use serde_json::{json, Value};

use crate::support::{assert_error, send_mail, CrmImap, Harness, ANNA, ANNA_PASSWORD};

#[tokio::test]
async fn server_ca_and_openapi() {
    let h = Harness::mode("healthy").await;
    let (st, v) = h.get("/api/server").await;
    assert_eq!(st, 200);
    assert_eq!(v["imaps"], h.mock.imaps_addr().to_string());
    assert_eq!(v["imap"], h.mock.imap_addr().to_string());
    assert_eq!(v["smtps"], h.mock.smtps_addr().to_string());
    assert_eq!(v["submission"], h.mock.submission_addr().to_string());
    assert_eq!(v["smtp_relay"], h.mock.smtp_relay_addr().to_string());
    assert_eq!(v["ca_pem"], h.mock.ca_pem());
    let (st, pem) = h.page("/api/ca.pem").await;
    assert_eq!(st, 200);
    assert_eq!(pem, h.mock.ca_pem());
    let res = h.http.get(h.url("/api/openapi.yaml")).send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "application/yaml");
    assert_eq!(res.text().await.unwrap(), mock_http::OPENAPI_YAML);
    h.stop().await;
}

#[tokio::test]
async fn accounts_list_get_create_patch() {
    let h = Harness::mode("less-secure-rejected").await;
    let (st, list) = h.get("/api/accounts").await;
    assert_eq!(st, 200);
    let emails: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, [ANNA, "jan.kowalski@gmail.com"]);
    let anna = &list[0];
    assert_eq!(anna["kind"], "workspace");
    assert_eq!(anna["password"], ANNA_PASSWORD);
    assert_eq!(anna["password_sign_in"]["imap"]["allowed"], false);
    assert_eq!(
        anna["password_sign_in"]["imap"]["denial"],
        "web-login-required"
    );
    assert_eq!(list[1]["kind"], "consumer");

    // Any case, as Gmail accepts the user name.
    let (st, one) = h.get("/api/accounts/Anna.Nowak@Firma.Example").await;
    assert_eq!(st, 200);
    assert_eq!(one["email"], ANNA);

    let (st, created) = h
        .post("/api/accounts", json!({"email": "crm@firma.example", "password": "Crm-Pass-1", "less_secure_toggle": true}))
        .await;
    assert_eq!(st, 201, "{created}");
    assert_eq!(created["kind"], "workspace");
    assert_eq!(created["imap_enabled"], true);
    assert_eq!(created["max_connections"], 15);
    let res = h
        .http
        .post(h.url("/api/accounts"))
        .json(&json!({"email": "jan2@gmail.com", "password": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    assert_eq!(res.headers()["location"], "/api/accounts/jan2@gmail.com");
    assert!(h.mock.account("crm@firma.example").is_some());
    assert_eq!(h.get("/api/accounts").await.1.as_array().unwrap().len(), 4);
    // The new account exists for IMAP at once (the policy blocks its
    // password, as for everyone in this mode; turn that off first).
    h.patch("/api/policy", json!({"less_secure_apps": "user-managed"}))
        .await;
    CrmImap::for_mock(&h.mock, "crm@firma.example", "Crm-Pass-1")
        .login()
        .await
        .unwrap();

    let (st, patched) = h
        .patch(
            &format!("/api/accounts/{ANNA}"),
            json!({"imap_enabled": false, "suspended": true, "throttled": true, "max_connections": 3, "other_clients_connected": 2, "kind": "consumer"}),
        )
        .await;
    assert_eq!(st, 200, "{patched}");
    for (k, v) in [
        ("imap_enabled", json!(false)),
        ("suspended", json!(true)),
        ("throttled", json!(true)),
        ("max_connections", json!(3)),
        ("other_clients_connected", json!(2)),
        ("kind", json!("consumer")),
    ] {
        assert_eq!(patched[k], v, "{k}");
    }
    let a = h.mock.account(ANNA).unwrap();
    assert!(!a.imap_enabled && a.suspended && a.throttled);
    assert_eq!(
        patched["password_sign_in"]["imap"]["denial"],
        "account-suspended"
    );
    // An empty patch changes nothing.
    let (st, same) = h.patch(&format!("/api/accounts/{ANNA}"), json!({})).await;
    assert_eq!((st.as_u16(), &same), (200, &patched));
    h.stop().await;
}

#[tokio::test]
async fn app_passwords_generated_once_used_and_revoked() {
    let h = Harness::mode("less-secure-rejected").await;
    let path = format!("/api/accounts/{ANNA}/app-passwords");
    // No app passwords without 2-Step Verification (Google hides the page).
    assert_error(&h.post(&path, json!({"name": "CRM"})).await, 409, None);
    h.patch(
        &format!("/api/accounts/{ANNA}"),
        json!({"two_step_verification": true}),
    )
    .await;
    let (st, gen) = h.post(&path, json!({"name": "Livespace CRM"})).await;
    assert_eq!(st, 201, "{gen}");
    assert_eq!(gen["name"], "Livespace CRM");
    let secret = gen["password"].as_str().unwrap().to_owned();
    let groups: Vec<&str> = secret.split(' ').collect();
    assert_eq!(groups.len(), 4, "{secret}");
    assert!(
        groups
            .iter()
            .all(|g| g.len() == 4 && g.bytes().all(|b| b.is_ascii_lowercase())),
        "{secret}"
    );
    // Listed by name only: never shown again.
    let (_, acct) = h.get(&format!("/api/accounts/{ANNA}")).await;
    assert_eq!(acct["app_passwords"], json!([{"name": "Livespace CRM"}]));
    assert!(!acct.to_string().contains(&secret));
    // With 2-Step Verification on, the password needs replacing; the app
    // password works, typed with or without its spaces.
    let pw = CrmImap::for_mock(&h.mock, ANNA, ANNA_PASSWORD);
    assert!(pw
        .login()
        .await
        .unwrap_err()
        .contains("Application-specific password required"));
    CrmImap::for_mock(&h.mock, ANNA, &secret)
        .login()
        .await
        .unwrap();
    CrmImap::for_mock(&h.mock, ANNA, &secret.replace(' ', ""))
        .login()
        .await
        .unwrap();
    // Revoke it.
    let name_path = format!("{path}/Livespace%20CRM");
    let (st, _) = h.call(Method::DELETE, &name_path, None).await;
    assert_eq!(st, 204);
    assert_error(&h.call(Method::DELETE, &name_path, None).await, 404, None);
    assert!(CrmImap::for_mock(&h.mock, ANNA, &secret)
        .login()
        .await
        .unwrap_err()
        .contains("Invalid credentials"));
    // Turning 2-Step Verification off, or a new password, revokes them.
    let (_, g2) = h.post(&path, json!({"name": "phone"})).await;
    h.patch(
        &format!("/api/accounts/{ANNA}"),
        json!({"two_step_verification": false}),
    )
    .await;
    assert!(h.mock.account(ANNA).unwrap().app_passwords.is_empty());
    h.patch(
        &format!("/api/accounts/{ANNA}"),
        json!({"two_step_verification": true}),
    )
    .await;
    h.post(&path, json!({"name": "tablet"})).await;
    let (_, after) = h
        .patch(
            &format!("/api/accounts/{ANNA}"),
            json!({"password": "Nowe-Haslo-1"}),
        )
        .await;
    assert_eq!(after["app_passwords"], json!([]));
    assert_eq!(after["password"], "Nowe-Haslo-1");
    assert!(!g2["password"].as_str().unwrap().is_empty());
    h.stop().await;
}

#[tokio::test]
async fn policy_read_change_and_propagation() {
    let h = Harness::mode("imap-disabled").await;
    let (st, p) = h.get("/api/policy").await;
    assert_eq!(st, 200);
    // Google's state before an admin adds an SMTP relay setting.
    let no_relay = json!({
        "enabled": false, "allowed_senders": "domain-addresses", "only_allowlisted_ips": false,
        "allowed_ips": [], "require_auth": false, "require_tls": false
    });
    assert_eq!(
        p,
        json!({
            "imap_pop_disabled_for_all": true, "less_secure_apps": "enforced", "external_smtp_allowed": true,
            "domains": [], "smtp_relay": no_relay,
            "propagation": {"kind": "immediate"}, "as_of": "2020-06-01",
            "effective": {"imap_pop_disabled_for_all": true, "less_secure_apps": "enforced", "external_smtp_allowed": true,
                "domains": [], "smtp_relay": no_relay},
            "propagating": false
        })
    );
    // Propagation after N attempts: the admin's change waits.
    let (_, p) = h
        .patch(
            "/api/policy",
            json!({"propagation": {"kind": "attempts", "count": 1}}),
        )
        .await;
    assert_eq!(p["propagation"], json!({"kind": "attempts", "count": 1}));
    let (_, p) = h
        .patch("/api/policy", json!({"imap_pop_disabled_for_all": false}))
        .await;
    assert_eq!(p["imap_pop_disabled_for_all"], false);
    assert_eq!(p["effective"]["imap_pop_disabled_for_all"], true);
    assert_eq!(p["propagating"], true);
    let crm = CrmImap::for_mock(&h.mock, ANNA, ANNA_PASSWORD);
    assert!(crm
        .login()
        .await
        .unwrap_err()
        .contains("IMAP access is disabled for your domain"));
    crm.login().await.unwrap();
    assert_eq!(h.get("/api/policy").await.1["propagating"], false);

    // Propagation after a duration, skipped with the clock.
    h.patch(
        "/api/policy",
        json!({"propagation": {"kind": "after", "seconds": 86400}}),
    )
    .await;
    let (_, p) = h
        .patch("/api/policy", json!({"external_smtp_allowed": false}))
        .await;
    assert_eq!(p["effective"]["external_smtp_allowed"], true);
    let (st, adv) = h.post("/api/clock/advance", json!({"seconds": 3600})).await;
    assert_eq!(st, 200);
    assert_eq!(adv["advanced_seconds"], 3600);
    assert_eq!(adv["policy"]["propagating"], true);
    let (_, adv) = h
        .post("/api/clock/advance", json!({"seconds": 86400}))
        .await;
    assert_eq!(adv["policy"]["effective"]["external_smtp_allowed"], false);
    assert_eq!(adv["policy"]["propagating"], false);

    // The date is the world's: it applies at once.
    let (_, p) = h.patch("/api/policy", json!({"as_of": "2026-01-15"})).await;
    assert_eq!(p["as_of"], "2026-01-15");
    assert_eq!(h.mock.effective_policy().as_of.to_string(), "2026-01-15");
    // After the Workspace cut-off the password gets the plain refusal
    // (DESIGN.md "Time"), not the web-login alert.
    let (_, a) = h.get(&format!("/api/accounts/{ANNA}")).await;
    assert_eq!(
        a["password_sign_in"]["smtp"]["denial"],
        "invalid-credentials"
    );
    h.stop().await;
}

#[tokio::test]
async fn messages_with_raw_source() {
    let h = Harness::mode("healthy").await;
    assert_eq!(h.get("/api/messages").await.1, json!([]));
    send_mail(
        &h.mock,
        ANNA,
        ANNA_PASSWORD,
        "klient@example.com",
        "Oferta – zażółć",
        "Dzień dobry,\nw załączeniu oferta.\n",
    )
    .await;
    let (st, list) = h.get("/api/messages").await;
    assert_eq!(st, 200);
    let m = &list[0];
    assert_eq!(m["id"], 1);
    assert_eq!(m["account"], ANNA);
    assert_eq!(m["mail_from"], ANNA);
    assert_eq!(m["recipients"], json!(["klient@example.com"]));
    assert_eq!(m["subject"], "Oferta – zażółć");
    assert!(
        m["text"].as_str().unwrap().contains("w załączeniu oferta"),
        "{m}"
    );
    assert!(m["headers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["name"] == "Subject"));
    assert!(m["raw"].as_str().unwrap().contains("Subject: "));
    assert_eq!(m["raw_url"], "/api/messages/1/raw");
    let captured = &h.mock.messages()[0];
    assert_eq!(m["size"], captured.raw.len());
    let (st, one) = h.get("/api/messages/1").await;
    assert_eq!((st.as_u16(), &one), (200, m));
    let res = h
        .http
        .get(h.url("/api/messages/1/raw"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "message/rfc822");
    assert_eq!(res.bytes().await.unwrap(), captured.raw);
    h.stop().await;
}

#[tokio::test]
async fn transcripts_are_redacted() {
    let h = Harness::mode("healthy").await;
    CrmImap::for_mock(&h.mock, ANNA, ANNA_PASSWORD)
        .login()
        .await
        .unwrap();
    let (st, list) = h.get("/api/transcripts").await;
    assert_eq!(st, 200);
    let t = list
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["listener"] == "imaps")
        .expect("an IMAPS transcript")
        .clone();
    assert_eq!(t["protocol"], "imap");
    assert_eq!(t["account"], ANNA);
    let text = t["lines"].to_string();
    assert!(
        text.contains("LOGIN") && text.contains("[REDACTED]"),
        "{text}"
    );
    assert!(!list.to_string().contains(ANNA_PASSWORD));
    let (st, one) = h.get(&format!("/api/transcripts/{}", t["id"])).await;
    assert_eq!(st, 200);
    assert_eq!(one["id"], t["id"]);
    assert_eq!(one["lines"][0]["dir"], "event");
    h.stop().await;
}

#[tokio::test]
async fn faults_round_trip_and_apply() {
    let h = Harness::mode("healthy").await;
    assert_eq!(h.get("/api/faults").await.1, json!([]));
    let faults = json!([
        {"listener": "imaps", "kind": "unavailable"},
        {"kind": "stall-at", "stage": "auth"},
        {"listener": "smtps", "kind": "tls", "problem": "expired"},
        {"kind": "delay-every-reply", "ms": 5},
        {"kind": "close-at", "stage": "mailbox"},
        {"kind": "close-after-greeting"},
        {"listener": "imap", "kind": "plaintext-on-tls"}
    ]);
    let (st, got) = h
        .call(Method::PUT, "/api/faults", Some(faults.clone()))
        .await;
    assert_eq!((st.as_u16(), &got), (200, &faults));
    assert_eq!(h.get("/api/faults").await.1, faults);
    assert_eq!(h.mock.faults().len(), 7);
    let err = CrmImap::for_mock(&h.mock, ANNA, ANNA_PASSWORD);
    let e = tokio::task::spawn_blocking(move || {
        let tcp = std::net::TcpStream::connect(err.addr).unwrap();
        tcp.set_read_timeout(Some(crate::support::TIMEOUT)).unwrap();
        let conn = rustls::ClientConnection::new(
            crate::support::client_config(&err.ca),
            rustls::pki_types::ServerName::try_from("localhost").unwrap(),
        )
        .unwrap();
        let mut c = imap::Client::new(rustls::StreamOwned::new(conn, tcp));
        c.read_greeting()
            .map(|g| String::from_utf8_lossy(&g).into_owned())
    })
    .await
    .unwrap();
    assert!(format!("{e:?}").contains("UNAVAILABLE"), "{e:?}");
    let (st, _) = h.call(Method::DELETE, "/api/faults", None).await;
    assert_eq!(st, 204);
    assert!(h.mock.faults().is_empty());
    CrmImap::for_mock(&h.mock, ANNA, ANNA_PASSWORD)
        .login()
        .await
        .unwrap();
    h.stop().await;
}

#[tokio::test]
async fn reset_restores_the_start() {
    let h = Harness::mode("less-secure-rejected").await;
    let (_, accounts0) = h.get("/api/accounts").await;
    let (_, policy0) = h.get("/api/policy").await;
    h.patch(
        "/api/policy",
        json!({"less_secure_apps": "enforced", "external_smtp_allowed": false}),
    )
    .await;
    h.post(
        "/api/accounts",
        json!({"email": "new@firma.example", "password": "pw"}),
    )
    .await;
    h.patch(
        &format!("/api/accounts/{ANNA}"),
        json!({"two_step_verification": true}),
    )
    .await;
    h.call(
        Method::PUT,
        "/api/faults",
        Some(json!([{"kind": "delay-every-reply", "ms": 1}])),
    )
    .await;
    h.post("/api/clock/advance", json!({"seconds": 600})).await;
    h.call(Method::DELETE, "/api/faults", None).await;
    h.patch(
        &format!("/api/accounts/{ANNA}"),
        json!({"two_step_verification": false}),
    )
    .await;
    CrmImap::for_mock(&h.mock, ANNA, ANNA_PASSWORD)
        .login()
        .await
        .unwrap();
    h.patch("/api/policy", json!({"external_smtp_allowed": true}))
        .await;
    send_mail(&h.mock, ANNA, ANNA_PASSWORD, ANNA, "to self", "x").await;
    assert_eq!(h.get("/api/messages").await.1.as_array().unwrap().len(), 1);
    assert_eq!(h.mock.mailbox_messages(ANNA, "INBOX").unwrap().len(), 1);

    let (st, body) = h.call(Method::POST, "/api/reset", None).await;
    assert_eq!((st.as_u16(), body), (204, Value::Null));
    assert_eq!(h.get("/api/accounts").await.1, accounts0);
    assert_eq!(h.get("/api/policy").await.1, policy0);
    assert_eq!(h.get("/api/messages").await.1, json!([]));
    assert_eq!(h.get("/api/transcripts").await.1, json!([]));
    assert_eq!(h.get("/api/faults").await.1, json!([]));
    assert!(h.mock.mailbox_messages(ANNA, "INBOX").unwrap().is_empty());
    // And the mock serves the restored world.
    let e = CrmImap::for_mock(&h.mock, ANNA, ANNA_PASSWORD)
        .login()
        .await
        .unwrap_err();
    assert!(e.contains("Please log in via your web browser"), "{e}");
    h.stop().await;
}

#[tokio::test]
async fn captures_are_bounded_and_the_drops_shown() {
    let h = Harness::start(mock_gmail::MockGmail::builder().mode("healthy").options(
        mock_gmail::Options {
            max_messages: 2,
            max_transcripts: 3,
            ..mock_gmail::Options::default()
        },
    ))
    .await;
    let inbox0 = h.mock.mailbox_messages(ANNA, "INBOX").unwrap().len();
    for i in 0..5 {
        send_mail(
            &h.mock,
            ANNA,
            ANNA_PASSWORD,
            ANNA,
            &format!("case {i}"),
            "x",
        )
        .await;
    }
    let (_, list) = h.get("/api/messages").await;
    let ids: Vec<u64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, [4, 5]);
    let (_, ts) = h.get("/api/transcripts").await;
    assert_eq!(ts.as_array().unwrap().len(), 3);
    let (st, server) = h.get("/api/server").await;
    assert_eq!(st, 200);
    assert_eq!(
        server["captures"],
        json!({
            "messages": {"kept": 2, "max": 2, "dropped": 3},
            "transcripts": {"kept": 3, "max": 3, "dropped": 2}
        })
    );
    // A dropped message is a 404, like one never sent.
    assert_error(&h.get("/api/messages/1").await, 404, None);
    // Gmail keeps mail: all five are in the mailbox (to self: INBOX).
    assert_eq!(
        h.mock.mailbox_messages(ANNA, "INBOX").unwrap().len(),
        inbox0 + 5
    );

    let (_, page) = h.page("/messages").await;
    assert!(page.contains("The newest 2 messages are kept"), "{page}");
    assert!(page.contains("3 older messages dropped"), "{page}");
    assert!(page.contains("Messages (2)"), "{page}");
    let (_, page) = h.page("/transcripts").await;
    assert!(page.contains("2 older transcripts dropped"), "{page}");

    h.call(Method::POST, "/api/reset", None).await;
    assert_eq!(
        h.get("/api/server").await.1["captures"]["messages"],
        json!({"kept": 0, "max": 2, "dropped": 0})
    );
    let (_, page) = h.page("/messages").await;
    assert!(page.contains("None dropped so far."), "{page}");
    h.stop().await;
}

#[tokio::test]
async fn unlimited_captures_say_so() {
    let h = Harness::start(mock_gmail::MockGmail::builder().mode("healthy").options(
        mock_gmail::Options {
            max_messages: 0,
            ..mock_gmail::Options::default()
        },
    ))
    .await;
    let (_, server) = h.get("/api/server").await;
    assert_eq!(
        server["captures"]["messages"],
        json!({"kept": 0, "max": 0, "dropped": 0})
    );
    assert_eq!(server["captures"]["transcripts"]["max"], 500);
    let (_, page) = h.page("/messages").await;
    assert!(page.contains("Every message is kept"), "{page}");
    h.stop().await;
}

#[tokio::test]
async fn delete_an_accounts_mail() {
    let h = Harness::mode("healthy").await;
    let sample = h
        .mock
        .mailbox_messages(ANNA, "[Gmail]/All Mail")
        .unwrap()
        .len();
    assert!(
        sample > 0,
        "the healthy preset starts with a sample mailbox"
    );
    send_mail(&h.mock, ANNA, ANNA_PASSWORD, ANNA, "to self", "x").await;
    let (st, body) = h
        .call(
            Method::DELETE,
            "/api/accounts/Anna.Nowak@Firma.Example/messages",
            None,
        )
        .await;
    assert_eq!(st, 200, "{body}");
    assert_eq!(body, json!({"account": ANNA, "deleted": sample + 1}));
    for f in ["INBOX", "[Gmail]/Sent Mail", "[Gmail]/All Mail"] {
        assert!(h.mock.mailbox_messages(ANNA, f).unwrap().is_empty(), "{f}");
    }
    // The captured copy is not mail: it stays.
    assert_eq!(h.get("/api/messages").await.1.as_array().unwrap().len(), 1);
    // The account still works, with an empty INBOX.
    CrmImap::for_mock(&h.mock, ANNA, ANNA_PASSWORD)
        .login()
        .await
        .unwrap();
    let (st, body) = h
        .call(
            Method::DELETE,
            &format!("/api/accounts/{ANNA}/messages"),
            None,
        )
        .await;
    assert_eq!((st.as_u16(), body["deleted"].as_u64()), (200, Some(0)));

    let got = h
        .call(
            Method::DELETE,
            "/api/accounts/nobody@firma.example/messages",
            None,
        )
        .await;
    assert_error(&got, 404, None);
    assert!(
        got.1["error"]
            .as_str()
            .unwrap()
            .contains("nobody@firma.example"),
        "{}",
        got.1
    );
    assert_error(
        &h.get(&format!("/api/accounts/{ANNA}/messages")).await,
        405,
        None,
    );
    h.stop().await;
}

/// Between 2024-06-15 and 2024-09-29 the Admin console no longer offers
/// "Less secure apps" to a domain that did not use it: the API refuses
/// like the console, naming the setting, and changes nothing.
#[tokio::test]
async fn the_2024_window_keeps_less_secure_apps_off() {
    let h = Harness::mode("less-secure-rejected").await;
    let (st, _) = h.patch("/api/policy", json!({"as_of": "2024-07-15"})).await;
    assert_eq!(st, 200);
    let (st, e) = h
        .patch("/api/policy", json!({"less_secure_apps": "enforced"}))
        .await;
    assert_eq!(st, 400, "{e}");
    assert_eq!(e["field"], "less_secure_apps", "{e}");
    assert!(e["error"].as_str().unwrap().contains("2024-06-15"), "{e}");
    let (_, p) = h.get("/api/policy").await;
    assert_eq!(p["less_secure_apps"], "disabled");
    // Other settings still save.
    let (st, _) = h
        .patch("/api/policy", json!({"external_smtp_allowed": true}))
        .await;
    assert_eq!(st, 200);
    h.stop().await;
}
