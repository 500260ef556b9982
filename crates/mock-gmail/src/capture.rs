//! What the mock captures of each accepted submission
//! ([`CapturedMessage`]), kept in a bounded ring by the world.

use bytes::Bytes;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A message accepted over SMTP.
#[derive(Debug, Clone, Serialize)]
pub struct CapturedMessage {
    /// Sequence number within this mock.
    pub id: u64,
    /// The account that authenticated.
    pub account: String,
    /// `MAIL FROM`.
    pub mail_from: String,
    /// `RCPT TO`s.
    pub recipients: Vec<String>,
    /// When it was accepted (mock clock).
    pub received_at: DateTime<Utc>,
    /// The message as received (dot-unstuffed), byte for byte.
    #[serde(skip)]
    pub raw: Bytes,
}

impl CapturedMessage {
    /// The top-level header fields as (name, value) pairs in order, with
    /// RFC 2047 words decoded: for people reading a capture (the console),
    /// not for byte comparisons (use `raw`).
    pub fn headers(&self) -> Vec<(String, String)> {
        crate::mime::header_fields(&self.raw)
    }

    /// The decoded text of every `text/*` part (transfer encoding undone,
    /// charset converted to UTF-8), best effort: what the message says.
    pub fn text(&self) -> String {
        crate::mime::body_for_search(&self.raw)
    }
}
