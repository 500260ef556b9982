//! Bad input gets the documented error: status, `{"error": …}` and the
//! field to blame (docs/openapi.yaml, "Errors").

use reqwest::Method;
use serde_json::json;

use crate::support::{assert_error, Harness, ANNA};

const JSON: Option<&str> = Some("application/json");

#[tokio::test]
async fn content_type_and_syntax() {
    let h = Harness::mode("healthy").await;
    let body = r#"{"email":"a@b.example","password":"x"}"#;
    assert_error(
        &h.raw(Method::POST, "/api/accounts", None, body).await,
        415,
        None,
    );
    assert_error(
        &h.raw(Method::POST, "/api/accounts", Some("text/plain"), body)
            .await,
        415,
        None,
    );
    assert_error(
        &h.raw(
            Method::PATCH,
            "/api/policy",
            Some("application/x-www-form-urlencoded"),
            "a=b",
        )
        .await,
        415,
        None,
    );
    // `+json` types and parameters are JSON too.
    let (st, _) = h
        .raw(
            Method::PATCH,
            "/api/policy",
            Some("application/merge-patch+json; charset=utf-8"),
            "{}",
        )
        .await;
    assert_eq!(st, 200);
    assert_error(
        &h.raw(Method::POST, "/api/accounts", JSON, "{").await,
        400,
        None,
    );
    assert_error(
        &h.raw(Method::POST, "/api/accounts", JSON, "").await,
        400,
        None,
    );
    assert_error(
        &h.raw(Method::PATCH, "/api/policy", JSON, "{} {}").await,
        400,
        None,
    );
    assert_error(
        &h.raw(Method::PATCH, "/api/policy", JSON, "[]").await,
        422,
        None,
    );
    h.stop().await;
}

#[tokio::test]
async fn unknown_fields_wrong_types_missing_fields() {
    let h = Harness::mode("healthy").await;
    let a = format!("/api/accounts/{ANNA}");
    let ap = format!("{a}/app-passwords");
    let cases: Vec<(Method, &str, serde_json::Value, &str)> = vec![
        (
            Method::POST,
            "/api/accounts",
            json!({"email": "a@b.example", "password": "x", "colour": "red"}),
            "colour",
        ),
        (
            Method::POST,
            "/api/accounts",
            json!({"email": 5, "password": "x"}),
            "email",
        ),
        (
            Method::POST,
            "/api/accounts",
            json!({"email": "a@b.example"}),
            "password",
        ),
        (
            Method::POST,
            "/api/accounts",
            json!({"email": "a@b.example", "password": "x", "kind": "business"}),
            "kind",
        ),
        (
            Method::PATCH,
            &a,
            json!({"less_secure_toogle": true}),
            "less_secure_toogle",
        ),
        (
            Method::PATCH,
            &a,
            json!({"two_step_verification": "yes"}),
            "two_step_verification",
        ),
        (
            Method::PATCH,
            &a,
            json!({"max_connections": -1}),
            "max_connections",
        ),
        (
            Method::PATCH,
            "/api/policy",
            json!({"less_secure_apps": "sometimes"}),
            "less_secure_apps",
        ),
        (
            Method::PATCH,
            "/api/policy",
            json!({"imap_pop_disabled_for_all": 1}),
            "imap_pop_disabled_for_all",
        ),
        (
            Method::PATCH,
            "/api/policy",
            json!({"as_of": "2020-13-01"}),
            "as_of",
        ),
        (
            Method::PATCH,
            "/api/policy",
            json!({"propagation": {"kind": "after", "seconds": 60, "x": 1}}),
            "propagation.x",
        ),
        (
            Method::PATCH,
            "/api/policy",
            json!({"propagation": {"kind": "attempts", "count": "two"}}),
            "propagation.count",
        ),
        (
            Method::POST,
            "/api/clock/advance",
            json!({"seconds": -1}),
            "seconds",
        ),
        (Method::POST, "/api/clock/advance", json!({}), "seconds"),
        (
            Method::POST,
            "/api/clock/advance",
            json!({"seconds": 1, "hours": 1}),
            "hours",
        ),
        (
            Method::POST,
            &ap,
            json!({"name": "x", "secret": "abcd"}),
            "secret",
        ),
        (Method::POST, &ap, json!({}), "name"),
        (
            Method::PUT,
            "/api/faults",
            json!([{"kind": "unavailable", "colour": "red"}]),
            "[0].colour",
        ),
        (
            Method::PUT,
            "/api/faults",
            json!([{"kind": "unavailable"}, {"kind": "stall-at"}]),
            "[1]",
        ),
        (
            Method::PUT,
            "/api/faults",
            json!([{"kind": "tls", "problem": "rotten"}]),
            "[0].problem",
        ),
    ];
    for (method, path, body, field) in cases {
        let got = h.call(method, path, Some(body)).await;
        assert_error(&got, 422, Some(field));
    }
    // A fault list must be a list.
    assert_error(
        &h.call(
            Method::PUT,
            "/api/faults",
            Some(json!({"kind": "unavailable"})),
        )
        .await,
        422,
        None,
    );
    // Nothing changed along the way.
    assert!(h.mock.faults().is_empty());
    assert_eq!(h.get("/api/accounts").await.1.as_array().unwrap().len(), 2);
    h.stop().await;
}

#[tokio::test]
async fn refused_values_name_the_field() {
    let h = Harness::mode("healthy").await;
    let a = format!("/api/accounts/{ANNA}");
    for email in [
        "no-at-sign",
        "@firma.example",
        "a b@firma.example",
        "anna@localhost",
    ] {
        let got = h
            .post("/api/accounts", json!({"email": email, "password": "x"}))
            .await;
        assert_error(&got, 400, Some("email"));
    }
    assert_error(
        &h.post(
            "/api/accounts",
            json!({"email": "x@firma.example", "password": ""}),
        )
        .await,
        400,
        Some("password"),
    );
    assert_error(
        &h.patch(&a, json!({"password": ""})).await,
        400,
        Some("password"),
    );
    assert_error(
        &h.post("/api/clock/advance", json!({"seconds": 0})).await,
        400,
        Some("seconds"),
    );
    assert_error(
        &h.post("/api/clock/advance", json!({"seconds": 400_000_000u64}))
            .await,
        400,
        Some("seconds"),
    );
    h.patch(&a, json!({"two_step_verification": true})).await;
    assert_error(
        &h.post(&format!("{a}/app-passwords"), json!({"name": "  "}))
            .await,
        400,
        Some("name"),
    );
    assert_error(
        &h.post(
            &format!("{a}/app-passwords"),
            json!({"name": "x".repeat(101)}),
        )
        .await,
        400,
        Some("name"),
    );
    assert_error(&h.get("/api/messages/abc").await, 400, Some("id"));
    assert_error(&h.get("/api/transcripts/-1").await, 400, Some("id"));
    assert_error(&h.get("/api/messages/1/raw").await, 404, None);
    h.stop().await;
}

#[tokio::test]
async fn unknown_things_conflicts_and_methods() {
    let h = Harness::mode("healthy").await;
    let nobody = "/api/accounts/nobody@firma.example";
    assert_error(&h.get(nobody).await, 404, None);
    assert_error(
        &h.patch(nobody, json!({"suspended": true})).await,
        404,
        None,
    );
    assert_error(
        &h.post(&format!("{nobody}/app-passwords"), json!({"name": "x"}))
            .await,
        404,
        None,
    );
    assert_error(
        &h.call(Method::DELETE, &format!("{nobody}/app-passwords/x"), None)
            .await,
        404,
        None,
    );
    assert_error(
        &h.call(
            Method::DELETE,
            &format!("/api/accounts/{ANNA}/app-passwords/none"),
            None,
        )
        .await,
        404,
        None,
    );
    assert_error(&h.get("/api/messages/99").await, 404, None);
    assert_error(&h.get("/api/transcripts/99").await, 404, None);
    assert_error(&h.get("/api/nothing").await, 404, None);
    assert_error(
        &h.post(
            "/api/accounts",
            json!({"email": ANNA.to_uppercase(), "password": "x"}),
        )
        .await,
        409,
        None,
    );
    assert_error(
        &h.post(
            &format!("/api/accounts/{ANNA}/app-passwords"),
            json!({"name": "x"}),
        )
        .await,
        409,
        None,
    );
    assert_error(
        &h.call(Method::DELETE, "/api/policy", None).await,
        405,
        None,
    );
    assert_error(
        &h.call(Method::PUT, "/api/accounts", Some(json!({}))).await,
        405,
        None,
    );
    assert_error(&h.call(Method::GET, "/api/reset", None).await, 405, None);
    h.stop().await;
}
