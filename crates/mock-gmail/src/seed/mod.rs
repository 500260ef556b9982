//! Seeding: a mailbox loaded at start-up, so a test begins from a realistic
//! inbox instead of an empty one.
//!
//! Sources: `.eml` files, mbox files, raw messages passed to the builder,
//! and the built-in [`sample`] mailbox of the `healthy` preset.
//!
//! # Choices (documented in the README, "Seeding")
//! - **A directory** is read recursively; every file whose name ends in
//!   `.eml` (any case) is one message, in byte order of its path relative to
//!   the directory, so UIDs are the same on every machine. Other files and
//!   hidden entries (`.name`) are skipped; symlinked directories are not
//!   followed (no loops). A directory without any `.eml` file is an error:
//!   it is almost always a wrong path.
//! - **A file** whose first line starts with `From ` is an mbox (the
//!   classic test, as `file(1)` does it); any other file is one message.
//!   So an `.eml` saved with a leading `From ` line works too.
//! - **mbox**: every line starting with `From ` begins a message (writers
//!   escape such lines in bodies), and the blank line before it belongs to
//!   the format, not the message. Lines matching `>+From ` lose one `>`:
//!   mboxrd unescaping, which also undoes mboxo's escaping (only an
//!   original `>From ` line of an mboxo file is changed, an ambiguity mboxo
//!   itself created). `Content-Length` (mboxcl) is not used.
//! - **Line ends**: IMAP serves messages with CRLF (RFC 3501 §2.2), so a
//!   bare LF becomes CRLF; CRLF stays, a lone CR is left alone. A message
//!   already in CRLF keeps its very bytes (no copy), and all others keep
//!   every byte but the added CRs. RFC822.SIZE counts the stored bytes.
//! - **Placement**: into INBOX, unless the message carries Google
//!   Takeout's `X-Gmail-Labels` header ([`placement`]), in which case its
//!   labels, read state and star are restored.
//! - **INTERNALDATE**: the `Date` header when it parses; else the date on
//!   the mbox `From ` line; else the time of seeding.
//! - **Errors** name the file, and for an mbox the message number and the
//!   line its `From ` line is on.
//!
//! # Layout
//! - `source`: paths and bytes → checked [`SeedMessage`]s.
//! - `mbox`: splitting and unescaping an mbox.
//! - `lines`: CRLF normalisation, the header-field check.
//! - [`placement`]: folders and flags (Takeout labels), filing into a store.
//! - [`sample`]: the built-in sample mailbox.
//! - `apply`: seeding a world's accounts at start-up.

use std::fmt;
use std::path::PathBuf;

use bytes::Bytes;
use chrono::{DateTime, FixedOffset};

pub(crate) mod apply;
mod lines;
mod mbox;
pub mod placement;
pub mod sample;
mod source;

pub use lines::to_crlf;
pub use placement::{file_into, Placement};
pub use source::{load_path, messages_from_bytes};

/// One message ready to file, with where it came from.
#[derive(Debug, Clone)]
pub struct SeedMessage {
    /// The bytes, with CRLF line ends.
    pub raw: Bytes,
    /// The file (and mbox position) it was read from.
    pub origin: Origin,
    /// The date on its mbox `From ` line, the fallback INTERNALDATE.
    pub envelope_date: Option<DateTime<FixedOffset>>,
}

/// Where a seeded message came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file, or a description such as `seed_messages`.
    pub path: String,
    /// 1-based number of the message in an mbox (or in a list).
    pub message: Option<usize>,
    /// 1-based line of the message's start (an mbox's `From ` line).
    pub line: Option<usize>,
}

impl Origin {
    /// A whole file.
    pub fn file(path: impl Into<String>) -> Self {
        Origin {
            path: path.into(),
            message: None,
            line: None,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)?;
        match (self.message, self.line) {
            (Some(m), Some(l)) => write!(f, " (message {m}, line {l})"),
            (Some(m), None) => write!(f, " (message {m})"),
            (None, Some(l)) => write!(f, " (line {l})"),
            (None, None) => Ok(()),
        }
    }
}

/// A seed source that could not be used: which one, where, and why.
#[derive(Debug, thiserror::Error)]
#[error("cannot seed from {origin}: {problem}")]
pub struct SeedError {
    /// The file (and position) that was bad.
    pub origin: Origin,
    /// What was wrong.
    pub problem: SeedProblem,
}

/// What was wrong with a seed source.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SeedProblem {
    /// Reading failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A file or message with no bytes at all.
    #[error("the message is empty")]
    Empty,
    /// The first line is not a header field, so this is not a message.
    #[error("not an RFC 5322 message: the first line {first_line:?} is not a header field")]
    NoHeader {
        /// The offending line (shortened).
        first_line: String,
    },
    /// A directory without a single `.eml` file.
    #[error("no .eml files in this directory")]
    NoMessages,
    /// The account to seed does not exist (and the mock is not in open
    /// mode, which would create it).
    #[error("no account {0:?} on this mock (open mode would create it)")]
    NoSuchAccount(String),
    /// Seeding "the first account" of a mode that has none.
    #[error("this mode has no accounts to seed; name one (seed_mailbox / --seed-account)")]
    NoAccount,
    /// The account address to create is not an address.
    #[error("{0:?} is not an email address")]
    BadAddress(String),
}

impl SeedError {
    pub(crate) fn new(origin: Origin, problem: impl Into<SeedProblem>) -> Self {
        SeedError {
            origin,
            problem: problem.into(),
        }
    }

    pub(crate) fn at(path: &std::path::Path, problem: impl Into<SeedProblem>) -> Self {
        SeedError::new(Origin::file(path.display().to_string()), problem)
    }
}

/// What to seed, as configured on the builder.
#[derive(Debug, Clone)]
pub(crate) enum SeedSource {
    /// A directory of `.eml` files, an mbox, or one message file.
    Path(PathBuf),
    /// Raw messages from the API.
    Messages(Vec<Bytes>),
}

impl SeedSource {
    /// Reads and checks every message (file I/O for paths).
    pub(crate) fn load(&self) -> Result<Vec<SeedMessage>, SeedError> {
        match self {
            SeedSource::Path(p) => load_path(p),
            SeedSource::Messages(m) => messages_from_bytes("seed_messages", m.iter().cloned()),
        }
    }

    /// How to name this source in an error about its target account.
    pub(crate) fn origin(&self) -> Origin {
        match self {
            SeedSource::Path(p) => Origin::file(p.display().to_string()),
            SeedSource::Messages(_) => Origin::file("seed_messages"),
        }
    }
}

#[cfg(test)]
mod tests;
