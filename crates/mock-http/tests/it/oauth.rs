//! Google's OAuth endpoints on the HTTP port, driven over real HTTP the way
//! a CRM's backend calls them (form-encoded POSTs with reqwest; the
//! `oauth2` crate was left out: it pulls reqwest 0.12 beside the
//! workspace's 0.13), then the access token used with XOAUTH2 on IMAPS
//! (the `imap` crate) and SMTPS (lettre).

use std::cell::RefCell;

use mock_gmail::model::oauth::{AppAccess, PkceMethod, MAIL_SCOPE};
use mock_gmail::model::preset::*;
use mock_gmail::{ConsentRequest, MockGmail};
use mock_http::{Access, Credentials};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::support::{CrmImap, Harness, ANNA};

const CHALLENGE: &str = r#"{"status":"400","schemes":"Bearer","scope":"https://mail.google.com/"}"#;

/// A form POST; the status and the JSON answer.
async fn form(h: &Harness, path: &str, fields: &[(&str, &str)]) -> (StatusCode, Value) {
    let res = h.http.post(h.url(path)).form(fields).send().await.unwrap();
    let status = res.status();
    assert_eq!(
        res.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store"),
        "{path}: tokens are never cached"
    );
    (
        status,
        serde_json::from_str(&res.text().await.unwrap()).unwrap(),
    )
}

async fn refresh(h: &Harness, refresh_token: &str) -> (StatusCode, Value) {
    form(
        h,
        "/token",
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
            ("client_id", OAUTH_CLIENT_ID),
            ("client_secret", OAUTH_CLIENT_SECRET),
        ],
    )
    .await
}

fn invalid_grant() -> (StatusCode, Value) {
    (
        StatusCode::BAD_REQUEST,
        json!({"error": "invalid_grant", "error_description": "Token has been expired or revoked."}),
    )
}

/// XOAUTH2 with the `imap` crate: `Ok` or the NO text, and the decoded
/// challenges the server sent.
async fn imap_xoauth2(h: &Harness, token: &str) -> (Result<(), String>, Vec<String>) {
    struct Bearer {
        token: String,
        seen: RefCell<Vec<String>>,
    }
    impl imap::Authenticator for Bearer {
        type Response = String;
        fn process(&self, challenge: &[u8]) -> String {
            self.seen
                .borrow_mut()
                .push(String::from_utf8_lossy(challenge).into_owned());
            if challenge.is_empty() {
                format!("user={ANNA}\x01auth=Bearer {}\x01\x01", self.token)
            } else {
                String::new()
            }
        }
    }
    let crm = CrmImap::for_mock(&h.mock, ANNA, "");
    let token = token.to_owned();
    tokio::task::spawn_blocking(move || {
        let auth = Bearer {
            token,
            seen: RefCell::default(),
        };
        let r = match crm.connect().authenticate("XOAUTH2", &auth) {
            Ok(mut s) => {
                s.select("INBOX").unwrap();
                let _ = s.logout();
                Ok(())
            }
            Err((e, _)) => Err(e.to_string()),
        };
        (r, auth.seen.into_inner())
    })
    .await
    .unwrap()
}

/// lettre with `Mechanism::Xoauth2` on SMTPS: whether AUTH succeeded.
async fn smtp_xoauth2(h: &Harness, token: &str) -> bool {
    use lettre::transport::smtp::authentication::{Credentials, Mechanism};
    use lettre::transport::smtp::client::{Certificate, CertificateStore, Tls, TlsParameters};
    let params = TlsParameters::builder("localhost".to_owned())
        .certificate_store(CertificateStore::None)
        .add_root_certificate(Certificate::from_pem(h.mock.ca_pem().as_bytes()).unwrap())
        .build_rustls()
        .unwrap();
    let t: lettre::AsyncSmtpTransport<lettre::Tokio1Executor> =
        lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::builder_dangerous("localhost")
            .port(h.mock.smtps_addr().port())
            .tls(Tls::Wrapper(params))
            .credentials(Credentials::new(ANNA.to_owned(), token.to_owned()))
            .authentication(vec![Mechanism::Xoauth2])
            .timeout(Some(crate::support::TIMEOUT))
            .build();
    t.test_connection().await.unwrap_or(false)
}

#[tokio::test]
async fn refresh_then_xoauth2_on_imaps_and_smtps_until_the_token_expires() {
    let h = Harness::mode("healthy").await;
    let (status, body) = refresh(&h, WORKSPACE_REFRESH_TOKEN).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["access_token", "expires_in", "scope", "token_type"]);
    assert_eq!(
        (&body["expires_in"], &body["scope"], &body["token_type"]),
        (&json!(3599), &json!(MAIL_SCOPE), &json!("Bearer"))
    );
    let access = body["access_token"].as_str().unwrap().to_owned();
    assert!(access.starts_with("ya29."));

    let (r, _) = imap_xoauth2(&h, &access).await;
    assert_eq!(r, Ok(()));
    assert!(smtp_xoauth2(&h, &access).await, "XOAUTH2 on SMTPS");

    let res = h
        .http
        .get(h.url(&format!("/tokeninfo?access_token={access}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let info: Value = res.json().await.unwrap();
    assert_eq!(
        (&info["azp"], &info["aud"], &info["scope"], &info["email"]),
        (
            &json!(OAUTH_CLIENT_ID),
            &json!(OAUTH_CLIENT_ID),
            &json!(MAIL_SCOPE),
            &json!(ANNA)
        )
    );
    // Seconds left, as a string like Google's (real time passes between
    // the refresh and this request, so only the bounds are fixed).
    let left: u64 = info["expires_in"].as_str().unwrap().parse().unwrap();
    assert!((1..=3599).contains(&left), "{info}");

    // An hour on the mock's clock: the token is dead everywhere.
    let (s, _) = h.post("/api/clock/advance", json!({"seconds": 3599})).await;
    assert_eq!(s, StatusCode::OK);
    let (r, seen) = imap_xoauth2(&h, &access).await;
    assert!(
        r.as_ref()
            .is_err_and(|e| e.contains("[AUTHENTICATIONFAILED] Invalid credentials")),
        "{r:?}"
    );
    assert_eq!(
        seen,
        ["", CHALLENGE],
        "the payload, then Gmail's JSON challenge"
    );
    assert!(!smtp_xoauth2(&h, &access).await, "expired on SMTPS");
    let res = h
        .http
        .get(h.url(&format!("/tokeninfo?access_token={access}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        res.json::<Value>().await.unwrap(),
        json!({"error_description": "Invalid Value"})
    );
    h.stop().await;
}

#[tokio::test]
async fn client_credentials_by_basic_auth_and_wrong_secret() {
    let h = Harness::mode("healthy").await;
    let post = |secret: &'static str| {
        h.http
            .post(h.url("/token"))
            .basic_auth(OAUTH_CLIENT_ID, Some(secret))
            .form(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", WORKSPACE_REFRESH_TOKEN),
            ])
            .send()
    };
    let ok = post(OAUTH_CLIENT_SECRET).await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    let bad = post("GOCSPX-wrong").await.unwrap();
    assert_eq!(bad.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        bad.json::<Value>().await.unwrap(),
        json!({"error": "invalid_client", "error_description": "The OAuth client was not found."})
    );
    // Google's request errors.
    let (s, b) = form(&h, "/token", &[("grant_type", "password")]).await;
    assert_eq!(
        (s, &b["error"]),
        (StatusCode::BAD_REQUEST, &json!("invalid_request"))
    );
    let (s, b) = form(
        &h,
        "/token",
        &[
            ("grant_type", "password"),
            ("client_id", OAUTH_CLIENT_ID),
            ("client_secret", OAUTH_CLIENT_SECRET),
        ],
    )
    .await;
    assert_eq!(
        (s, b),
        (
            StatusCode::BAD_REQUEST,
            json!({"error": "unsupported_grant_type", "error_description": "Invalid grant_type: password"})
        )
    );
    h.stop().await;
}

#[tokio::test]
async fn password_change_through_the_api_and_revoke_give_invalid_grant() {
    let h = Harness::mode("healthy").await;
    assert_eq!(refresh(&h, WORKSPACE_REFRESH_TOKEN).await.0, StatusCode::OK);
    let (s, _) = h
        .patch(
            &format!("/api/accounts/{ANNA}"),
            json!({"password": "Jesien-2026"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(refresh(&h, WORKSPACE_REFRESH_TOKEN).await, invalid_grant());

    // The user's other grant: /revoke, then it is dead, and a second
    // revoke is Google's invalid_token.
    assert_eq!(refresh(&h, CONSUMER_REFRESH_TOKEN).await.0, StatusCode::OK);
    let (s, b) = form(&h, "/revoke", &[("token", CONSUMER_REFRESH_TOKEN)]).await;
    assert_eq!((s, b), (StatusCode::OK, json!({})));
    assert_eq!(refresh(&h, CONSUMER_REFRESH_TOKEN).await, invalid_grant());
    let (s, b) = form(&h, "/revoke", &[("token", CONSUMER_REFRESH_TOKEN)]).await;
    assert_eq!(
        (s, b),
        (
            StatusCode::BAD_REQUEST,
            json!({"error": "invalid_token", "error_description": "Token expired or revoked"})
        )
    );
    h.stop().await;
}

#[tokio::test]
async fn a_blocked_client_gets_admin_policy_enforced_for_workspace_accounts() {
    let mut policy = mock_gmail::model::preset("healthy").unwrap().policy;
    policy
        .api_controls
        .apps
        .insert(OAUTH_CLIENT_ID.to_owned(), AppAccess::Blocked);
    let h = Harness::start(MockGmail::builder().mode("healthy").policy(policy)).await;
    assert_eq!(
        refresh(&h, WORKSPACE_REFRESH_TOKEN).await,
        (
            StatusCode::BAD_REQUEST,
            json!({
                "error": "admin_policy_enforced",
                "error_description": "Access to your account data is restricted by policies within your organization."
            })
        )
    );
    assert_eq!(refresh(&h, CONSUMER_REFRESH_TOKEN).await.0, StatusCode::OK);
    h.stop().await;
}

#[tokio::test]
async fn code_exchange_with_pkce() {
    let h = Harness::mode("healthy").await;
    // RFC 7636 Appendix B's pair.
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    let redirect = OAUTH_REDIRECT_URIS[0];
    let consent = || ConsentRequest {
        client_id: OAUTH_CLIENT_ID.to_owned(),
        redirect_uri: redirect.to_owned(),
        email: ANNA.to_owned(),
        scopes: vec![MAIL_SCOPE.to_owned()],
        code_challenge: Some((challenge.to_owned(), PkceMethod::S256)),
    };
    let exchange = |code: String, v: &'static str| {
        let h = &h;
        async move {
            form(
                h,
                "/token",
                &[
                    ("grant_type", "authorization_code"),
                    ("code", &code),
                    ("redirect_uri", redirect),
                    ("code_verifier", v),
                    ("client_id", OAUTH_CLIENT_ID),
                    ("client_secret", OAUTH_CLIENT_SECRET),
                ],
            )
            .await
        }
    };
    let code = h.mock.oauth_authorize(consent()).unwrap().unwrap();
    let (s, b) = exchange(code, "not-the-verifier").await;
    assert_eq!(
        (s, b),
        (
            StatusCode::BAD_REQUEST,
            json!({"error": "invalid_grant", "error_description": "Invalid code verifier."})
        )
    );
    let code = h.mock.oauth_authorize(consent()).unwrap().unwrap();
    let (s, b) = exchange(code.clone(), verifier).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let rt = b["refresh_token"].as_str().unwrap().to_owned();
    assert!(rt.starts_with("1//"));
    let (r, _) = imap_xoauth2(&h, b["access_token"].as_str().unwrap()).await;
    assert_eq!(r, Ok(()));
    // The new refresh token works; the code is spent.
    assert_eq!(refresh(&h, &rt).await.0, StatusCode::OK);
    let (s, b) = exchange(code, verifier).await;
    assert_eq!(
        (s, &b["error_description"]),
        (StatusCode::BAD_REQUEST, &json!("Malformed auth code."))
    );
    h.stop().await;
}

#[tokio::test]
async fn token_endpoints_work_behind_http_auth_while_the_api_stays_protected() {
    let creds = Credentials::parse(&gmail_wire::Secret::new("dev:pw".to_owned())).unwrap();
    let h = Harness::start_with(
        MockGmail::builder().mode("healthy"),
        Access::default().credentials(creds),
    )
    .await;
    let (s, _) = h.get("/api/server").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, b) = refresh(&h, WORKSPACE_REFRESH_TOKEN).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    // The client's own Basic credentials are the client's, not the
    // server's.
    let res = h
        .http
        .post(h.url("/token"))
        .basic_auth(OAUTH_CLIENT_ID, Some(OAUTH_CLIENT_SECRET))
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", WORKSPACE_REFRESH_TOKEN),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let access = b["access_token"].as_str().unwrap();
    let res = h
        .http
        .get(h.url(&format!("/tokeninfo?access_token={access}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (s, _) = form(&h, "/revoke", &[("token", access)]).await;
    assert_eq!(s, StatusCode::OK);
    // The Host check still applies.
    let res = h
        .http
        .post(h.url("/token"))
        .header("host", "evil.example")
        .form(&[("grant_type", "refresh_token")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    h.stop().await;
}

/// The consent page, driven as a browser would (GET the chooser, POST the
/// choice), then the code exchanged at `/token` with PKCE and the access
/// token used on IMAPS: the whole authorization-code flow over HTTP.
#[tokio::test]
async fn consent_page_redirects_with_a_code_that_exchanges_for_tokens() {
    let h = Harness::mode("healthy").await;
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    // A CRM's local callback on some port: loopback URIs match any port.
    let redirect = "http://127.0.0.1:53682/oauth/callback";
    let params = [
        ("client_id", OAUTH_CLIENT_ID),
        ("redirect_uri", redirect),
        ("response_type", "code"),
        ("scope", MAIL_SCOPE),
        ("state", "xyz 1"),
        ("code_challenge", challenge),
        ("code_challenge_method", "S256"),
        ("access_type", "offline"),
    ];
    let query: String = params
        .iter()
        .map(|(k, v)| {
            format!(
                "{k}={}",
                v.replace(' ', "%20")
                    .replace('/', "%2F")
                    .replace(':', "%3A")
            )
        })
        .collect::<Vec<_>>()
        .join("&");
    let res = h
        .http
        .get(h.url(&format!("/o/oauth2/v2/auth?{query}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(
        page.contains(&format!("Continue as {ANNA}")) && page.contains(CONSUMER_EMAIL),
        "{page}"
    );
    assert!(page.contains(OAUTH_CLIENT_ID) && page.contains(MAIL_SCOPE));

    let choose = |extra: (&'static str, &'static str)| {
        let mut fields: Vec<(&str, &str)> = params.to_vec();
        fields.push(extra);
        h.http.post(h.url("/o/oauth2/v2/auth")).form(&fields).send()
    };
    let res = choose(("account", ANNA)).await.unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let query = location
        .strip_prefix(&format!("{redirect}?"))
        .unwrap_or_else(|| panic!("{location}"));
    let mut code = None;
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("code", c)) => code = Some(c.replace("%2F", "/")),
            Some(("state", s)) => assert_eq!(s, "xyz%201"),
            other => panic!("unexpected {other:?} in {location}"),
        }
    }
    let code = code.expect("a code");
    let (s, b) = form(
        &h,
        "/token",
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", redirect),
            ("code_verifier", verifier),
            ("client_id", OAUTH_CLIENT_ID),
            ("client_secret", OAUTH_CLIENT_SECRET),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let keys: Vec<&str> = b.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "access_token",
            "expires_in",
            "refresh_token",
            "scope",
            "token_type"
        ]
    );
    let (r, _) = imap_xoauth2(&h, b["access_token"].as_str().unwrap()).await;
    assert_eq!(r, Ok(()));

    // Cancel: error=access_denied with the state.
    let res = choose(("cancel", "1")).await.unwrap();
    assert_eq!(
        res.headers()["location"],
        format!("{redirect}?error=access_denied&state=xyz%201").as_str()
    );
    h.stop().await;
}

#[tokio::test]
async fn consent_refusals_redirect_with_google_codes_or_show_an_error_page() {
    let mut policy = mock_gmail::model::preset("healthy").unwrap().policy;
    policy
        .api_controls
        .apps
        .insert(OAUTH_CLIENT_ID.to_owned(), AppAccess::Blocked);
    let h = Harness::start(MockGmail::builder().mode("healthy").policy(policy)).await;
    let post = |redirect: &'static str, account: &'static str| {
        h.http
            .post(h.url("/o/oauth2/v2/auth"))
            .form(&[
                ("client_id", OAUTH_CLIENT_ID),
                ("redirect_uri", redirect),
                ("response_type", "code"),
                ("scope", MAIL_SCOPE),
                ("account", account),
            ])
            .send()
    };
    let redirect = OAUTH_REDIRECT_URIS[1];
    // The admin blocks the app: the Workspace user is sent back with
    // Google's code; the personal account has no admin.
    let res = post(redirect, ANNA).await.unwrap();
    assert_eq!(
        res.headers()["location"],
        format!("{redirect}?error=admin_policy_enforced").as_str()
    );
    let res = post(redirect, CONSUMER_EMAIL).await.unwrap();
    let loc = res.headers()["location"].to_str().unwrap();
    assert!(loc.starts_with(&format!("{redirect}?code=4%2F")), "{loc}");
    // An unregistered redirect URI: an error page, no redirect.
    let res = post("https://evil.example/cb", CONSUMER_EMAIL)
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.headers().get("location").is_none());
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Error 400: redirect_uri_mismatch"));
    let res =
        h.http
            .get(h.url(
                "/o/oauth2/v2/auth?client_id=nope&redirect_uri=x&response_type=code&scope=openid",
            ))
            .send()
            .await
            .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Error 400: invalid_client"));
    h.stop().await;
}
