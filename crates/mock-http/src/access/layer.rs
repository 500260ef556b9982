//! The middleware that runs the checks of [`super`] on every request and
//! answers a refusal itself: JSON in the API's error shape under `/api`,
//! plain text elsewhere (never a console page, which would show the
//! mock's state to the very request being refused).

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::connect_info::{ConnectInfo, Connected};
use axum::extract::{Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, HOST, ORIGIN, REFERER, WWW_AUTHENTICATE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::serve::IncomingStream;
use tokio::net::TcpListener;

use super::host::Authority;
use super::{origin, Guard};
use crate::error::Error;

/// How much of a refused request's body is read and thrown away (the
/// API's bodies are a few hundred bytes; a larger one is cut off).
const DRAIN_LIMIT: usize = 64 * 1024;

/// The address a connection reached (for a server on 0.0.0.0 that is the
/// interface's own address, which the client may well put in `Host`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct LocalAddr(Option<SocketAddr>);

impl Connected<IncomingStream<'_, TcpListener>> for LocalAddr {
    fn connect_info(stream: IncomingStream<'_, TcpListener>) -> Self {
        LocalAddr(stream.io().local_addr().ok())
    }
}

/// The middleware: the checks, then the handler or the refusal.
pub(crate) async fn guard(State(g): State<Arc<Guard>>, req: Request, next: Next) -> Response {
    let local = req
        .extensions()
        .get::<ConnectInfo<LocalAddr>>()
        .and_then(|c| c.0 .0)
        .map(|a| a.ip());
    let (parts, body) = req.into_parts();
    match check(&g, &parts, local) {
        Ok(()) => next.run(Request::from_parts(parts, body)).await,
        Err(e) => {
            tracing::info!(method = %parts.method, path = %parts.uri.path(), "refused: {e}");
            // Read what the client sent before answering: closing a socket
            // with unread bytes makes the kernel send a reset, and the
            // client (curl, a test suite) would see "connection reset"
            // instead of the refusal that says what to do.
            let _ = axum::body::to_bytes(body, DRAIN_LIMIT).await;
            refusal(parts.uri.path(), e)
        }
    }
}

/// The three checks, in order: Host, credentials, Origin. Google's OAuth
/// machine endpoints skip the credentials: a CRM calls them with its own
/// client credentials (often in the same `Authorization` header), and
/// they reveal nothing without a token (`crate::google_oauth`).
pub(crate) fn check(g: &Guard, req: &Parts, local: Option<IpAddr>) -> Result<(), Error> {
    check_host(g, req, local)?;
    let machine = crate::google_oauth::MACHINE_PATHS.contains(&req.uri.path());
    if let (Some(c), false) = (&g.credentials, machine) {
        if !c.verify(req.headers.get(AUTHORIZATION)) {
            return Err(Error::Unauthorized);
        }
    }
    if !req.method.is_safe() {
        check_origin(g, req, local)?;
    }
    Ok(())
}

/// Every `Host` header, and the request target's authority when it is in
/// absolute form (`GET http://host/ HTTP/1.1`), must name this server.
fn check_host(g: &Guard, req: &Parts, local: Option<IpAddr>) -> Result<(), Error> {
    let mut hosts: Vec<String> = req
        .headers
        .get_all(HOST)
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect();
    if let Some(a) = req.uri.authority() {
        hosts.push(a.as_str().to_owned());
    }
    if hosts.is_empty() {
        return Err(Error::MissingHost);
    }
    for host in hosts {
        let ok = Authority::parse(&host).is_some_and(|a| g.hosts.allows(&a, 80, local));
        if !ok {
            return Err(Error::HostNotAllowed {
                host: origin::quoted(&host),
                allowed: g.hosts.describe(),
            });
        }
    }
    Ok(())
}

/// A state-changing request's `Origin`, else its `Referer`, must be this
/// server when present.
fn check_origin(g: &Guard, req: &Parts, local: Option<IpAddr>) -> Result<(), Error> {
    let Some((header, value)) = source(&req.headers) else {
        return Ok(());
    };
    let value = String::from_utf8_lossy(value.as_bytes());
    let ok = origin::authority(&value).is_some_and(|(a, port)| g.hosts.allows(&a, port, local));
    if ok {
        Ok(())
    } else {
        Err(Error::CrossSite {
            method: req.method.to_string(),
            header,
            origin: origin::quoted(&value),
            allowed: g.hosts.describe(),
        })
    }
}

fn source(headers: &HeaderMap) -> Option<(&'static str, &HeaderValue)> {
    match (headers.get(ORIGIN), headers.get(REFERER)) {
        (Some(o), _) => Some(("Origin", o)),
        (None, Some(r)) => Some(("Referer", r)),
        (None, None) => None,
    }
}

/// The refusal: the API's JSON under `/api`, text elsewhere, and the
/// basic-auth challenge with a 401.
fn refusal(path: &str, e: Error) -> Response {
    let unauthorized = matches!(e, Error::Unauthorized);
    let mut res = if path == "/api" || path.starts_with("/api/") {
        e.into_response()
    } else {
        let text = format!("{e}\n");
        (
            e.status(),
            [(CONTENT_TYPE, "text/plain; charset=utf-8")],
            text,
        )
            .into_response()
    };
    if unauthorized {
        let challenge = format!("Basic realm=\"{}\", charset=\"UTF-8\"", super::REALM);
        if let Ok(v) = HeaderValue::from_str(&challenge) {
            res.headers_mut().insert(WWW_AUTHENTICATE, v);
        }
    }
    res
}
