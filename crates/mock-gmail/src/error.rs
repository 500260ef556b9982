//! The crate's error type.

use std::net::SocketAddr;

use crate::wire_style::OverrideError;

/// Errors from building, starting or controlling a mock.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// `mode(..)` named no preset.
    #[error("unknown mode {name:?}; known modes: {known}")]
    UnknownMode {
        /// What was asked for.
        name: String,
        /// The valid names.
        known: String,
    },
    /// A listener could not bind.
    #[error("cannot listen for {listener} on {addr}: {source}")]
    Bind {
        /// Which listener.
        listener: &'static str,
        /// The address tried.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// Certificate generation failed.
    #[error("generating TLS certificates: {0}")]
    CertGen(#[from] rcgen::Error),
    /// rustls rejected the configuration.
    #[error("TLS configuration: {0}")]
    Tls(#[from] rustls::Error),
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    ReadFile {
        /// The path.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A file could not be written.
    #[error("cannot write {path}: {source}")]
    WriteFile {
        /// The path.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A PEM file held no usable certificate or key.
    #[error("invalid PEM in {path}: {detail}")]
    Pem {
        /// The path.
        path: String,
        /// What was wrong.
        detail: String,
    },
    /// No account with that address.
    #[error("no account {0:?} on this mock")]
    NoSuchAccount(String),
    /// An account is not usable.
    #[error("invalid account {email:?}: {reason}")]
    InvalidAccount {
        /// The address.
        email: String,
        /// What is wrong.
        reason: String,
    },
    /// A policy setting is not usable.
    #[error("invalid policy: {field}: {reason}")]
    InvalidPolicy {
        /// The setting (`domains`, `smtp_relay.allowed_ips`).
        field: &'static str,
        /// What is wrong, naming the value.
        reason: String,
    },
    /// An OAuth client or grant is not usable.
    #[error("invalid OAuth {what}: {reason}")]
    InvalidOAuth {
        /// Which client or grant (`client "x"`, `grant of a@b to "x"`).
        what: String,
        /// What is wrong.
        reason: String,
    },
    /// A wire override was rejected.
    #[error(transparent)]
    Override(#[from] OverrideError),
    /// A seed source could not be used (names the file, and for an mbox
    /// the message and line).
    #[error(transparent)]
    Seed(#[from] crate::seed::SeedError),
}
