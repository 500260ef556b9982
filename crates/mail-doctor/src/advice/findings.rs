//! The doctor's own findings as messages: probe step details, network and
//! TLS failures, and the evidence lines it writes itself.
//!
//! Why here and not as `Display` on the failure types: the failures are
//! data the classifier reads, and the report says them in the reader's
//! language. Each typed value maps one to one onto a catalogue message, so
//! a new [`NetFailure`], [`TlsFailure`] or [`Detail`] variant is a compile
//! error here until both catalogues can say it. What a server, the
//! operating system or rustls said (a greeting, a refusal, an OS error
//! text, an alert's name) is passed through as a verbatim argument — it is
//! evidence, and translating it would falsify the quote.
//!
//! # English is the reference
//!
//! The English messages reproduce, word for word, the texts the probes used
//! to build with `format!`, so the English report and the JSON did not
//! change when the details became typed. A change to an English finding is
//! therefore a change to the JSON's `detail` and `evidence` strings, which
//! consumers may match on: change them deliberately.

use crate::classify::EvidenceLine;
use crate::i18n::{Msg, MsgId as M};
use crate::probe::mx::{MxFinding, MxProblem};
use crate::probe::{Detail, NetFailure, OfferedBy, TlsFailure};

/// A server's (or library's) words, said verbatim in every language.
pub fn quote(text: &str) -> Msg {
    Msg::new(M::Quote).text("text", text)
}

/// A probe step's detail; `None` when the step has nothing to say (a
/// skipped step), so the report shows no detail rather than an empty
/// message.
pub fn detail(d: &Detail) -> Option<Msg> {
    Some(match d {
        Detail::None => return None,
        Detail::Resolved { host, addrs } => Msg::new(M::ProbeResolved).text("host", host).text(
            "addrs",
            addrs
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Detail::Unresolved { host, problem } => Msg::new(M::ProbeUnresolved)
            .text("host", host)
            .msg("problem", net(problem)),
        Detail::Connected { port } => Msg::new(M::ProbeConnected).text("port", port),
        Detail::NotConnected { port, problem } => Msg::new(M::ProbeNotConnected)
            .text("port", port)
            .msg("problem", net(problem)),
        Detail::Tls { version, host } => Msg::new(M::ProbeTls)
            .text("version", version)
            .text("host", host),
        Detail::Failed { problem } => net(problem),
        Detail::Server { text } => quote(text),
        Detail::Inbox { exists } => Msg::new(M::ProbeInbox).count("exists", *exists),
        Detail::Upgraded => Msg::new(M::ProbeUpgraded),
        Detail::Mx { domain, finding } => return mx(domain, finding),
        Detail::NoStarttls { offered_by } => Msg::new(match offered_by {
            OfferedBy::Capability => M::ProbeNoStarttlsCapability,
            OfferedBy::Ehlo => M::ProbeNoStarttlsEhlo,
        }),
        Detail::DataBeforeHandshake => Msg::new(M::ProbeDataBeforeHandshake),
        Detail::NoSecretWithoutTls => Msg::new(M::ProbeNoSecretWithoutTls),
        Detail::AcceptedWithoutSecret => Msg::new(M::ProbeAcceptedWithoutSecret),
        // Without a final reply the sentence ends after the JSON (no
        // dangling space).
        Detail::OAuthRefused { json, reply } if reply.is_empty() => {
            Msg::new(M::ProbeOauthRefusedAlone).text("json", json)
        }
        Detail::OAuthRefused { json, reply } => Msg::new(M::ProbeOauthRefused)
            .text("json", json)
            .text("reply", reply),
        Detail::Envelope { email, from: None } => Msg::new(M::ProbeEnvelope).text("email", email),
        Detail::Envelope {
            email,
            from: Some(from),
        } => Msg::new(M::ProbeEnvelopeFrom)
            .text("email", email)
            .text("from", from),
        Detail::Sent { message_id } => Msg::new(M::ProbeSent).text("id", message_id),
        Detail::Delivered { message_id } => Msg::new(M::ProbeDelivered).text("id", message_id),
        Detail::NotDelivered { message_id } => {
            Msg::new(M::ProbeNotDelivered).text("id", message_id)
        }
        Detail::FromRewritten {
            message_id,
            requested,
            delivered,
        } => Msg::new(M::ProbeFromRewritten)
            .text("id", message_id)
            .text("requested", requested)
            .text("delivered", delivered),
    })
}

/// A network-level failure, one technical line. The payload strings are
/// the operating system's or the server's words and stay verbatim.
pub fn net(p: &NetFailure) -> Msg {
    match p {
        NetFailure::NoSuchHost => Msg::new(M::NetNoSuchHost),
        NetFailure::Dns(e) => Msg::new(M::NetDns).text("error", e),
        NetFailure::DnsTimeout => Msg::new(M::NetDnsTimeout),
        NetFailure::Refused => Msg::new(M::NetRefused),
        NetFailure::ConnectTimeout => Msg::new(M::NetConnectTimeout),
        NetFailure::Connect(e) => Msg::new(M::NetConnect).text("error", e),
        NetFailure::NoAddress => Msg::new(M::NetNoAddress),
        NetFailure::Tls(t) => Msg::new(M::NetTls).msg("problem", tls(t)),
        NetFailure::TlsTimeout => Msg::new(M::NetTlsTimeout),
        NetFailure::Timeout => Msg::new(M::NetTimeout),
        NetFailure::Closed => Msg::new(M::NetClosed),
        NetFailure::Io(e) => Msg::new(M::NetIo).text("error", e),
        NetFailure::Garbage(text) => Msg::new(M::NetGarbage).text("text", text),
        NetFailure::TooLong => Msg::new(M::NetTooLong),
        NetFailure::DataBeforeTls => Msg::new(M::NetDataBeforeTls),
        NetFailure::AlreadyEncrypted => Msg::new(M::NetAlreadyEncrypted),
    }
}

/// A TLS finding, one technical line. rustls's own names (an alert, an
/// error variant) are kept verbatim: they are what a technician searches
/// for.
pub fn tls(t: &TlsFailure) -> Msg {
    match t {
        TlsFailure::NotTls => Msg::new(M::TlsNotTls),
        TlsFailure::Closed => Msg::new(M::TlsClosed),
        TlsFailure::UntrustedIssuer => Msg::new(M::TlsUntrustedIssuer),
        TlsFailure::Expired => Msg::new(M::TlsExpired),
        TlsFailure::NotYetValid => Msg::new(M::TlsNotYetValid),
        TlsFailure::WrongName { presented } if presented.is_empty() => Msg::new(M::TlsWrongName),
        TlsFailure::WrongName { presented } => {
            Msg::new(M::TlsWrongNamePresented).text("names", presented.join(", "))
        }
        TlsFailure::CaUsedAsEndEntity => Msg::new(M::TlsCaUsedAsEndEntity),
        TlsFailure::Revoked => Msg::new(M::TlsRevoked),
        TlsFailure::WrongPurpose => Msg::new(M::TlsWrongPurpose),
        TlsFailure::NoCertificate => Msg::new(M::TlsNoCertificate),
        TlsFailure::Unusable(what) => Msg::new(M::TlsUnusable).text("what", what),
        TlsFailure::Incompatible(what) => Msg::new(M::TlsIncompatible).text("what", what),
        TlsFailure::HandshakeRefused(alert) => {
            Msg::new(M::TlsHandshakeRefused).text("alert", alert)
        }
        TlsFailure::Broken(what) => Msg::new(M::TlsBroken).text("what", what),
        TlsFailure::InvalidServerName(host) => {
            Msg::new(M::TlsInvalidServerName).text("host", format!("{host:?}"))
        }
        TlsFailure::Other(what) => quote(what),
    }
}

/// One line of the report's evidence: a server's lines verbatim, or the
/// doctor's own finding in the report's language.
pub fn evidence(e: &EvidenceLine) -> Msg {
    match e {
        EvidenceLine::Quote(text) => quote(text),
        EvidenceLine::Net(p) => net(p),
        EvidenceLine::NoStarttls => Msg::new(M::EvidenceNoStarttls),
        EvidenceLine::NoAuth => Msg::new(M::EvidenceNoAuth),
        EvidenceLine::NotDelivered => Msg::new(M::EvidenceNotDelivered),
        EvidenceLine::Mx { domain, finding } => {
            mx(domain, finding).unwrap_or_else(|| Msg::new(M::ProbeMxNotChecked))
        }
        EvidenceLine::FromRewritten {
            from_requested,
            from_delivered,
        } => Msg::new(M::EvidenceFromRewritten)
            .text("requested", from_requested)
            .text("delivered", from_delivered),
    }
}

/// What the MX step found, as the probe table and the evidence say it;
/// nothing for a lookup that was not made (a skipped row says nothing).
fn mx(domain: &str, f: &MxFinding) -> Option<Msg> {
    Some(match f {
        MxFinding::Exchangers { hosts } => Msg::new(M::ProbeMxExchangers)
            .text("domain", domain)
            .text("hosts", super::mailbox::exchangers(hosts)),
        MxFinding::NoSuchDomain => Msg::new(M::ProbeMxNoSuchDomain).text("domain", domain),
        MxFinding::NoExchangers => Msg::new(M::ProbeMxNone).text("domain", domain),
        MxFinding::Unknown { problem } => Msg::new(M::ProbeMxUnknown)
            .text("domain", domain)
            .msg("problem", mx_problem(problem)),
        MxFinding::NotChecked => return None,
    })
}

/// Why DNS gave no usable MX answer (the resolver's own words quoted).
pub fn mx_problem(p: &MxProblem) -> Msg {
    match p {
        MxProblem::Timeout => Msg::new(M::MxProblemTimeout),
        MxProblem::ServerFailure(code) => Msg::new(M::MxProblemServer).text("code", code),
        MxProblem::Failed(error) => Msg::new(M::MxProblemFailed).text("error", error),
        MxProblem::NoSystemConfig(error) => Msg::new(M::MxProblemNoConfig).text("error", error),
    }
}
