//! The crate's error type, and how the API renders it: a status code and
//! `{"error": "…", "field": "…"}` (docs/openapi.yaml, schema `Error`).
//!
//! One enum serves the JSON API, the console (which renders the same
//! message as HTML) and [`crate::serve`]. Variants carry what was wrong,
//! not preformatted strings, so tests and clients can match on them.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

/// Everything that can go wrong in a request or while serving.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A field's value is not acceptable (well-formed JSON, wrong value).
    #[error("{field}: {reason}")]
    InvalidField {
        /// The field, as a JSON path (`email`, `propagation.count`).
        field: String,
        /// Why it was refused.
        reason: String,
    },
    /// The body is not JSON (syntax error or cut short).
    #[error("the body is not valid JSON: {0}")]
    Syntax(String),
    /// The JSON does not fit the schema: an unknown field, a wrong type, a
    /// missing field. `field` is the path when one is known.
    #[error("{}{reason}", field.as_deref().map(|f| format!("{f}: ")).unwrap_or_default())]
    Schema {
        /// Where in the body.
        field: Option<String>,
        /// What serde found.
        reason: String,
    },
    /// A body without `Content-Type: application/json`.
    #[error("expected a request with `Content-Type: application/json`")]
    UnsupportedMediaType,
    /// The request body could not be read (too large, connection lost).
    #[error("cannot read the request body: {0}")]
    Body(String),
    /// No account with that address on this mock.
    #[error("no account {0:?} on this mock")]
    NoSuchAccount(String),
    /// An account with that address exists already.
    #[error("an account {0:?} exists already")]
    AccountExists(String),
    /// App passwords exist only with 2-Step Verification on, as at Google.
    #[error("{0} has 2-Step Verification off: turn it on first, then generate an app password")]
    TwoStepVerificationOff(String),
    /// No app password with that name.
    #[error("{email} has no app password named {name:?}")]
    NoSuchAppPassword {
        /// The account.
        email: String,
        /// The name asked for.
        name: String,
    },
    /// No captured message with that id (reset or never sent).
    #[error("no captured message {0}")]
    NoSuchMessage(u64),
    /// No transcript with that id (reset, dropped as the oldest, or never).
    #[error("no transcript {0}")]
    NoSuchTranscript(u64),
    /// No route for this path.
    #[error("no route {method} {path}")]
    NoRoute {
        /// The request method.
        method: String,
        /// The request path.
        path: String,
    },
    /// The path exists, the method does not.
    #[error("method {method} not allowed on {path}")]
    MethodNotAllowed {
        /// The request method.
        method: String,
        /// The request path.
        path: String,
    },
    /// A request without `Host` (HTTP/1.1 requires one).
    #[error("the request has no Host header: send the address you connected to, e.g. `Host: 127.0.0.1:8025`")]
    MissingHost,
    /// `Host` is not a name of this server: a DNS-rebinding page, or a
    /// proxy or container name nobody allowed.
    #[error(
        "Host {host:?} is not a name of this server, so the request was refused (this keeps \
         DNS-rebinding web pages out). Allowed: {allowed}. To reach the mock under another name \
         (a proxy, a container), allow it: `serve --http-allowed-host NAME`, or \
         http_allowed_hosts in [listen] of --config"
    )]
    HostNotAllowed {
        /// The refused host (its origin part only).
        host: String,
        /// The allowed hosts, in words.
        allowed: String,
    },
    /// A state-changing request sent by a page of another site.
    #[error(
        "{method} refused: its {header} {origin:?} is another site, and a web page on another \
         site may not change the mock. Allowed origins are http:// or https:// with one of: \
         {allowed}. Clients that are not browsers can leave Origin and Referer out"
    )]
    CrossSite {
        /// The request method.
        method: String,
        /// `Origin` or `Referer`.
        header: &'static str,
        /// The refused origin.
        origin: String,
        /// The allowed hosts, in words.
        allowed: String,
    },
    /// No or wrong basic-auth credentials.
    #[error(
        "this server needs a user name and password (HTTP basic auth, realm \"gmail-harness\"): \
         the ones serve was given with --http-auth or --http-auth-file"
    )]
    Unauthorized,
    /// Credentials that cannot be used; never quotes them.
    #[error("HTTP credentials: {0}")]
    InvalidCredentials(&'static str),
    /// A credentials file that cannot be read or used; never quotes it.
    #[error("HTTP credentials file {}: {reason}", path.display())]
    CredentialsFile {
        /// The file.
        path: std::path::PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// An allowed host that is not a host.
    #[error("allowed host {host:?}: {reason}")]
    InvalidAllowedHost {
        /// The entry as given.
        host: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// A non-loopback address without credentials.
    #[error(
        "refusing to serve the HTTP control API on {addr} without credentials: anyone who can \
         reach that address could change the mock's settings and read its fixture passwords. \
         Require credentials (HTTP basic auth) or listen on a loopback address (127.0.0.1, ::1)"
    )]
    Unprotected {
        /// The address asked for.
        addr: std::net::SocketAddr,
    },
    /// The HTTP listener failed.
    #[error("HTTP server: {0}")]
    Serve(#[from] std::io::Error),
}

impl Error {
    /// A refused field value.
    pub fn field(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::InvalidField {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// The status code the API answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            Error::InvalidField { .. } | Error::Syntax(_) | Error::Body(_) => {
                StatusCode::BAD_REQUEST
            }
            Error::Schema { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Error::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Error::NoSuchAccount(_)
            | Error::NoSuchAppPassword { .. }
            | Error::NoSuchMessage(_)
            | Error::NoSuchTranscript(_)
            | Error::NoRoute { .. } => StatusCode::NOT_FOUND,
            Error::AccountExists(_) | Error::TwoStepVerificationOff(_) => StatusCode::CONFLICT,
            Error::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Error::MissingHost => StatusCode::BAD_REQUEST,
            Error::HostNotAllowed { .. } | Error::CrossSite { .. } => StatusCode::FORBIDDEN,
            Error::Unauthorized => StatusCode::UNAUTHORIZED,
            Error::InvalidCredentials(_)
            | Error::CredentialsFile { .. }
            | Error::InvalidAllowedHost { .. }
            | Error::Unprotected { .. }
            | Error::Serve(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The field the error is about, if any.
    pub fn field_name(&self) -> Option<&str> {
        match self {
            Error::InvalidField { field, .. } => Some(field),
            Error::Schema { field, .. } => field.as_deref(),
            _ => None,
        }
    }
}

/// The JSON error body.
#[derive(Debug, Serialize)]
pub(crate) struct ErrorBody<'a> {
    pub error: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'a str>,
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: self.to_string(),
            field: self.field_name(),
        };
        (self.status(), Json(body)).into_response()
    }
}

/// Handler results of the JSON API.
pub(crate) type ApiResult<T> = Result<T, Error>;
