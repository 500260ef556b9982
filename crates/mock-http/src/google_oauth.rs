//! Google's OAuth 2.0 machine endpoints at Google's paths: `POST /token`,
//! `POST /revoke`, `GET /tokeninfo`. A CRM points its token URL here and
//! its own OAuth code runs unchanged against the mock.
//!
//! The decisions are mock-gmail's (`MockHandle::oauth_*`); this module
//! only speaks Google's wire format: form-encoded requests, client
//! credentials in the body or HTTP Basic (RFC 6749 §2.3.1), and JSON
//! answers shaped exactly like Google's, errors as
//! `{"error","error_description"}` with Google's status codes.
//!
//! These paths are exempt from the server's `--http-auth` basic auth
//! (`access::layer`): a CRM authenticates here with its *client*
//! credentials, often in the same `Authorization: Basic` header.
//! Responses carry tokens, so they are `Cache-Control: no-store`; the
//! request log records method, path and status only.

use std::collections::HashMap;

use axum::extract::rejection::FormRejection;
use axum::extract::{Query, State};
use axum::http::header::{AUTHORIZATION, CACHE_CONTROL, CONTENT_TYPE, PRAGMA};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use mock_gmail::model::oauth::TokenError;
use serde_json::{json, Value};

use crate::state::AppState;

/// The paths a client reaches with its own credentials (see the module
/// doc): the access layer skips its basic-auth check for exactly these.
pub const MACHINE_PATHS: &[&str] = &["/token", "/revoke", "/tokeninfo"];

/// A form body as name → value (the last of repeated names wins, as
/// Google's parser does for these single-valued parameters).
type Params = HashMap<String, String>;

/// `POST /token`.
pub(crate) async fn token(
    State(s): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<Params>, FormRejection>,
) -> Response {
    let Ok(Form(p)) = form else {
        return invalid_request("Request must be application/x-www-form-urlencoded.");
    };
    let (client_id, client_secret) = match client_credentials(&headers, &p) {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    let grant_type = p.get("grant_type").map(String::as_str);
    let issued = match grant_type {
        Some("refresh_token") => {
            let Some(rt) = p.get("refresh_token") else {
                return invalid_request("Missing required parameter: refresh_token");
            };
            s.mock.oauth_refresh(&client_id, &client_secret, rt)
        }
        Some("authorization_code") => {
            let Some(code) = p.get("code") else {
                return invalid_request("Missing required parameter: code");
            };
            let Some(uri) = p.get("redirect_uri") else {
                return invalid_request("Missing required parameter: redirect_uri");
            };
            s.mock.oauth_exchange_code(
                &client_id,
                &client_secret,
                code,
                uri,
                p.get("code_verifier").map(String::as_str),
            )
        }
        Some(other) => {
            return google_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                &format!("Invalid grant_type: {other}"),
            )
        }
        None => return invalid_request("Missing required parameter: grant_type"),
    };
    match issued {
        Ok(t) => {
            let mut body = json!({
                "access_token": t.access_token.expose(),
                "expires_in": t.expires_in,
                "scope": t.scope,
                "token_type": "Bearer",
            });
            if let (Some(rt), Some(obj)) = (&t.refresh_token, body.as_object_mut()) {
                obj.insert("refresh_token".into(), Value::from(rt.expose().as_str()));
            }
            no_store(StatusCode::OK, body)
        }
        Err(e) => token_error(e),
    }
}

/// `POST /revoke` (token in the form body or the query, as Google takes
/// it).
pub(crate) async fn revoke(
    State(s): State<AppState>,
    Query(q): Query<Params>,
    form: Result<Form<Params>, FormRejection>,
) -> Response {
    let body = form.map(|Form(p)| p).unwrap_or_default();
    let Some(token) = body.get("token").or_else(|| q.get("token")) else {
        return invalid_request("Missing required parameter: token");
    };
    if s.mock.oauth_revoke(token) {
        no_store(StatusCode::OK, json!({}))
    } else {
        // Google's answer to an unknown or dead token.
        google_error(
            StatusCode::BAD_REQUEST,
            "invalid_token",
            "Token expired or revoked",
        )
    }
}

/// `GET /tokeninfo?access_token=…`: Google's fields (numbers as strings,
/// as Google writes `exp` and `expires_in`).
pub(crate) async fn tokeninfo(State(s): State<AppState>, Query(q): Query<Params>) -> Response {
    let info = q
        .get("access_token")
        .and_then(|t| s.mock.oauth_token_info(t));
    match info {
        Some(i) => no_store(
            StatusCode::OK,
            json!({
                "azp": i.client_id,
                "aud": i.client_id,
                "scope": i.scope,
                "exp": i.exp.to_string(),
                "expires_in": i.expires_in.to_string(),
                "email": i.email,
                "email_verified": "true",
                "access_type": "offline",
            }),
        ),
        None => no_store(
            StatusCode::BAD_REQUEST,
            json!({ "error_description": "Invalid Value" }),
        ),
    }
}

/// The client id and secret: HTTP Basic first (each part
/// form-urlencoded, RFC 6749 §2.3.1), else the body. Google's texts for
/// what is missing.
fn client_credentials(headers: &HeaderMap, p: &Params) -> Result<(String, String), GoogleError> {
    if let Some(h) = headers.get(AUTHORIZATION) {
        let decoded = crate::access::credentials::basic_payload(h.as_bytes())
            .and_then(|b| String::from_utf8(b).ok());
        let Some((id, secret)) = decoded.as_deref().and_then(|d| d.split_once(':')) else {
            return Err(GoogleError {
                status: StatusCode::UNAUTHORIZED,
                error: "invalid_client",
                description: "The OAuth client was not found.",
            });
        };
        return Ok((form_decode(id), form_decode(secret)));
    }
    let Some(id) = p.get("client_id") else {
        return Err(GoogleError::request(
            "Could not determine client ID from request.",
        ));
    };
    let Some(secret) = p.get("client_secret") else {
        return Err(GoogleError::request("client_secret is missing."));
    };
    Ok((id.clone(), secret.clone()))
}

/// `application/x-www-form-urlencoded` decoding of one Basic-auth part
/// (`+` is a space, `%XX` a byte); malformed escapes stay as written.
fn form_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                match std::str::from_utf8(&b[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A refusal in Google's shape, before it becomes a response.
#[derive(Debug, Clone, Copy)]
struct GoogleError {
    status: StatusCode,
    error: &'static str,
    description: &'static str,
}

impl GoogleError {
    fn request(description: &'static str) -> GoogleError {
        GoogleError {
            status: StatusCode::BAD_REQUEST,
            error: "invalid_request",
            description,
        }
    }
}

impl IntoResponse for GoogleError {
    fn into_response(self) -> Response {
        google_error(self.status, self.error, self.description)
    }
}

fn token_error(e: TokenError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
    google_error(status, e.code(), e.description())
}

fn invalid_request(description: &str) -> Response {
    google_error(StatusCode::BAD_REQUEST, "invalid_request", description)
}

fn google_error(status: StatusCode, error: &str, description: &str) -> Response {
    no_store(
        status,
        json!({ "error": error, "error_description": description }),
    )
}

/// Google's JSON with RFC 6749 §5.1's cache headers.
fn no_store(status: StatusCode, body: Value) -> Response {
    (
        status,
        [
            (CONTENT_TYPE, "application/json; charset=utf-8"),
            (CACHE_CONTROL, "no-store"),
            (PRAGMA, "no-cache"),
        ],
        body.to_string(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::form_decode;

    #[test]
    fn basic_parts_are_form_decoded() {
        assert_eq!(form_decode("a%3Ab+c"), "a:b c");
        assert_eq!(form_decode("GOCSPX-x"), "GOCSPX-x");
        assert_eq!(form_decode("50%"), "50%");
        assert_eq!(form_decode("%zz"), "%zz");
    }
}
