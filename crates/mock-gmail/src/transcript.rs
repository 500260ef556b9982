//! Per-connection transcripts, redacted at the point of capture.
//!
//! Client lines are recorded from the *typed* command's
//! `transcript_line()`, which prints `[REDACTED]` for passwords, SASL
//! payloads and tokens; lines that fail to parse go through
//! [`redact_raw`]; SASL continuation lines are never recorded. Message bodies
//! are summarised by size. So no secret reaches a transcript, a log or the
//! HTTP API, whatever the client sends.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use tokio::time::Instant;

use gmail_wire::secret::REDACTED;

use crate::retention::{Retention, Ring};

/// Which server a transcript belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    /// IMAP.
    Imap,
    /// SMTP.
    Smtp,
}

/// Which listener accepted the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ListenerKind {
    /// IMAP over implicit TLS (like 993).
    Imaps,
    /// IMAP plaintext with STARTTLS (like 143).
    Imap,
    /// SMTP over implicit TLS (like 465).
    Smtps,
    /// SMTP submission with STARTTLS (like 587).
    Submission,
    /// The Workspace SMTP relay service (smtp-relay.gmail.com; STARTTLS,
    /// like its ports 587 and 25).
    #[serde(rename = "smtp_relay", alias = "smtp-relay")]
    SmtpRelay,
}

impl ListenerKind {
    /// The protocol spoken.
    pub fn protocol(self) -> Protocol {
        match self {
            ListenerKind::Imaps | ListenerKind::Imap => Protocol::Imap,
            ListenerKind::Smtps | ListenerKind::Submission | ListenerKind::SmtpRelay => {
                Protocol::Smtp
            }
        }
    }

    /// Name used in logs and the ready line.
    pub fn as_str(self) -> &'static str {
        match self {
            ListenerKind::Imaps => "imaps",
            ListenerKind::Imap => "imap",
            ListenerKind::Smtps => "smtps",
            ListenerKind::Submission => "submission",
            ListenerKind::SmtpRelay => "smtp_relay",
        }
    }

    /// Whether the listener offers STARTTLS (plaintext first).
    pub fn offers_starttls(self) -> bool {
        matches!(
            self,
            ListenerKind::Imap | ListenerKind::Submission | ListenerKind::SmtpRelay
        )
    }

    /// The SMTP relay service rather than smtp.gmail.com.
    pub fn is_relay(self) -> bool {
        self == ListenerKind::SmtpRelay
    }

    /// Whether the listener starts with TLS.
    pub fn implicit_tls(self) -> bool {
        matches!(self, ListenerKind::Imaps | ListenerKind::Smtps)
    }
}

/// Who sent a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Client to server (`C:`).
    Client,
    /// Server to client (`S:`).
    Server,
    /// Something that happened (TLS handshake, close).
    Event,
}

/// One recorded line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    /// Who.
    pub dir: Direction,
    /// Milliseconds since the connection was accepted.
    pub at_ms: u64,
    /// The text, without CRLF, secrets redacted.
    pub text: String,
}

/// One connection's exchange.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transcript {
    /// Sequence number within this mock.
    pub id: u64,
    /// IMAP or SMTP.
    pub protocol: Protocol,
    /// Which listener.
    pub listener: ListenerKind,
    /// The client's address.
    pub peer: SocketAddr,
    /// The account that signed in, once known.
    pub account: Option<String>,
    /// The lines, in order.
    pub lines: Vec<Line>,
    /// The connection has ended.
    pub closed: bool,
}

impl Transcript {
    /// `C: …` / `S: …` / `*: …` text, one line each.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        for l in &self.lines {
            let p = match l.dir {
                Direction::Client => "C: ",
                Direction::Server => "S: ",
                Direction::Event => "-- ",
            };
            s.push_str(p);
            s.push_str(&l.text);
            s.push('\n');
        }
        s
    }
}

/// Limits that keep transcripts bounded under load.
const MAX_LINES: usize = 4000;
const MAX_LINE_CHARS: usize = 1000;

/// Writes into one transcript.
#[derive(Debug, Clone)]
pub struct Recorder {
    inner: Arc<Mutex<Transcript>>,
    started: Instant,
}

impl Recorder {
    fn push(&self, dir: Direction, text: &str) {
        let mut t = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if t.lines.len() >= MAX_LINES {
            if t.lines.len() == MAX_LINES {
                let at_ms = self.started.elapsed().as_millis() as u64;
                t.lines.push(Line {
                    dir: Direction::Event,
                    at_ms,
                    text: "transcript truncated".into(),
                });
            }
            return;
        }
        let mut text = printable(text.trim_end_matches(['\r', '\n']));
        if text.len() > MAX_LINE_CHARS {
            let cut = (0..=MAX_LINE_CHARS)
                .rev()
                .find(|i| text.is_char_boundary(*i))
                .unwrap_or(0);
            let total = text.len();
            text.truncate(cut);
            text.push_str(&format!("… ({total} bytes)"));
        }
        let at_ms = self.started.elapsed().as_millis() as u64;
        t.lines.push(Line { dir, at_ms, text });
    }

    /// Records a client line that is already redacted (typed rendering).
    pub fn client(&self, redacted: &str) {
        self.push(Direction::Client, redacted);
    }

    /// Records a SASL continuation line sent by the client (never its
    /// content).
    pub fn client_secret(&self) {
        self.push(Direction::Client, REDACTED);
    }

    /// Records raw client bytes that did not parse, after [`redact_raw`].
    pub fn client_raw(&self, raw: &[u8]) {
        self.push(Direction::Client, &redact_raw(raw));
    }

    /// Records bytes the server sent: one line per CRLF-terminated line;
    /// literal data is summarised by size.
    pub fn server(&self, wire: &[u8]) {
        for line in summarise(wire) {
            self.push(Direction::Server, &line);
        }
    }

    /// Records an event.
    pub fn event(&self, text: &str) {
        self.push(Direction::Event, text);
    }

    /// Notes which account signed in.
    pub fn set_account(&self, email: &str) {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).account = Some(email.to_owned());
    }

    /// The connection's sequence number within its mock (the transcript's
    /// `id`), for logs and file names.
    pub fn id(&self) -> u64 {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).id
    }

    /// A copy of the transcript so far.
    pub fn snapshot(&self) -> Transcript {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Marks the transcript closed.
    pub fn close(&self) {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).closed = true;
    }
}

/// Shows control characters (a client's NUL, ESC or stray CR) as `\xNN`,
/// so a transcript is always safe to print and to read.
fn printable(text: &str) -> String {
    if !text.chars().any(|c| c.is_control() && c != '\t') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() && c != '\t' {
            out.push_str(&format!("\\x{:02x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Splits server output into lines, replacing literal data by `<n bytes>`.
fn summarise(wire: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut pending = String::new();
    let mut rest = wire;
    while !rest.is_empty() {
        let end = rest
            .iter()
            .position(|&b| b == b'\n')
            .map(|p| p + 1)
            .unwrap_or(rest.len());
        let line = &rest[..end];
        rest = &rest[end..];
        let text = String::from_utf8_lossy(line);
        let text = text.trim_end_matches(['\r', '\n']);
        pending.push_str(text);
        // A line ending in {n} announces n bytes of literal data.
        if let Some(n) = literal_len(text) {
            let take = n.min(rest.len());
            pending.push_str(&format!("<{n} bytes>"));
            rest = &rest[take..];
            continue;
        }
        out.push(std::mem::take(&mut pending));
    }
    if !pending.is_empty() {
        out.push(pending);
    }
    out
}

fn literal_len(line: &str) -> Option<usize> {
    let inner = line.strip_suffix('}')?;
    let open = inner.rfind('{')?;
    inner[open + 1..].trim_end_matches('+').parse().ok()
}

/// Redacts a raw client line that did not parse: everything after a
/// `LOGIN user` or an `AUTHENTICATE`/`AUTH mech` is replaced, and any line
/// that looks like base64 alone (a stray SASL payload) is hidden.
///
/// The line did not parse, so nothing about its shape can be trusted: the
/// keyword is looked for anywhere (any case), and words may be separated by
/// any whitespace or control byte (`LOGIN\tuser\tpw`, `LOGIN\0user\0pw`)
/// or by nothing at all (then everything after the keyword goes).
pub fn redact_raw(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    let text = text.trim_end_matches(['\r', '\n']);
    // ASCII upper-casing keeps byte offsets, so positions carry over.
    let upper = text.to_ascii_uppercase();
    let keyword = ["AUTHENTICATE", "LOGIN", "AUTH"]
        .iter()
        .filter_map(|k| upper.find(k).map(|p| (p, p + k.len())))
        .min_by_key(|(p, _)| *p);
    if let Some((_, kw_end)) = keyword {
        let is_sep = |c: char| c.is_whitespace() || c.is_control();
        let rest = &text[kw_end..];
        let after_sep = rest.trim_start_matches(is_sep);
        if !rest.is_empty() && after_sep.len() == rest.len() {
            // Glued to the keyword: no telling where a secret starts.
            return format!("{} {REDACTED}", &text[..kw_end]);
        }
        // Keep the next word (user name or mechanism), hide the rest.
        let word = after_sep.find(is_sep).unwrap_or(after_sep.len());
        let keep = kw_end + (rest.len() - after_sep.len()) + word;
        if text[keep..].trim_matches(is_sep).is_empty() {
            return text.to_owned();
        }
        return format!("{} {REDACTED}", &text[..keep]);
    }
    let b64ish = text.len() >= 8
        && !text.contains(' ')
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='));
    if b64ish {
        return REDACTED.to_owned();
    }
    text.to_owned()
}

/// All transcripts of one mock, bounded (oldest dropped first and
/// counted; see [`crate::retention`]).
#[derive(Debug)]
pub struct TranscriptLog {
    inner: Mutex<Ring<Arc<Mutex<Transcript>>>>,
}

impl TranscriptLog {
    /// Keeps at most `max` transcripts (0 = unlimited).
    pub fn new(max: usize) -> Self {
        TranscriptLog {
            inner: Mutex::new(Ring::new(max)),
        }
    }

    /// Starts a transcript for a new connection. A connection whose
    /// transcript is dropped while it is still open keeps recording into
    /// its own copy (for `transcript_dir`), which is freed when it ends.
    pub fn start(&self, listener: ListenerKind, peer: SocketAddr) -> Recorder {
        let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let t = Arc::new(Mutex::new(Transcript {
            id: g.next_id(),
            protocol: listener.protocol(),
            listener,
            peer,
            account: None,
            lines: Vec::new(),
            closed: false,
        }));
        g.push(t.clone());
        Recorder {
            inner: t,
            started: Instant::now(),
        }
    }

    /// Copies of all kept transcripts, oldest first.
    pub fn snapshot(&self) -> Vec<Transcript> {
        let g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        g.iter()
            .map(|t| t.lock().unwrap_or_else(|e| e.into_inner()).clone())
            .collect()
    }

    /// How many are kept, the bound, and how many were dropped.
    pub fn retention(&self) -> Retention {
        self.inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retention()
    }

    /// Forgets all transcripts and the drop count.
    pub fn clear(&self) {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_redaction() {
        assert_eq!(
            redact_raw(b"a1 LOGIN bob secret extra\r\n"),
            "a1 LOGIN bob [REDACTED]"
        );
        assert_eq!(redact_raw(b"a1 login bob\r\n"), "a1 login bob");
        assert_eq!(
            redact_raw(b"AUTH PLAIN AGJvYgBwdw==\r\n"),
            "AUTH PLAIN [REDACTED]"
        );
        assert_eq!(
            redact_raw(b"dXNlcj1ib2IBYXV0aD1CZWFyZXI=\r\n"),
            "[REDACTED]"
        );
        assert_eq!(redact_raw(b"a2 FOO bar\r\n"), "a2 FOO bar");
        // Odd separators and glued keywords (these lines do not parse, so
        // they reach this function).
        assert_eq!(
            redact_raw(b"a1 LOGIN\tbob\tsecret\r\n"),
            "a1 LOGIN\tbob [REDACTED]"
        );
        assert_eq!(
            redact_raw(b"a1 LOGIN\0bob\0secret\r\n"),
            "a1 LOGIN\0bob [REDACTED]"
        );
        assert_eq!(redact_raw(b"a1 LOGINbob secret\r\n"), "a1 LOGIN [REDACTED]");
        assert_eq!(
            redact_raw(b"a1 login  bob  secret\r\n"),
            "a1 login  bob [REDACTED]"
        );
        assert_eq!(
            redact_raw(b"AUTH\tPLAIN\tAGJvYgBwdw==\r\n"),
            "AUTH\tPLAIN [REDACTED]"
        );
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(printable("a\u{0}b\u{1b}[31m"), "a\\x00b\\x1b[31m");
        assert_eq!(printable("tab\tok"), "tab\tok");
    }

    #[test]
    fn literal_summary() {
        let lines = summarise(b"* 1 FETCH (BODY[] {5}\r\nhello)\r\na OK Success\r\n");
        assert_eq!(
            lines,
            vec!["* 1 FETCH (BODY[] {5}<5 bytes>)", "a OK Success"]
        );
    }
}
