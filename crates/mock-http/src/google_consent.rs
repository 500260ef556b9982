//! Google's authorization endpoint, `/o/oauth2/v2/auth`: a minimal
//! account chooser and consent page. `GET` shows the mock's accounts with
//! what the app asks for; `POST` (the user's choice) redirects to the
//! client's `redirect_uri` with `code` and `state`, or with `error=`
//! (`access_denied` when the user cancels, else the consent decision's
//! code: `org_internal`, `admin_policy_enforced`, `access_denied`).
//!
//! As at Google, an unknown client or a redirect URI the client did not
//! register gets an error page, never a redirect (redirecting there would
//! hand a code to whoever wrote the link). Unlike the token endpoints
//! this is a browser page, so it stays behind `--http-auth`.

use std::collections::HashMap;

use axum::extract::rejection::FormRejection;
use axum::extract::{Query, State};
use axum::http::header::LOCATION;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Form;
use maud::{html, Markup, DOCTYPE};
use mock_gmail::model::oauth::{AuthorizeError, PkceMethod};
use mock_gmail::ConsentRequest;

use crate::state::AppState;

type Params = HashMap<String, String>;

/// The authorization request's parameters (the query of the GET, the
/// hidden fields of the POST), checked before anything is shown.
#[derive(Debug, Clone)]
struct AuthRequest {
    client_id: String,
    redirect_uri: String,
    scopes: Vec<String>,
    state: Option<String>,
    challenge: Option<(String, PkceMethod)>,
    /// Every parameter, to carry through the chooser's forms.
    raw: Vec<(String, String)>,
}

/// What is wrong with a request, shown on Google's error page
/// ("Error 400: invalid_request" and its detail).
#[derive(Debug, Clone)]
struct PageError {
    code: &'static str,
    detail: String,
}

const CARRIED: &[&str] = &[
    "client_id",
    "redirect_uri",
    "response_type",
    "scope",
    "state",
    "code_challenge",
    "code_challenge_method",
    "access_type",
    "prompt",
    "login_hint",
    "include_granted_scopes",
];

impl AuthRequest {
    fn parse(p: &Params) -> Result<AuthRequest, PageError> {
        let missing = |name: &str| PageError {
            code: "invalid_request",
            detail: format!("Missing required parameter: {name}"),
        };
        let client_id = p.get("client_id").ok_or_else(|| missing("client_id"))?;
        let redirect_uri = p
            .get("redirect_uri")
            .ok_or_else(|| missing("redirect_uri"))?;
        let response_type = p
            .get("response_type")
            .ok_or_else(|| missing("response_type"))?;
        if response_type != "code" {
            return Err(PageError {
                code: "unsupported_response_type",
                detail: format!("Invalid response_type: {response_type}"),
            });
        }
        let scope = p.get("scope").ok_or_else(|| missing("scope"))?;
        let challenge = match p.get("code_challenge") {
            None => None,
            Some(c) => {
                let method = p.get("code_challenge_method").map(String::as_str);
                let m = PkceMethod::parse(method).ok_or_else(|| PageError {
                    code: "invalid_request",
                    detail: format!(
                        "Invalid code_challenge_method: {}",
                        method.unwrap_or_default()
                    ),
                })?;
                Some((c.clone(), m))
            }
        };
        let raw = CARRIED
            .iter()
            .filter_map(|k| p.get(*k).map(|v| ((*k).to_owned(), v.clone())))
            .collect();
        Ok(AuthRequest {
            client_id: client_id.clone(),
            redirect_uri: redirect_uri.clone(),
            scopes: scope.split_whitespace().map(str::to_owned).collect(),
            state: p.get("state").cloned(),
            challenge,
            raw,
        })
    }

    /// The redirect carrying `pairs` (and `state`, echoed as Google does).
    fn redirect(&self, pairs: &[(&str, &str)]) -> Response {
        let mut url = self.redirect_uri.clone();
        let mut sep = if url.contains('?') { '&' } else { '?' };
        let state = self.state.as_deref().map(|s| ("state", s));
        for (k, v) in pairs.iter().copied().chain(state) {
            url.push(sep);
            url.push_str(k);
            url.push('=');
            url.push_str(&query_encode(v));
            sep = '&';
        }
        (StatusCode::FOUND, [(LOCATION, url)]).into_response()
    }
}

/// `GET /o/oauth2/v2/auth`: the account chooser.
pub(crate) async fn chooser(State(s): State<AppState>, Query(p): Query<Params>) -> Response {
    let req = match AuthRequest::parse(&p) {
        Ok(r) => r,
        Err(e) => return error_page(e),
    };
    if let Err(e) = s.mock.oauth_check_client(&req.client_id, &req.redirect_uri) {
        return error_page(page_error(e));
    }
    let accounts = s.mock.accounts();
    let emails: Vec<String> = accounts.into_iter().map(|a| a.email).collect();
    chooser_html(&req, &emails).into_response()
}

/// `POST /o/oauth2/v2/auth`: the user's choice (`account`, or
/// `cancel`), then the redirect.
pub(crate) async fn choose(
    State(s): State<AppState>,
    form: Result<Form<Params>, FormRejection>,
) -> Response {
    let Ok(Form(p)) = form else {
        return error_page(PageError {
            code: "invalid_request",
            detail: "Request must be application/x-www-form-urlencoded.".to_owned(),
        });
    };
    let req = match AuthRequest::parse(&p) {
        Ok(r) => r,
        Err(e) => return error_page(e),
    };
    let cancel = p.contains_key("cancel");
    let email = match (cancel, p.get("account")) {
        (false, Some(e)) => e.clone(),
        (false, None) => {
            return error_page(PageError {
                code: "invalid_request",
                detail: "Missing required parameter: account".to_owned(),
            })
        }
        (true, _) => String::new(),
    };
    // Never redirect to a URI the client did not register.
    if let Err(e) = s.mock.oauth_check_client(&req.client_id, &req.redirect_uri) {
        return error_page(page_error(e));
    }
    if cancel {
        return req.redirect(&[("error", "access_denied")]);
    }
    let consent = ConsentRequest {
        client_id: req.client_id.clone(),
        redirect_uri: req.redirect_uri.clone(),
        email,
        scopes: req.scopes.clone(),
        code_challenge: req.challenge.clone(),
    };
    match s.mock.oauth_authorize(consent) {
        Err(e) => error_page(PageError {
            code: "invalid_request",
            detail: e.to_string(),
        }),
        Ok(Ok(code)) => req.redirect(&[("code", &code)]),
        Ok(Err(e @ (AuthorizeError::InvalidClient | AuthorizeError::RedirectUriMismatch))) => {
            error_page(page_error(e))
        }
        Ok(Err(e)) => req.redirect(&[("error", e.code())]),
    }
}

fn page_error(e: AuthorizeError) -> PageError {
    PageError {
        code: e.code(),
        detail: match e {
            AuthorizeError::InvalidClient => "The OAuth client was not found.".to_owned(),
            AuthorizeError::RedirectUriMismatch => {
                "The redirect URI in the request does not match the ones authorized for the \
                 OAuth client."
                    .to_owned()
            }
            other => other.code().to_owned(),
        },
    }
}

fn chooser_html(req: &AuthRequest, emails: &[String]) -> Markup {
    let hidden = html! {
        @for (k, v) in &req.raw {
            input type="hidden" name=(k) value=(v);
        }
    };
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                title { "Sign in - Google Accounts" }
            }
            body {
                h1 { "Choose an account" }
                p { "to continue to " strong #client { (req.client_id) } }
                p { "This app wants to:" }
                ul #scopes {
                    @for s in &req.scopes { li { (s) } }
                }
                @for e in emails {
                    form method="post" action="/o/oauth2/v2/auth" {
                        (hidden)
                        input type="hidden" name="account" value=(e);
                        button type="submit" class="account" data-email=(e) { "Continue as " (e) }
                    }
                }
                form method="post" action="/o/oauth2/v2/auth" {
                    (hidden)
                    button type="submit" name="cancel" value="1" id="cancel" { "Cancel" }
                }
            }
        }
    }
}

/// Google's error page: "Error 400: <code>" and the detail.
fn error_page(e: PageError) -> Response {
    let body = html! {
        (DOCTYPE)
        html lang="en" {
            head { meta charset="utf-8"; title { "Error 400: " (e.code) } }
            body {
                h1 { "Access blocked: authorization error" }
                p #error { "Error 400: " (e.code) }
                p #detail { (e.detail) }
            }
        }
    };
    (StatusCode::BAD_REQUEST, body).into_response()
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay).
fn query_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Params {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn requests_are_checked_and_redirects_carry_state() {
        let base = [
            ("client_id", "c"),
            ("redirect_uri", "http://127.0.0.1:9/cb?x=1"),
            ("response_type", "code"),
            ("scope", "https://mail.google.com/ openid"),
            ("state", "a b&c"),
        ];
        let r = AuthRequest::parse(&params(&base)).unwrap();
        assert_eq!(r.scopes, ["https://mail.google.com/", "openid"]);
        let res = r.redirect(&[("code", "4/x")]);
        assert_eq!(
            res.headers()[LOCATION],
            "http://127.0.0.1:9/cb?x=1&code=4%2Fx&state=a%20b%26c"
        );
        let mut token = params(&base);
        token.insert("response_type".into(), "token".into());
        assert_eq!(
            AuthRequest::parse(&token).unwrap_err().code,
            "unsupported_response_type"
        );
        let mut bad = params(&base);
        bad.insert("code_challenge".into(), "x".into());
        bad.insert("code_challenge_method".into(), "S512".into());
        assert_eq!(
            AuthRequest::parse(&bad).unwrap_err().code,
            "invalid_request"
        );
        let mut none = params(&base);
        none.remove("scope");
        assert!(AuthRequest::parse(&none)
            .unwrap_err()
            .detail
            .contains("scope"));
    }
}
