//! The crate's error type.

/// Errors loading or running scenarios.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A scenario file is malformed.
    #[error("{file}:{line}:{column}: {}{message}", if field.is_empty() { String::new() } else { format!("{field}: ") })]
    Parse {
        /// The file.
        file: String,
        /// 1-based line (0 if unknown).
        line: usize,
        /// 1-based column (0 if unknown).
        column: usize,
        /// The field path, e.g. `customer.imap.port`.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// A file or directory could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The path.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// No scenario files where some were expected.
    #[error("no scenario files (*.toml) in {0}")]
    NoScenarios(String),
    /// The mock could not start.
    #[error("starting the mock: {0}")]
    Mock(#[from] mock_gmail::Error),
    /// The doctor could not run.
    #[error("running the doctor: {0}")]
    Doctor(#[from] mail_doctor::Error),
    /// The scenario's state does not allow a setup step.
    #[error("scenario {scenario}: {message}")]
    Setup {
        /// The scenario name.
        scenario: String,
        /// What is wrong.
        message: String,
    },
}
