//! The mock's limits and timeouts ([`Options`]): what a builder or
//! `serve` may tune, each default with the reason for its value.

use std::time::Duration;

use gmail_wire::imap::FrameLimits;

/// Limits, timeouts and where transcripts go.
#[derive(Debug, Clone)]
pub struct Options {
    /// IMAP framing caps (line length, literal size).
    pub imap_limits: FrameLimits,
    /// SMTP command line cap. RFC 5321 §4.5.3.1.4 says 512 octets including
    /// CRLF; Gmail tolerates more, so the cap is generous but bounded.
    pub smtp_max_line: usize,
    /// SMTP message size limit (Gmail's advertised SIZE).
    pub smtp_max_message: usize,
    /// Close an IMAP session idle this long (RFC 3501: at least 30 min).
    pub imap_idle_timeout: Duration,
    /// Close an SMTP session idle this long (RFC 5321 suggests 5 min).
    pub smtp_idle_timeout: Duration,
    /// Give up on a TLS handshake after this long.
    pub handshake_timeout: Duration,
    /// Connections served at once across all listeners.
    pub max_connections: usize,
    /// Captured submissions kept ([`crate::MockHandle::messages`]); the
    /// oldest are dropped and counted beyond it. 0 = unlimited. 500, as
    /// Mailpit's default: enough to inspect a test run, bounded for a
    /// `serve` left running for days (see [`crate::retention`]).
    pub max_messages: usize,
    /// Connection transcripts kept in memory, likewise (0 = unlimited).
    /// `transcript_dir` still writes every one to disk.
    pub max_transcripts: usize,
    /// How long an idling IMAP session waits after a store change before
    /// pushing updates, so a burst is reported once (one `EXISTS`). Keep it
    /// well under the 100 ms a push may take.
    pub imap_push_coalesce: Duration,
    /// Write each connection's transcript here when it ends (see
    /// [`crate::transcript_dir`]); `None`: keep them in memory only.
    pub transcript_dir: Option<crate::transcript_dir::TranscriptDir>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            imap_limits: FrameLimits::default(),
            smtp_max_line: 4096,
            smtp_max_message: 35_882_577,
            imap_idle_timeout: Duration::from_secs(30 * 60),
            smtp_idle_timeout: Duration::from_secs(5 * 60),
            handshake_timeout: Duration::from_secs(10),
            max_connections: 20_000,
            max_messages: 500,
            max_transcripts: 500,
            imap_push_coalesce: Duration::from_millis(20),
            transcript_dir: None,
        }
    }
}
