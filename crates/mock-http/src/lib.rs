//! The HTTP side of mock-gmail: a JSON control API and a web console on
//! one port, for a running [`MockHandle`].
//!
//! The control API is how a test suite in any language (PHP, Java, JS)
//! drives the mock between test cases: list and create accounts, change
//! the Workspace policy and the users' own settings, generate app
//! passwords, read captured messages and redacted transcripts, inject
//! faults, move the clock, reset. It is described in `docs/openapi.yaml`
//! (served at `/api/openapi.yaml`). The console at `/` shows the same
//! state as the admin console and the Google Account pages would, with
//! the support article's setting names, and changes it live: a developer
//! reproducing a customer's failure flips the setting the doctor named and
//! watches the CRM recover.
//!
//! mock-gmail itself knows nothing of HTTP; this crate only calls its
//! handle. There is no global state: every [`router`] owns its handle.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//! let mock = Arc::new(mock_gmail::MockGmail::builder().mode("less-secure-rejected").start().await?);
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! println!("console on http://{}/", listener.local_addr()?);
//! mock_http::serve(mock, listener, std::future::pending::<()>()).await?;
//! # Ok(()) }
//! ```
//!
//! # Layout
//! - [`access`]: who may use the server (Host, basic auth, Origin),
//!   checked on every request before any handler.
//! - [`routes`]: the route table, the router, fallbacks, request logging.
//! - `api/`: JSON handlers, one module per resource (accounts, policy,
//!   messages, transcripts, faults, clock and reset, server).
//! - `console/`: `pages` (GET) and `forms` / `sending_forms` (POST, then
//!   303 back) handlers; `render/` turns views into HTML (pure, escaped by
//!   maud).
//! - [`control`]: the rules both share (validation, app password
//!   generation, what a change implies); `control::sending_checks` for
//!   DESIGN.md "Sending" (domains, the SMTP relay's IP allowlist, "Send
//!   mail as" addresses, daily limits).
//! - [`schema`]: the JSON shapes, one per OpenAPI schema (`schema::sending`
//!   for the sending ones).
//! - [`google_oauth`]: Google's OAuth endpoints (`/token`, `/revoke`,
//!   `/tokeninfo`) for a CRM's own OAuth code; `google_consent`: the
//!   account chooser and consent page (`/o/oauth2/v2/auth`).
//! - [`error`], `extract`: the error type and extractors that answer in
//!   the API's error shape.
//!
//! # Safe to leave running
//! A web page the developer visits must not drive or read the mock:
//! every request's `Host` must name this server (DNS rebinding), a
//! state-changing request from a browser must come from this server's own
//! pages (`Origin`/`Referer`), and a server beyond loopback needs basic-auth
//! credentials ([`Access`], [`serve_with`]).
//!
//! # Secrets
//! The API is a test fixture: it returns the fixture passwords the user
//! configured (as `serve`'s ready line does) and a generated app password
//! once. Nothing here logs a request body or a secret; request logs carry
//! method, path and status only.

#![forbid(unsafe_code)]
#![deny(missing_debug_implementations)]

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use mock_gmail::MockHandle;
use tokio::net::TcpListener;

pub mod access;
mod api;
mod console;
pub mod control;
pub mod error;
mod extract;
mod google_consent;
pub mod google_oauth;
pub mod routes;
pub mod schema;
mod state;

pub use access::{Access, Credentials};
pub use api::server::OPENAPI_YAML;
pub use error::Error;
pub use routes::{Route, ROUTES};

/// The application (API + console) for `mock`, guarded by `access` for a
/// server listening on `bound`, to serve or to embed. Served without
/// [`serve_with`]'s connection info, a server on 0.0.0.0 answers to its
/// loopback names and `access`'s hosts only.
pub fn router(mock: Arc<MockHandle>, access: Access, bound: SocketAddr) -> Router {
    routes::router(state::AppState { mock }, access::Guard::new(access, bound))
}

/// Serves the API and the console on a loopback `listener` (no
/// credentials, loopback names only) until `shutdown` completes.
pub async fn serve(
    mock: Arc<MockHandle>,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    serve_with(mock, listener, Access::default(), shutdown).await
}

/// Serves the API and the console on `listener`, guarded by `access`,
/// until `shutdown` completes, then finishes the requests in flight.
/// Refuses ([`Error::Unprotected`]) a non-loopback listener without
/// credentials.
pub async fn serve_with(
    mock: Arc<MockHandle>,
    listener: TcpListener,
    access: Access,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    let bound = listener.local_addr()?;
    access.check_exposure(bound)?;
    let app = router(mock, access, bound)
        .into_make_service_with_connect_info::<access::layer::LocalAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await?;
    Ok(())
}
