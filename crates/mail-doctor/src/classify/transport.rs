//! Verdicts about reaching the server: DNS, TCP, TLS, the greeting, and
//! sockets that close or stall.
//!
//! One question runs through every rule here: *are these Gmail's settings?*
//! If the customer typed Gmail's host, port and security, a failure to
//! connect is the network's fault (a firewall, a proxy, an antivirus
//! intercepting TLS: `check-network`, `check-tls-interception`) or
//! Google's (`retry-later`). If they typed something else, the settings
//! are the first suspect (`fix-connection-settings`, with the
//! [`SettingsIssue`] naming what is wrong).
//!
//! TLS failures are read from the typed [`TlsFailure`], and the split that
//! matters is whether the server spoke TLS at all:
//!
//! - **Not TLS** (plaintext where a TLS record was expected): SSL was
//!   chosen for a port that begins in plaintext (`fix-connection-settings`)
//!   — or, on Gmail's own SSL port, something else answered
//!   (`check-network`). This is the *only* finding that means "this port
//!   does not begin encrypted".
//! - **A refused certificate** (untrusted issuer, expired, not yet valid,
//!   wrong name, a CA certificate used as the server's, revoked, unusable):
//!   the port and security mode are right — TLS worked — and the
//!   certificate is what is wrong, so the step is about the certificate
//!   (`check-tls-interception`, the id whose advice is about certificates
//!   and who presents them), with a rule naming the defect. One exception:
//!   a certificate for another name when the typed host is not Gmail's
//!   means the *host* setting is wrong (`fix-connection-settings`,
//!   [`SettingsIssue::WrongHostCertificate`]).
//! - **TLS spoken, but no agreement** (an alert, no common version, a
//!   broken handshake): also not the security setting; treated like a
//!   certificate problem, as something between client and server or the
//!   server's TLS set-up.

use super::rule::Rule;
use super::verdict::Verdict;
use super::{SettingsIssue, Temporary};
use crate::config::Security;
use crate::probe::{NetFailure, ProtocolRun, StepKind, TlsFailure};
use crate::remedy::RemediationId as R;
use crate::Protocol;

/// The verdict for a network-level failure at `step`.
pub(super) fn verdict(run: &ProtocolRun, step: StepKind, problem: &NetFailure) -> Verdict {
    let ep = &run.endpoint;
    // Host, port and security all Gmail's.
    let gmail = ep.is_gmail_setting(run.protocol);
    // At least the host is Gmail's (the port or security may differ).
    let right_host = ep.host.eq_ignore_ascii_case(match run.protocol {
        Protocol::Imap => gmail_wire::google::IMAP_HOST,
        Protocol::Smtp => gmail_wire::google::SMTP_HOST,
    });
    match problem {
        NetFailure::NoSuchHost if !right_host => {
            Verdict::settings(Rule::DnsNoSuchHost, SettingsIssue::NoSuchHost)
        }
        NetFailure::NoSuchHost | NetFailure::Dns(_) | NetFailure::DnsTimeout => {
            Verdict::new(R::CheckNetwork, Rule::DnsFailed)
        }
        NetFailure::Refused if !gmail => {
            Verdict::settings(Rule::ConnectRefused, SettingsIssue::Refused)
        }
        NetFailure::ConnectTimeout if !gmail => {
            Verdict::settings(Rule::ConnectTimeout, SettingsIssue::NoAnswer)
        }
        NetFailure::ConnectTimeout => Verdict::new(R::CheckNetwork, Rule::ConnectFiltered),
        NetFailure::Refused | NetFailure::Connect(_) | NetFailure::NoAddress => {
            Verdict::new(R::CheckNetwork, Rule::ConnectBlocked)
        }
        NetFailure::Tls(failure) => tls(failure, gmail, right_host),
        NetFailure::TlsTimeout if !gmail => {
            Verdict::settings(Rule::TlsTimeoutNonGmailSettings, SettingsIssue::NoAnswer)
        }
        NetFailure::TlsTimeout => Verdict::temporary(Rule::TlsTimeout, Temporary::Slow),
        // STARTTLS or none chosen and the server says nothing: it waits
        // for a ClientHello, i.e. it is an SSL port (993, 465).
        NetFailure::Timeout if step == StepKind::Greeting && ep.security != Security::Ssl => {
            Verdict::settings(Rule::GreetingSilentTlsPort, SettingsIssue::TlsPort)
        }
        NetFailure::Timeout if !gmail => {
            Verdict::settings(Rule::TimeoutNonGmailSettings, SettingsIssue::NoAnswer)
        }
        NetFailure::Timeout => Verdict::temporary(Rule::ServerTimeout, Temporary::Slow),
        NetFailure::Garbage(text) if step == StepKind::Greeting => {
            greeting_garbage(run.protocol, text)
        }
        // A greeting past the framing limits is no protocol's greeting.
        NetFailure::TooLong if step == StepKind::Greeting => greeting_garbage(run.protocol, ""),
        NetFailure::Closed if step == StepKind::Greeting && !gmail => {
            Verdict::settings(Rule::GreetingClosed, SettingsIssue::NoAnswer)
        }
        // The server hung up on correct settings: a temporary problem on
        // Google's side (or a crash) — retrying is the step.
        NetFailure::Closed => Verdict::temporary(Rule::ConnectionDropped, Temporary::ServerError),
        NetFailure::Io(_)
        | NetFailure::Garbage(_)
        | NetFailure::TooLong
        | NetFailure::DataBeforeTls
        | NetFailure::AlreadyEncrypted => {
            Verdict::temporary(Rule::ConnectionGarbled, Temporary::ServerError).unrecognised()
        }
    }
}

/// A greeting that is not this protocol's: the other protocol's greeting
/// (`220`/`421`/`554` on the IMAP setting, `* ` on the SMTP one) means the
/// two settings were swapped or mixed; anything else is some other service.
fn greeting_garbage(protocol: Protocol, text: &str) -> Verdict {
    let other = match protocol {
        Protocol::Imap => ["220", "421", "554"].iter().any(|c| text.starts_with(c)),
        Protocol::Smtp => text.starts_with("* "),
    };
    if other {
        Verdict::settings(Rule::GreetingOtherProtocol, SettingsIssue::OtherProtocol)
    } else {
        Verdict::settings(Rule::GreetingGarbage, SettingsIssue::OtherProtocol).unrecognised()
    }
}

/// The verdict for a failed TLS handshake (see the module docs).
pub(super) fn tls(failure: &TlsFailure, gmail: bool, right_host: bool) -> Verdict {
    let certificate = |rule| Verdict::new(R::CheckTlsInterception, rule);
    match failure {
        // Gmail's own SSL port answering in plaintext is not the
        // customer's setting: something on the network (a proxy, a captive
        // portal, a firewall's fake server) answers instead.
        TlsFailure::NotTls if gmail => Verdict::new(R::CheckNetwork, Rule::TlsPlaintextOnSslPort),
        TlsFailure::NotTls => {
            Verdict::settings(Rule::TlsPlaintextPort, SettingsIssue::PlaintextPort)
        }
        // A close on the ClientHello without a word is what many plaintext
        // servers do with bytes they cannot read; on settings that are not
        // Gmail's the security mode is the likely mistake. On Gmail's
        // settings it is interference.
        TlsFailure::Closed if !gmail => {
            Verdict::settings(Rule::TlsClosed, SettingsIssue::PlaintextPort)
        }
        TlsFailure::Closed => certificate(Rule::TlsFailed),
        TlsFailure::UntrustedIssuer => certificate(Rule::TlsUnknownIssuer),
        TlsFailure::Expired => certificate(Rule::TlsExpired),
        TlsFailure::NotYetValid => certificate(Rule::TlsNotYetValid),
        TlsFailure::WrongName { .. } if !right_host => Verdict::settings(
            Rule::TlsNameMismatchHost,
            SettingsIssue::WrongHostCertificate,
        ),
        TlsFailure::WrongName { .. } => certificate(Rule::TlsNameMismatch),
        TlsFailure::CaUsedAsEndEntity => certificate(Rule::TlsCaUsedAsEndEntity),
        TlsFailure::Revoked => certificate(Rule::TlsRevoked),
        TlsFailure::WrongPurpose | TlsFailure::NoCertificate | TlsFailure::Unusable(_) => {
            certificate(Rule::TlsBadCertificate)
        }
        TlsFailure::HandshakeRefused(_) => certificate(Rule::TlsHandshakeRefused),
        TlsFailure::Incompatible(_) => certificate(Rule::TlsIncompatible),
        TlsFailure::Broken(_) | TlsFailure::InvalidServerName(_) | TlsFailure::Other(_) => {
            certificate(Rule::TlsFailed)
        }
    }
}
