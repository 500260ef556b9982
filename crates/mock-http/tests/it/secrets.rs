//! The API returns fixture secrets on purpose, but never logs them: every
//! log line of a session that creates accounts, generates app passwords
//! and signs in is checked for the secrets.

use std::io::Write;
use std::sync::{Arc, Mutex};

use serde_json::json;

use crate::support::{send_mail, CrmImap, Harness, ANNA, ANNA_PASSWORD};

#[derive(Clone, Default)]
struct Buf(Arc<Mutex<Vec<u8>>>);

impl Write for Buf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Current-thread runtime: every task of the mock and the HTTP server
/// runs on this thread, under this thread's subscriber.
#[tokio::test(flavor = "current_thread")]
async fn no_secret_reaches_the_logs() {
    let buf = Buf::default();
    let sink = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || sink.clone())
        .finish();
    // While exactly one dispatcher exists, tracing-core decides a call
    // site's interest with the default of whichever thread reaches it
    // first, and caches it for every thread: a server log line first
    // reached by another test's thread (no subscriber) stayed silent here
    // too. With a second dispatcher registered it asks all of them, so
    // this test's subscriber is always heard. Registered before ours, so
    // ours rebuilds every call site's interest when it arrives.
    let _second = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    let _guard = tracing::subscriber::set_default(subscriber);

    let h = Harness::mode("healthy").await;
    let new_pw = "Fixture-Secret-4711";
    h.post(
        "/api/accounts",
        json!({"email": "crm@firma.example", "password": new_pw, "two_step_verification": true}),
    )
    .await;
    let (_, gen) = h
        .post(
            "/api/accounts/crm@firma.example/app-passwords",
            json!({"name": "CRM"}),
        )
        .await;
    let app_pw = gen["password"].as_str().unwrap().to_owned();
    h.form(
        "/console/accounts/crm@firma.example/app-passwords",
        &[("name", "CRM 2")],
    )
    .await;
    h.form(
        "/console/accounts",
        &[
            ("email", "form@firma.example"),
            ("password", "Form-Secret-0815"),
        ],
    )
    .await;
    h.patch(
        &format!("/api/accounts/{ANNA}"),
        json!({"password": "Changed-Secret-99"}),
    )
    .await;
    CrmImap::for_mock(&h.mock, "crm@firma.example", &app_pw)
        .login()
        .await
        .unwrap();
    send_mail(&h.mock, ANNA, "Changed-Secret-99", ANNA, "x", "y").await;
    h.get("/api/accounts").await;
    h.page("/").await;
    h.stop().await;

    let logs = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("/api/accounts"),
        "the HTTP server logged nothing: {logs}"
    );
    for secret in [
        new_pw,
        app_pw.as_str(),
        &app_pw.replace(' ', ""),
        "Form-Secret-0815",
        "Changed-Secret-99",
        ANNA_PASSWORD,
    ] {
        assert!(!logs.contains(secret), "{secret:?} was logged:\n{logs}");
    }
}
