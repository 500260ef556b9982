//! Every route in one table, the router built from it, and what answers
//! when nothing matches.
//!
//! [`ROUTES`] is the list the tests hold against `docs/openapi.yaml` and
//! against the router itself (each listed method answers, every other
//! method gets 405), so the three cannot drift apart.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, MethodRouter};
use axum::Router;

use crate::access::{self, Guard};
use crate::api;
use crate::console::{forms, pages, sending_forms};
use crate::error::Error;
use crate::state::AppState;
use crate::{google_consent, google_oauth};

/// One route: its path (axum and OpenAPI share the `{param}` syntax) and
/// the methods it answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    /// The path template.
    pub path: &'static str,
    /// Upper-case method names.
    pub methods: &'static [&'static str],
}

const fn r(path: &'static str, methods: &'static [&'static str]) -> Route {
    Route { path, methods }
}

/// Every route the server answers (JSON API first, then the console).
pub const ROUTES: &[Route] = &[
    r("/api/server", &["GET"]),
    r("/api/ca.pem", &["GET"]),
    r("/api/openapi.yaml", &["GET"]),
    r("/api/accounts", &["GET", "POST"]),
    r("/api/accounts/{email}", &["GET", "PATCH"]),
    r("/api/accounts/{email}/app-passwords", &["POST"]),
    r("/api/accounts/{email}/app-passwords/{name}", &["DELETE"]),
    r("/api/accounts/{email}/messages", &["DELETE"]),
    r("/api/policy", &["GET", "PATCH"]),
    r("/api/messages", &["GET"]),
    r("/api/messages/{id}", &["GET"]),
    r("/api/messages/{id}/raw", &["GET"]),
    r("/api/transcripts", &["GET"]),
    r("/api/transcripts/{id}", &["GET"]),
    r("/api/faults", &["GET", "PUT", "DELETE"]),
    r("/api/clock/advance", &["POST"]),
    r("/api/reset", &["POST"]),
    r("/token", &["POST"]),
    r("/revoke", &["POST"]),
    r("/tokeninfo", &["GET"]),
    r("/o/oauth2/v2/auth", &["GET", "POST"]),
    r("/", &["GET"]),
    r("/console.css", &["GET"]),
    r("/messages", &["GET"]),
    r("/messages/{id}", &["GET"]),
    r("/transcripts", &["GET"]),
    r("/transcripts/{id}", &["GET"]),
    r("/console/policy/gmail", &["POST"]),
    r("/console/policy/less-secure-apps", &["POST"]),
    r("/console/policy/domains", &["POST"]),
    r("/console/policy/smtp-relay", &["POST"]),
    r("/console/accounts", &["POST"]),
    r("/console/accounts/{email}/settings", &["POST"]),
    r("/console/accounts/{email}/app-passwords", &["POST"]),
    r("/console/accounts/{email}/app-passwords/revoke", &["POST"]),
    r("/console/accounts/{email}/send-as", &["POST"]),
    r("/console/accounts/{email}/send-as/remove", &["POST"]),
    r("/console/clock", &["POST"]),
    r("/console/reset", &["POST"]),
];

/// The handlers of one path of [`ROUTES`].
fn handlers(path: &str) -> MethodRouter<AppState> {
    match path {
        "/api/server" => get(api::server::get),
        "/api/ca.pem" => get(api::server::ca_pem),
        "/api/openapi.yaml" => get(api::server::openapi),
        "/api/accounts" => get(api::accounts::list).post(api::accounts::create),
        "/api/accounts/{email}" => get(api::accounts::get).patch(api::accounts::patch),
        "/api/accounts/{email}/app-passwords" => post(api::accounts::generate_app_password),
        "/api/accounts/{email}/app-passwords/{name}" => delete(api::accounts::revoke_app_password),
        "/api/accounts/{email}/messages" => delete(api::accounts::clear_messages),
        "/api/policy" => get(api::policy::get).patch(api::policy::patch),
        "/api/messages" => get(api::messages::list),
        "/api/messages/{id}" => get(api::messages::get),
        "/api/messages/{id}/raw" => get(api::messages::raw),
        "/api/transcripts" => get(api::transcripts::list),
        "/api/transcripts/{id}" => get(api::transcripts::get),
        "/api/faults" => get(api::faults::list)
            .put(api::faults::put)
            .delete(api::faults::clear),
        "/api/clock/advance" => post(api::clock::advance),
        "/api/reset" => post(api::clock::reset),
        "/token" => post(google_oauth::token),
        "/revoke" => post(google_oauth::revoke),
        "/tokeninfo" => get(google_oauth::tokeninfo),
        "/o/oauth2/v2/auth" => get(google_consent::chooser).post(google_consent::choose),
        "/" => get(pages::overview),
        "/console.css" => get(pages::css),
        "/messages" => get(pages::messages),
        "/messages/{id}" => get(pages::message),
        "/transcripts" => get(pages::transcripts),
        "/transcripts/{id}" => get(pages::transcript),
        "/console/policy/gmail" => post(forms::policy_gmail),
        "/console/policy/less-secure-apps" => post(forms::policy_less_secure_apps),
        "/console/policy/domains" => post(sending_forms::policy_domains),
        "/console/policy/smtp-relay" => post(sending_forms::policy_smtp_relay),
        "/console/accounts" => post(forms::create_account),
        "/console/accounts/{email}/settings" => post(forms::account_setting),
        "/console/accounts/{email}/app-passwords" => post(forms::generate_app_password),
        "/console/accounts/{email}/app-passwords/revoke" => post(forms::revoke_app_password),
        "/console/accounts/{email}/send-as" => post(sending_forms::add_send_as),
        "/console/accounts/{email}/send-as/remove" => post(sending_forms::remove_send_as),
        "/console/clock" => post(forms::clock),
        "/console/reset" => post(forms::reset),
        other => unreachable!("route {other} is in ROUTES but has no handlers"),
    }
}

/// Percent-encodes one path segment (an address or an app password name)
/// for a link or a form action.
pub(crate) fn segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'@') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The whole application for `state`. The guard wraps everything, the
/// fallbacks included (an unknown path must not answer a foreign `Host`
/// with a console page), and the log wraps the guard, so refusals are
/// logged too.
pub(crate) fn router(state: AppState, guard: Guard) -> Router {
    let mut router = Router::new();
    for route in ROUTES {
        router = router.route(route.path, handlers(route.path));
    }
    router
        .fallback(no_route)
        .method_not_allowed_fallback(wrong_method)
        .layer(middleware::from_fn_with_state(
            Arc::new(guard),
            access::layer::guard,
        ))
        .layer(middleware::from_fn(log))
        .with_state(state)
}

/// Unknown path: JSON under `/api`, an HTML page elsewhere.
async fn no_route(State(s): State<AppState>, method: Method, req: Request) -> Response {
    let path = req.uri().path().to_owned();
    let e = Error::NoRoute {
        method: method.to_string(),
        path: path.clone(),
    };
    if path.starts_with("/api/") || path == "/api" {
        e.into_response()
    } else {
        pages::html_error(&s, e)
    }
}

/// Known path, unknown method: always the API's JSON shape (browsers only
/// GET and POST what the pages offer).
async fn wrong_method(method: Method, req: Request) -> Response {
    Error::MethodNotAllowed {
        method: method.to_string(),
        path: req.uri().path().to_owned(),
    }
    .into_response()
}

/// One log line per request: method, path, status, time. Never bodies or
/// query strings, so fixture secrets sent in a body stay out of logs.
async fn log(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let started = Instant::now();
    let res = next.run(req).await;
    let status = res.status().as_u16();
    let ms = started.elapsed().as_millis() as u64;
    if method == Method::GET || method == Method::HEAD {
        tracing::debug!(%method, %path, status, ms, "http");
    } else {
        tracing::info!(%method, %path, status, ms, "http");
    }
    res
}
