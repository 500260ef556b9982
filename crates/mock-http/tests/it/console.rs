//! The console over plain HTTP: pages show the state with the article's
//! names, forms change it and redirect back, everything is escaped.
//! (`browser` drives the same pages in a real Chromium.)

use reqwest::Method;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::{send_mail, CrmImap, Harness, ANNA, ANNA_PASSWORD};

#[tokio::test]
async fn overview_shows_policy_and_accounts_with_the_articles_names() {
    let h = Harness::mode("less-secure-rejected").await;
    let (st, html) = h.page("/").await;
    assert_eq!(st, 200);
    for text in [
        "Disable POP and IMAP access for all users",
        "Less secure apps",
        "Disable access to less secure apps for all users",
        "Allow users to manage their access to less secure apps",
        "Enforce access to less secure apps for all users",
        "Allow per-user outbound gateways",
        "Allow users to send mail through an external SMTP server when configuring a 'from' address hosted outside your email domains",
        "Apps › G Suite › Gmail › ",
        "2-Step Verification",
        "Less secure app access",
        "App passwords",
        "Turn on access (not recommended)",
        "IMAP access",
        ANNA,
        "jan.kowalski@gmail.com",
        ANNA_PASSWORD,
        "refused: web-login-required",
        &h.mock.imaps_addr().to_string(),
    ] {
        assert!(html.contains(text), "missing {text:?}");
    }
    assert!(
        html.contains(
            r#"id="lsa-disabled" type="radio" name="less_secure_apps" value="disabled" checked"#
        ),
        "{html}"
    );
    assert!(!html.contains(r#"value="enforced" checked"#));
    let res = h.http.get(h.url("/console.css")).send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "text/css; charset=utf-8");
    // After the rename the menu path says Google Workspace.
    h.patch("/api/policy", json!({"as_of": "2021-03-01"})).await;
    assert!(h
        .page("/")
        .await
        .1
        .contains("Apps › Google Workspace › Gmail › "));
    h.stop().await;
}

#[tokio::test]
async fn policy_forms_change_the_mock_and_redirect_back() {
    let h = Harness::mode("less-secure-rejected").await;
    let crm = CrmImap::for_mock(&h.mock, ANNA, ANNA_PASSWORD);
    assert!(crm.login().await.is_err());
    let (st, loc) = h
        .form(
            "/console/policy/less-secure-apps",
            &[("less_secure_apps", "enforced")],
        )
        .await;
    assert_eq!((st.as_u16(), loc.as_str()), (303, "/#policy"));
    assert_eq!(h.get("/api/policy").await.1["less_secure_apps"], "enforced");
    crm.login().await.unwrap();
    // An unchecked box is absent from the form.
    let (st, _) = h
        .form(
            "/console/policy/gmail",
            &[("imap_pop_disabled_for_all", "on")],
        )
        .await;
    assert_eq!(st, 303);
    let p = h.get("/api/policy").await.1;
    assert_eq!(
        (
            p["imap_pop_disabled_for_all"].as_bool(),
            p["external_smtp_allowed"].as_bool()
        ),
        (Some(true), Some(false))
    );
    assert!(h
        .page("/")
        .await
        .1
        .contains(r#"name="imap_pop_disabled_for_all" value="on" checked"#));
    h.form("/console/policy/gmail", &[("external_smtp_allowed", "on")])
        .await;
    let p = h.get("/api/policy").await.1;
    assert_eq!(
        (
            p["imap_pop_disabled_for_all"].as_bool(),
            p["external_smtp_allowed"].as_bool()
        ),
        (Some(false), Some(true))
    );
    // Bad form input is an HTML error page with the API's message.
    let (st, body) = h
        .form(
            "/console/policy/less-secure-apps",
            &[("less_secure_apps", "sometimes")],
        )
        .await;
    assert_eq!(st, 400);
    assert!(
        body.contains("<!DOCTYPE html>") && body.contains("sometimes"),
        "{body}"
    );
    // Propagation is shown while a change is on its way.
    h.patch(
        "/api/policy",
        json!({"propagation": {"kind": "after", "seconds": 7200}}),
    )
    .await;
    h.form(
        "/console/policy/less-secure-apps",
        &[("less_secure_apps", "disabled")],
    )
    .await;
    let html = h.page("/").await.1;
    assert!(
        html.contains("after 2 h on the mock") && html.contains("still propagating"),
        "{html}"
    );
    let (st, _) = h.form("/console/clock", &[("hours", "2")]).await;
    assert_eq!(st, 303);
    assert!(!h.page("/").await.1.contains("still propagating"));
    assert_eq!(h.form("/console/clock", &[("hours", "0")]).await.0, 400);
    assert_eq!(h.form("/console/clock", &[("hours", "soon")]).await.0, 400);
    h.stop().await;
}

#[tokio::test]
async fn account_switches_app_passwords_and_new_accounts() {
    let h = Harness::mode("less-secure-rejected").await;
    let settings = format!("/console/accounts/{ANNA}/settings");
    for (setting, value) in [
        ("less_secure_toggle", "on"),
        ("imap_enabled", "off"),
        ("suspended", "on"),
        ("throttled", "on"),
        ("other_clients_connected", "4"),
        ("max_connections", "9"),
    ] {
        let (st, loc) = h
            .form(&settings, &[("setting", setting), ("value", value)])
            .await;
        assert_eq!(
            (st.as_u16(), loc.as_str()),
            (303, format!("/#acct-{ANNA}").as_str()),
            "{setting}"
        );
    }
    let a = h.mock.account(ANNA).unwrap();
    assert!(a.less_secure_toggle && !a.imap_enabled && a.suspended && a.throttled);
    assert_eq!((a.other_clients_connected, a.max_connections), (4, 9));
    assert_eq!(
        h.form(&settings, &[("setting", "colour"), ("value", "on")])
            .await
            .0,
        400
    );
    assert_eq!(
        h.form(&settings, &[("setting", "suspended"), ("value", "maybe")])
            .await
            .0,
        400
    );
    assert_eq!(
        h.form(
            "/console/accounts/nobody@x.example/settings",
            &[("setting", "suspended"), ("value", "on")]
        )
        .await
        .0,
        404
    );

    // App passwords: hidden until 2-Step Verification is on.
    let gen = format!("/console/accounts/{ANNA}/app-passwords");
    assert_eq!(h.form(&gen, &[("name", "CRM")]).await.0, 409);
    assert!(h
        .page("/")
        .await
        .1
        .contains("App passwords appear once 2-Step Verification is on"));
    h.form(
        &settings,
        &[("setting", "two_step_verification"), ("value", "on")],
    )
    .await;
    let (st, page) = h.form(&gen, &[("name", "Livespace <CRM>")]).await;
    assert_eq!(st, 200);
    let start = page
        .find(r#"id="generated-app-password">"#)
        .expect("the password is shown")
        + 28;
    let secret = &page[start..start + 19];
    assert!(
        h.mock.account(ANNA).unwrap().is_app_password(secret),
        "{secret}"
    );
    assert!(page.contains("Livespace &lt;CRM&gt;"));
    // Shown once: the overview lists the name only.
    let html = h.page("/").await.1;
    assert!(html.contains("Livespace &lt;CRM&gt;") && !html.contains(secret));
    let (st, _) = h
        .form(&format!("{gen}/revoke"), &[("name", "Livespace <CRM>")])
        .await;
    assert_eq!(st, 303);
    assert!(h.mock.account(ANNA).unwrap().app_passwords.is_empty());
    assert_eq!(
        h.form(&format!("{gen}/revoke"), &[("name", "Livespace <CRM>")])
            .await
            .0,
        404
    );

    // New accounts.
    let (st, loc) = h
        .form(
            "/console/accounts",
            &[("email", "crm@firma.example"), ("password", "pw-1")],
        )
        .await;
    assert_eq!(
        (st.as_u16(), loc.as_str()),
        (303, "/#acct-crm@firma.example")
    );
    assert!(h.mock.account("crm@firma.example").is_some());
    assert_eq!(
        h.form(
            "/console/accounts",
            &[("email", "crm@firma.example"), ("password", "pw")]
        )
        .await
        .0,
        409
    );
    assert_eq!(
        h.form(
            "/console/accounts",
            &[("email", "nope"), ("password", "pw")]
        )
        .await
        .0,
        400
    );
    assert_eq!(
        h.form("/console/accounts", &[("email", "x@y.example")])
            .await
            .0,
        400
    );

    // Reset.
    let (st, loc) = h.form("/console/reset", &[]).await;
    assert_eq!((st.as_u16(), loc.as_str()), (303, "/"));
    assert!(h.mock.account("crm@firma.example").is_none());
    assert!(!h.mock.account(ANNA).unwrap().suspended);
    h.stop().await;
}

#[tokio::test]
async fn messages_and_transcripts_pages() {
    let h = Harness::mode("healthy").await;
    assert!(h.page("/messages").await.1.contains("Nothing sent yet."));
    assert!(h
        .page("/transcripts")
        .await
        .1
        .contains("No connections yet."));
    send_mail(
        &h.mock,
        ANNA,
        ANNA_PASSWORD,
        "klient@example.com",
        "Umowa <b>nr 7</b>",
        "Treść & załącznik\n",
    )
    .await;
    let list = h.page("/messages").await.1;
    assert!(
        list.contains("Umowa &lt;b&gt;nr 7&lt;/b&gt;") && !list.contains("<b>nr 7"),
        "{list}"
    );
    assert!(list.contains(r#"href="/messages/1""#));
    let one = h.page("/messages/1").await.1;
    assert!(
        one.contains("klient@example.com")
            && one.contains("Treść &amp; załącznik")
            && one.contains("/api/messages/1/raw"),
        "{one}"
    );
    assert!(one.contains(r#"id="raw""#) && one.contains("Subject: "));
    assert_eq!(h.page("/messages/2").await.0, 404);
    assert_eq!(h.page("/messages/two").await.0, 400);

    let ts = h.page("/transcripts").await.1;
    assert!(
        ts.contains("smtps") && ts.contains("Accepted") || ts.contains("OK"),
        "{ts}"
    );
    let id = h.mock.transcripts()[0].id;
    let t = h.page(&format!("/transcripts/{id}")).await.1;
    assert!(
        t.contains("AUTH PLAIN [REDACTED]") || t.contains("[REDACTED]"),
        "{t}"
    );
    assert!(!t.contains(ANNA_PASSWORD));
    assert_eq!(h.page("/transcripts/999").await.0, 404);
    assert!(h
        .page("/transcripts?refresh=3")
        .await
        .1
        .contains(r#"http-equiv="refresh" content="3""#));
    h.stop().await;
}

#[tokio::test]
async fn everything_a_client_sends_is_escaped() {
    let h = Harness::mode("healthy").await;
    // An address is only checked for shape, so markup fits in one.
    let (st, _) = h.post("/api/accounts", json!({"email": "<script>alert(1)</script>@x.example", "password": "\"><img src=x onerror=alert(2)>"})).await;
    assert_eq!(st, 201);
    // A client line that does not parse is recorded as sent (redacted).
    let mut tcp = tokio::net::TcpStream::connect(h.mock.imap_addr())
        .await
        .unwrap();
    let mut buf = vec![0u8; 512];
    let _ = tcp.read(&mut buf).await.unwrap();
    tcp.write_all(b"a1 <img src=x onerror=alert(3)>\r\na2 LOGOUT\r\n")
        .await
        .unwrap();
    let _ = tcp.read(&mut buf).await;
    drop(tcp);
    for path in ["/", "/transcripts"] {
        let html = h.page(path).await.1;
        assert!(
            !html.contains("<script>alert") && !html.contains("<img src=x"),
            "{path}: {html}"
        );
    }
    let html = h.page("/").await.1;
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;@x.example"));
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"));
    // Links and form actions carry the address percent-encoded.
    assert!(html
        .contains("/console/accounts/%3Cscript%3Ealert%281%29%3C%2Fscript%3E@x.example/settings"));
    let t = h.mock.transcripts().last().unwrap().id;
    let page = h.page(&format!("/transcripts/{t}")).await.1;
    assert!(
        page.contains("&lt;img src=x onerror=alert(3)&gt;"),
        "{page}"
    );
    // Unknown console paths are an HTML 404; unknown API paths JSON.
    let (st, body) = h.page("/nothing/here").await;
    assert_eq!(st, 404);
    assert!(body.contains("no route GET /nothing/here"));
    let (st, v) = h.call(Method::GET, "/api/nothing", None).await;
    assert_eq!((st.as_u16(), v["error"].as_str().is_some()), (404, true));
    h.stop().await;
}
