//! The point of the API: a CRM already configured against the mock fails
//! to sign in; the admin's setting changes over HTTP; the same CRM, with
//! the same settings, signs in — on its next connection and even on the
//! connection whose login just failed.

use serde_json::json;

use crate::support::{CrmImap, Harness, ANNA, ANNA_PASSWORD};

#[tokio::test]
async fn allowing_less_secure_apps_turns_a_failing_login_into_a_success() {
    let h = Harness::mode("less-secure-rejected").await;
    let crm = CrmImap::for_mock(&h.mock, ANNA, ANNA_PASSWORD);

    // A fresh connection fails with Gmail's text.
    let e = crm.login().await.unwrap_err();
    assert!(e.contains("Please log in via your web browser"), "{e}");

    // The same connection: fail, the admin saves the setting, retry.
    let (tx_failed, rx_failed) = tokio::sync::oneshot::channel::<String>();
    let (tx_fixed, rx_fixed) = std::sync::mpsc::channel::<()>();
    let retry = {
        let crm = crm.clone();
        tokio::task::spawn_blocking(move || {
            let client = crm.connect();
            let (e, client) = match client.login(&crm.user, &crm.password) {
                Ok(_) => panic!("the first login must fail"),
                Err(x) => x,
            };
            tx_failed.send(e.to_string()).unwrap();
            rx_fixed.recv().unwrap();
            let mut s = client
                .login(&crm.user, &crm.password)
                .map_err(|(e, _)| e.to_string())?;
            let mb = s.select("INBOX").map_err(|e| e.to_string())?;
            s.logout().map_err(|e| e.to_string())?;
            Ok::<u32, String>(mb.exists)
        })
    };
    let first = rx_failed.await.unwrap();
    assert!(
        first.contains("Please log in via your web browser"),
        "{first}"
    );
    let (st, p) = h
        .patch("/api/policy", json!({"less_secure_apps": "enforced"}))
        .await;
    assert_eq!(st, 200, "{p}");
    assert_eq!(p["effective"]["less_secure_apps"], "enforced");
    tx_fixed.send(()).unwrap();
    assert_eq!(retry.await.unwrap(), Ok(0));

    // And every new connection after it.
    crm.login().await.unwrap();
    let (_, a) = h.get(&format!("/api/accounts/{ANNA}")).await;
    assert_eq!(a["password_sign_in"]["imap"]["allowed"], true);
    h.stop().await;
}

#[tokio::test]
async fn user_managed_needs_the_users_switch_and_propagation_is_honoured() {
    let h = Harness::mode("less-secure-rejected").await;
    let crm = CrmImap::for_mock(&h.mock, ANNA, ANNA_PASSWORD);
    // Google: "changes may take up to 24 hours" — here, one attempt.
    h.patch(
        "/api/policy",
        json!({"propagation": {"kind": "attempts", "count": 1}}),
    )
    .await;
    h.patch("/api/policy", json!({"less_secure_apps": "user-managed"}))
        .await;
    h.patch(
        &format!("/api/accounts/{ANNA}"),
        json!({"less_secure_toggle": true}),
    )
    .await;
    assert!(crm
        .login()
        .await
        .unwrap_err()
        .contains("log in via your web browser"));
    crm.login().await.unwrap();
    // The user's own switch decides now.
    h.patch(
        &format!("/api/accounts/{ANNA}"),
        json!({"less_secure_toggle": false}),
    )
    .await;
    assert!(crm
        .login()
        .await
        .unwrap_err()
        .contains("log in via your web browser"));
    h.stop().await;
}

#[tokio::test]
async fn enabling_imap_for_the_domain() {
    let h = Harness::mode("imap-disabled").await;
    let crm = CrmImap::for_mock(&h.mock, ANNA, ANNA_PASSWORD);
    assert!(crm
        .login()
        .await
        .unwrap_err()
        .contains("IMAP access is disabled for your domain"));
    h.patch("/api/policy", json!({"imap_pop_disabled_for_all": false}))
        .await;
    crm.login().await.unwrap();
    h.stop().await;
}
