//! The crate's error type (configuration problems; a failing mailbox is a
//! diagnosis, not an error).
//!
//! Why so few variants: everything that can go wrong with the *mailbox* —
//! an unknown host, a refused connection, a bad certificate, a refused
//! password — is what the doctor is there to find, and it ends up in the
//! report as a finding with advice. Only problems that stop the doctor from
//! starting at all are errors: a CA file it cannot read, a TLS
//! configuration rustls refuses, a setting it cannot use. Each names what
//! was wrong and where (the path, the setting's name).

/// Errors that stop a diagnosis before it starts.
///
/// Non-exhaustive so a later configuration check can add a variant without
/// breaking callers that match on it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The CA file could not be used.
    #[error("cannot use CA file {path}: {detail}")]
    CaFile {
        /// The path.
        path: String,
        /// What went wrong.
        detail: String,
    },
    /// rustls rejected the client configuration.
    #[error("TLS client configuration: {0}")]
    Tls(String),
    /// A setting is invalid.
    #[error("invalid setting {name}: {detail}")]
    Setting {
        /// Which.
        name: &'static str,
        /// Why.
        detail: String,
    },
}
