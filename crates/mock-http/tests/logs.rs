//! The API returns fixture secrets on purpose, but never logs them: every
//! log line of a session that creates accounts, generates app passwords
//! and signs in is checked for the secrets.
//!
//! This test reads tracing's output, and tracing keeps process-wide state
//! (the callsite-interest cache and the global max level), so it lives in a
//! binary of its own: no other test can reach the same callsites first and
//! leave them cached as "never". Within the binary it still does not lean
//! on that: the subscriber is installed with `dispatcher::with_default`
//! around a runtime of its own, the interest cache is rebuilt after it is
//! installed, and every task of the mock and the HTTP server runs on that
//! one thread (a current-thread runtime), under that subscriber.

#[path = "it/support.rs"]
mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use serde_json::json;

use support::{send_mail, CrmImap, Harness, ANNA, ANNA_PASSWORD};

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

/// Runs `work` on a current-thread runtime of its own inside this test's
/// own subscriber (every task of the mock and the HTTP server runs on that
/// thread), with the callsite-interest cache rebuilt once the subscriber is
/// in place; returns what `work` returned and everything logged at TRACE.
fn logged<T, F: std::future::Future<Output = T>>(work: impl FnOnce() -> F) -> (T, String) {
    let buf = Buf::default();
    let sink = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || sink.clone())
        .finish();
    let dispatch = tracing::Dispatch::new(subscriber);
    tracing::dispatcher::with_default(&dispatch, || {
        tracing::callsite::rebuild_interest_cache();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a current-thread runtime");
        let out = rt.block_on(work());
        drop(rt);
        let logs = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
        (out, logs)
    })
}

#[test]
fn no_secret_reaches_the_logs() {
    let (app_pw, logs) = logged(exercise_the_api);
    assert!(
        logs.contains("/api/accounts"),
        "the HTTP server logged nothing: {logs}"
    );
    for secret in [
        NEW_PASSWORD,
        app_pw.as_str(),
        &app_pw.replace(' ', ""),
        "Form-Secret-0815",
        "Changed-Secret-99",
        ANNA_PASSWORD,
    ] {
        assert!(!logs.contains(secret), "{secret:?} was logged:\n{logs}");
    }
}

const NEW_PASSWORD: &str = "Fixture-Secret-4711";

/// Creates accounts, generates app passwords (API and console), changes a
/// password, signs in and sends; returns the generated app password.
async fn exercise_the_api() -> String {
    let h = Harness::mode("healthy").await;
    let new_pw = NEW_PASSWORD;
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
    app_pw
}

/// Basic-auth credentials, right or wrong, are never logged; the refusals
/// are (status=401).
#[test]
fn http_auth_credentials_never_reach_the_logs() {
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine as _;
    let password = "Auth-Secret-0815";
    let ((), logs) = logged(|| async move {
        let creds =
            mock_http::Credentials::parse(&gmail_wire::Secret::new(format!("dev:{password}")))
                .unwrap();
        let h = support::Harness::start_with(
            mock_gmail::MockGmail::builder().mode("healthy"),
            mock_http::Access::default().credentials(creds),
        )
        .await;
        for user_pass in ["dev:Auth-Secret-0816".to_owned(), format!("dev:{password}")] {
            let head = format!(
                "GET /api/accounts HTTP/1.1\r\nHost: {}\r\nAuthorization: Basic {}",
                h.addr,
                STANDARD.encode(user_pass)
            );
            h.wire(&head, "").await;
        }
        h.stop().await;
    });
    assert!(logs.contains("status=401"), "requests are logged: {logs}");
    for secret in [
        password.to_owned(),
        STANDARD.encode(format!("dev:{password}")),
        "Auth-Secret-0816".to_owned(),
        STANDARD.encode("dev:Auth-Secret-0816"),
    ] {
        assert!(!logs.contains(&secret), "{secret} in the logs:\n{logs}");
    }
}
