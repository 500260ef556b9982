//! What each probe step found, as data in no language.
//!
//! Why typed: the same step detail is shown in the English report, the
//! Polish report and the JSON, so the probe records *what* happened (the
//! addresses resolved, the port, the TLS version, the typed failure) and
//! the renderers say it through the catalogues (`crate::advice::findings`).
//! Only the servers' own words — a greeting, a refusal, the capability
//! list — are kept as text, in [`Detail::Server`], because they are
//! evidence and are quoted exactly as received in every language.
//!
//! # Adding a detail
//!
//! A new variant needs its message in both catalogues and its arm in
//! `advice::findings::detail`; the match there is exhaustive, so the
//! compiler points at the missing arm, and the catalogue parity test at a
//! message missing in one language. English texts are the ones the report
//! had before the details were typed, word for word: the English text and
//! JSON reports did not change when this type was introduced.

use std::net::IpAddr;

use serde::Serialize;

use super::conn::NetFailure;

/// Which command's answer lacked STARTTLS: the IMAP `CAPABILITY` list or
/// the SMTP `EHLO` keywords (the detail names the command the reader can
/// find in the transcript).
///
/// A unit enum rather than the protocol: the detail names the command,
/// which is what the transcript shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OfferedBy {
    /// IMAP `CAPABILITY`.
    Capability,
    /// SMTP `EHLO`.
    Ehlo,
}

/// One step's detail: the doctor's own finding, typed, or a server quote.
///
/// Serialised with a `kind` tag for library users who serialise a
/// [`super::Step`] themselves; the report's JSON says the detail as a
/// line of text instead, so its schema did not change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Detail {
    /// Nothing to say (a skipped step).
    None,
    /// The host name resolved to these addresses (or the mapping's).
    Resolved {
        /// The host as typed.
        host: String,
        /// The addresses, in the resolver's order.
        addrs: Vec<IpAddr>,
    },
    /// The host name did not resolve.
    Unresolved {
        /// The host as typed.
        host: String,
        /// Why (no such host, or DNS itself failed).
        problem: NetFailure,
    },
    /// The TCP connection was accepted on this port.
    Connected {
        /// The port as typed.
        port: u16,
    },
    /// The TCP connection failed on this port.
    NotConnected {
        /// The port as typed.
        port: u16,
        /// Refused, timed out, or another connect error.
        problem: NetFailure,
    },
    /// The TLS handshake succeeded and the certificate is valid for the
    /// host typed (which is why the host is the certificate's name here).
    Tls {
        /// The negotiated version as rustls names it (`TLSv1_3`).
        version: String,
        /// The host the certificate was verified for.
        host: String,
    },
    /// A network or TLS failure after the connection was made.
    Failed {
        /// The typed problem.
        problem: NetFailure,
    },
    /// The server's own words, quoted verbatim in every language: a
    /// greeting, a refusal, the capability or EHLO keyword list.
    Server {
        /// The text as received (already redacted: servers never echo
        /// the secret).
        text: String,
    },
    /// INBOX opened read-only and holds this many messages.
    Inbox {
        /// The `EXISTS` count.
        exists: u64,
    },
    /// STARTTLS was accepted and the handshake after it succeeded.
    Upgraded,
    /// STARTTLS was chosen but the server does not offer it.
    NoStarttls {
        /// Which answer lacked it.
        offered_by: OfferedBy,
    },
    /// The server sent bytes after accepting STARTTLS and before the
    /// handshake (the STARTTLS injection class): the doctor stops there.
    DataBeforeHandshake,
    /// Security "none": the doctor sent no credentials at all.
    NoSecretWithoutTls,
    /// The server would accept AUTH without any credentials (it was
    /// cancelled): recorded as a failure, since no real sign-in happened.
    AcceptedWithoutSecret,
    /// Google refused the OAuth token with its JSON challenge.
    OAuthRefused {
        /// The decoded JSON (not secret).
        json: String,
        /// The final refusal line(s) after the challenge, empty if none
        /// came.
        reply: String,
    },
    /// MAIL FROM and RCPT TO the account itself were both accepted.
    Envelope {
        /// The account's address.
        email: String,
        /// The sender (`--from`) when it is not the account's address;
        /// `None` when the envelope was sent as the account itself.
        #[serde(skip_serializing_if = "Option::is_none")]
        from: Option<String>,
    },
    /// The test message was accepted for delivery.
    Sent {
        /// Its Message-ID.
        message_id: String,
    },
    /// The MX step: what DNS said about the login's domain.
    Mx {
        /// The domain.
        domain: String,
        /// The exchangers, or why there are none.
        finding: super::mx::MxFinding,
    },
    /// The test message arrived in INBOX.
    Delivered {
        /// Its Message-ID.
        message_id: String,
    },
    /// The test message did not arrive in time.
    NotDelivered {
        /// Its Message-ID.
        message_id: String,
    },
    /// The test message arrived, but its `From:` carries another address
    /// than the one it was sent as: Gmail rewrote it to the account's own
    /// (what happens to an outside address not set up under "Send mail
    /// as").
    FromRewritten {
        /// Its Message-ID.
        message_id: String,
        /// The address it was sent as (`--from`).
        requested: String,
        /// The address the delivered copy carries.
        delivered: String,
    },
}

/// Shorthands for the two details most steps record, so a probe's code
/// says "the server's words" or "this failure" rather than building the
/// variant by hand each time.
impl Detail {
    /// A server quote.
    pub fn server(text: impl Into<String>) -> Detail {
        Detail::Server { text: text.into() }
    }

    /// A failure after the connection was made.
    pub fn failed(problem: &NetFailure) -> Detail {
        Detail::Failed {
            problem: problem.clone(),
        }
    }
}
