//! Probes: each protocol is exercised step by step over the doctor's own
//! connection, and every step is recorded with its outcome, timing and the
//! exact (redacted) lines exchanged.
//!
//! Layout: `conn` (DNS, TCP, framing), [`tls`] (the handshake and what
//! its failures mean), `imap` and `smtp` (one probe each, in the order a
//! mail client meets each problem). This module holds what both record:
//! steps, outcomes, failures and the transcript.
//!
//! A probe never returns an error: whatever happens becomes a recorded
//! step and, at the first failure, a typed [`Failure`] that the classifier
//! reads. Secrets never reach the recorder — the probes record commands
//! through their transcript forms, which print `[REDACTED]`.
//!
//! # Three records of one run
//!
//! Each protocol's run keeps three things, each for a different reader:
//!
//! - **steps** ([`Step`]): one row per step with its outcome, time and a
//!   typed [`Detail`] — the table at the end of every report, said in the
//!   report's language;
//! - **the failure** ([`Failed`]): the first failing step and its typed
//!   [`Failure`] — what the classifier reads, never shown as such;
//! - **the transcript** ([`WireLine`]): every line exchanged, redacted —
//!   what a technician reads with `--verbose`, and the proof behind both.
//!
//! They are recorded together, by the same call, so they cannot disagree:
//! a step cannot say "ok" while the failure says otherwise.
//!
//! # Why stop at the first failure
//!
//! Later steps depend on earlier ones (no sign-in without a connection, no
//! INBOX without a sign-in), and the first failure is the one to fix: the
//! article's ladder is about the first refusal a client meets. Running on
//! would add noise — a second refusal caused by the first — to the
//! evidence. The rows after the failure are recorded as skipped, so the
//! reader sees how far the probe got.

pub(crate) mod conn;
pub mod detail;
pub(crate) mod imap;
pub mod mx;
/// The delivered copy's From address.
mod sender;
pub(crate) mod smtp;
pub mod tls;

use std::net::SocketAddr;
use std::time::Instant;

use gmail_wire::imap::StatusResponse;
use gmail_wire::smtp::Reply;
use serde::Serialize;

pub use conn::NetFailure;
pub use detail::{Detail, OfferedBy};
pub use tls::{client_config, TlsFailure};

use crate::config::Endpoint;
use crate::Protocol;

/// The steps, in probe order.
///
/// The step is also the *stage* the classifier reads first: the same
/// `5.7.1` means "credentials" at [`StepKind::SmtpAuth`] and "sending policy"
/// at [`StepKind::Envelope`].
///
/// The serde names are the JSON's stable step names; two variants keep
/// their old names (`authenticate`, `auth`) though the Rust names changed,
/// because JSON consumers match on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    /// The login domain's MX records: whether the mailbox is at Google at
    /// all (the one row of the [`Channel::Dns`] channel, before both
    /// probes).
    Mx,
    /// Name resolution: proves the host name exists.
    Resolve,
    /// TCP connect: proves something listens on the port.
    Connect,
    /// TLS handshake (implicit TLS or after STARTTLS): proves the port
    /// speaks TLS and the certificate is trusted for the host.
    TlsHandshake,
    /// The server's greeting: proves it is the right protocol's server.
    Greeting,
    /// IMAP CAPABILITY: what the server offers (STARTTLS, SASL-IR, AUTH=).
    Capability,
    /// STARTTLS: the command and its handshake.
    Starttls,
    /// IMAP LOGIN / AUTHENTICATE: the sign-in, where most refusals are.
    /// (Named apart from [`StepKind::SmtpAuth`] by protocol; the stable
    /// name in JSON stays `authenticate`.)
    #[serde(rename = "authenticate")]
    ImapLogin,
    /// IMAP SELECT INBOX (read-only): the mailbox opens.
    SelectInbox,
    /// SMTP EHLO: what the server offers (STARTTLS, AUTH mechanisms).
    Ehlo,
    /// SMTP AUTH: the sign-in for sending (stable name `auth`).
    #[serde(rename = "auth")]
    SmtpAuth,
    /// SMTP MAIL FROM / RCPT TO / RSET: the account may send (where
    /// Workspace's sending policy refuses).
    Envelope,
    /// SMTP: a real message to the account itself.
    SendTest,
    /// IMAP: the test message arrived.
    Delivery,
}

impl StepKind {
    /// Stable name (JSON, reports).
    pub fn as_str(self) -> &'static str {
        match self {
            StepKind::Mx => "mx",
            StepKind::Resolve => "resolve",
            StepKind::Connect => "connect",
            StepKind::TlsHandshake => "tls-handshake",
            StepKind::Greeting => "greeting",
            StepKind::Capability => "capability",
            StepKind::Starttls => "starttls",
            StepKind::ImapLogin => "authenticate",
            StepKind::SelectInbox => "select-inbox",
            StepKind::Ehlo => "ehlo",
            StepKind::SmtpAuth => "auth",
            StepKind::Envelope => "envelope",
            StepKind::SendTest => "send-test",
            StepKind::Delivery => "delivery",
        }
    }
}

/// What a probe row exercised: the login domain's DNS (the MX step), or
/// one of the two mail protocols.
///
/// Apart from [`Protocol`] because the MX step belongs to neither
/// protocol, and everything that reasons about IMAP and SMTP (the
/// classifier, the advice) must not have to answer for a third. The JSON
/// names are the protocol's (`imap`, `smtp`) plus `dns`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// The login domain's MX lookup.
    Dns,
    /// Receiving.
    Imap,
    /// Sending.
    Smtp,
}

impl From<Protocol> for Channel {
    fn from(p: Protocol) -> Channel {
        match p {
            Protocol::Imap => Channel::Imap,
            Protocol::Smtp => Channel::Smtp,
        }
    }
}

/// How a step ended.
///
/// "Skipped" is distinct from "failed" so that the report never blames a
/// step that was not tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// It worked.
    Ok,
    /// It failed (see the protocol's failure).
    Failed,
    /// Not attempted (an earlier step failed, or not requested).
    Skipped,
}

/// One recorded step.
///
/// The JSON renders `detail` as one line in the language asked for
/// (`report::json`), as it always has; the typed detail is for the text
/// renderer and library users.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// DNS (the MX step), IMAP or SMTP.
    pub protocol: Channel,
    /// Which step.
    pub step: StepKind,
    /// Ok / failed / skipped.
    pub outcome: Outcome,
    /// What the step found, typed (server quotes verbatim inside); the
    /// renderers say it in the report's language.
    pub detail: Detail,
    /// Wall time in milliseconds.
    pub elapsed_ms: u64,
}

/// The MX step as a probe row: ok when DNS named exchangers (whether
/// they are Google's is the classifier's to say), failed when the domain
/// or its MX records do not exist or DNS did not answer, skipped when not
/// looked up.
impl From<&mx::MxCheck> for Step {
    fn from(c: &mx::MxCheck) -> Step {
        let outcome = match c.finding {
            mx::MxFinding::Exchangers { .. } => Outcome::Ok,
            mx::MxFinding::NotChecked => Outcome::Skipped,
            _ => Outcome::Failed,
        };
        Step {
            protocol: Channel::Dns,
            step: StepKind::Mx,
            outcome,
            detail: Detail::Mx {
                domain: c.domain.clone(),
                finding: c.finding.clone(),
            },
            elapsed_ms: c.elapsed_ms,
        }
    }
}

/// Who said a transcript line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dir {
    /// The doctor (`C:`).
    Client,
    /// The server (`S:`).
    Server,
}

/// One transcript line (secrets already redacted).
///
/// Lines are stored without their direction prefix so the JSON can keep
/// them as data; [`WireLine::render`] adds `C:`/`S:` for reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WireLine {
    /// Who.
    pub dir: Dir,
    /// The text without CRLF.
    pub text: String,
}

impl WireLine {
    /// `C: …` / `S: …`.
    pub fn render(&self) -> String {
        match self.dir {
            Dir::Client => format!("C: {}", self.text),
            Dir::Server => format!("S: {}", self.text),
        }
    }
}

/// What made a step fail.
///
/// A server's refusal is kept typed and whole — the IMAP status with its
/// code and the untagged lines before it, the SMTP reply with its basic
/// and enhanced codes and its line breaks — because the classifier reads
/// the codes before the words, and the report quotes the lines verbatim.
/// Failures the doctor itself decided (no STARTTLS offered, no secret
/// sent without TLS) have their own variants rather than invented replies.
///
/// Serialisation writes each server response as its wire line(s), so a
/// dump of the failure reads like the transcript.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Failure {
    /// Network or TLS.
    Net {
        /// The typed problem.
        problem: NetFailure,
    },
    /// An IMAP status response (NO / BAD / BYE), with the untagged status
    /// lines that came before it (WEBALERT, BYE, ALERT).
    Imap {
        /// The deciding response.
        #[serde(serialize_with = "ser_status")]
        response: StatusResponse,
        /// Untagged status lines seen during the command.
        #[serde(serialize_with = "ser_statuses")]
        untagged: Vec<StatusResponse>,
    },
    /// An SMTP reply outside 2xx/3xx.
    Smtp {
        /// The reply.
        #[serde(serialize_with = "ser_reply")]
        reply: Reply,
    },
    /// Google refused an OAuth token with its JSON error challenge
    /// (IMAP `+ <base64>`, SMTP `334 <base64>`), before the final `NO` /
    /// `535`. The JSON says why (`"status":"400"`, the scope needed), which
    /// the final reply does not.
    OAuth {
        /// The decoded JSON (not secret).
        json: String,
    },
    /// The server does not offer STARTTLS although it was chosen.
    NoStarttls,
    /// No secret was sent: security "none" was chosen, or the server
    /// offers no AUTH mechanism on a plaintext connection. The doctor never
    /// sends a password unencrypted to find out whether it works.
    NoAuth,
    /// The test message did not arrive in time.
    NotDelivered,
    /// The test message arrived with another From address than it was sent
    /// as: Gmail rewrote the sender (DESIGN.md "Sending").
    FromRewritten {
        /// The address it was sent as.
        requested: String,
        /// The address the delivered copy carries.
        delivered: String,
    },
}

/// Serialises an IMAP status as its wire line (JSON shows what was sent).
fn ser_status<S: serde::Serializer>(r: &StatusResponse, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(
        String::from_utf8_lossy(&gmail_wire::imap::Response::Status(r.clone()).to_bytes())
            .trim_end(),
    )
}

/// Serialises IMAP status lines as their wire lines.
fn ser_statuses<S: serde::Serializer>(v: &[StatusResponse], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(v.len()))?;
    for r in v {
        seq.serialize_element(
            String::from_utf8_lossy(&gmail_wire::imap::Response::Status(r.clone()).to_bytes())
                .trim_end(),
        )?;
    }
    seq.end()
}

/// Serialises an SMTP reply as its wire lines, enhanced codes included.
fn ser_reply<S: serde::Serializer>(r: &Reply, s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(r.wire_lines())
}

/// Where and why a protocol's probe stopped.
///
/// The step matters as much as the failure: the same `5.7.1` reply means
/// a sign-in problem at AUTH and a sending policy at MAIL FROM.
#[derive(Debug, Clone, Serialize)]
pub struct Failed {
    /// The failing step.
    pub step: StepKind,
    /// Why.
    pub failure: Failure,
}

/// Everything one protocol's probe found.
///
/// `connected_to` is kept out of the JSON: under a mapping it is a local
/// test address, and it would differ on every run.
#[derive(Debug, Clone, Serialize)]
pub struct ProtocolRun {
    /// IMAP or SMTP.
    pub protocol: Protocol,
    /// The settings as typed.
    pub endpoint: Endpoint,
    /// The address actually connected to (may differ under a mapping).
    #[serde(skip)]
    pub connected_to: Option<SocketAddr>,
    /// Steps in order.
    pub steps: Vec<Step>,
    /// The first failure, if any.
    pub failure: Option<Failed>,
    /// The exchange, redacted.
    pub transcript: Vec<WireLine>,
    /// Capabilities (IMAP CAPABILITY or SMTP EHLO keywords) after TLS.
    pub capabilities: Vec<String>,
    /// Authentication succeeded.
    pub authenticated: bool,
    /// Later steps were skipped because an earlier one failed.
    pub stopped_early: bool,
}

/// Builds a [`ProtocolRun`] step by step.
///
/// The run is public so that the delivery check (in `crate::diagnose`) can
/// append its step to the SMTP run after the IMAP side has looked.
#[derive(Debug)]
pub struct Recorder {
    /// The run so far.
    pub run: ProtocolRun,
}

/// Every probe step goes through these three calls (`ok`, `fail`,
/// `skip`), which is what keeps the step table, the failure and the
/// transcript consistent.
impl Recorder {
    /// An empty run for `protocol` with the settings as typed.
    pub fn new(protocol: Protocol, endpoint: Endpoint) -> Self {
        Recorder {
            run: ProtocolRun {
                protocol,
                endpoint,
                connected_to: None,
                steps: Vec::new(),
                failure: None,
                transcript: Vec::new(),
                capabilities: Vec::new(),
                authenticated: false,
                stopped_early: false,
            },
        }
    }

    /// Records a step that worked, timed from `started`.
    pub fn ok(&mut self, step: StepKind, started: Instant, detail: Detail) {
        self.push(step, Outcome::Ok, started, detail);
    }

    /// Records a failed step. Only the first failure is kept as the run's
    /// failure: the probe stops there, and it is the one to fix first.
    pub fn fail(&mut self, step: StepKind, started: Instant, detail: Detail, failure: Failure) {
        self.push(step, Outcome::Failed, started, detail);
        if self.run.failure.is_none() {
            self.run.failure = Some(Failed { step, failure });
        }
    }

    /// Records a step that was not attempted.
    pub fn skip(&mut self, step: StepKind) {
        self.run.steps.push(Step {
            protocol: self.run.protocol.into(),
            step,
            outcome: Outcome::Skipped,
            detail: Detail::None,
            elapsed_ms: 0,
        });
    }

    /// Appends a step with its wall time in milliseconds (timings are
    /// redacted in snapshots; they matter to a person reading one report).
    fn push(&mut self, step: StepKind, outcome: Outcome, started: Instant, detail: Detail) {
        self.run.steps.push(Step {
            protocol: self.run.protocol.into(),
            step,
            outcome,
            detail,
            elapsed_ms: started.elapsed().as_millis() as u64,
        });
    }

    /// Records what the doctor sent (already redacted by the caller).
    pub fn client(&mut self, text: impl Into<String>) {
        self.run.transcript.push(WireLine {
            dir: Dir::Client,
            text: text.into(),
        });
    }

    /// Records server bytes, one line per line, literals summarised.
    ///
    /// A literal (`{n}` at the end of a line, then n bytes) is replaced by
    /// `<n bytes>`: message bodies are not evidence and may be large, and a
    /// line is capped at 2,000 characters for the same reason.
    pub fn server(&mut self, raw: &[u8]) {
        let text = String::from_utf8_lossy(raw);
        let mut lines = text.split("\r\n").filter(|l| !l.is_empty()).peekable();
        while let Some(l) = lines.next() {
            let mut l = l.to_owned();
            if let Some(open) = l.rfind('{') {
                if l.ends_with('}')
                    && l[open + 1..l.len() - 1].bytes().all(|b| b.is_ascii_digit())
                    && lines.peek().is_some()
                {
                    let n = &l[open + 1..l.len() - 1].to_owned();
                    l.push_str(&format!("<{n} bytes>"));
                    lines.next();
                }
            }
            self.run.transcript.push(WireLine {
                dir: Dir::Server,
                text: l.chars().take(2000).collect(),
            });
        }
    }
}
