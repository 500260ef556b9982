//! The crate's error type (configuration problems; a failing mailbox is a
//! diagnosis, not an error).

/// Errors that stop a diagnosis before it starts.
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
