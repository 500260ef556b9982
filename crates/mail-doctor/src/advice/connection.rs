//! Advice when the connection itself fails: wrong settings, a network that
//! does not get through, or something intercepting TLS.
//!
//! The hard part is quoting the right thing: the deciding probe's settings
//! as typed ([`subject`]), Gmail's settings nearest to them
//! ([`right_endpoint`]: 587 stays 587 with STARTTLS), and the *other*
//! protocol's settings when they are wrong too, so that one visit to the
//! CRM's settings page fixes both.
//!
//! # Which remediation says what
//!
//! - `fix-connection-settings`: the customer typed something that cannot
//!   work (the probe's evidence is about *their* value), so the advice is a
//!   field to change, with Gmail's value for it.
//! - `check-network`: the customer typed Gmail's settings and the network
//!   did not get there (DNS, a firewall, a proxy answering instead), so the
//!   advice is for whoever runs the network, with a command to test it.
//! - `check-tls-interception`: TLS worked but the certificate was refused;
//!   the advice is about who presents that certificate (an antivirus, a
//!   proxy, a wrong clock, a test server's set-up), never "accept any
//!   certificate".

use super::common::{fields, proto, security};
use super::decide::{
    net_trouble, other_wrong, right_endpoint, standard_security, subject, tls_trouble, NetTrouble,
    TlsTrouble,
};
use super::{Advice, Ctx};
use crate::classify::SettingsIssue;
use crate::config::Security;
use crate::i18n::{Msg, MsgId as M};
use crate::Protocol;

/// `fix-connection-settings`: what is wrong with what was typed, and the
/// right values.
///
/// The summary quotes the typed settings and then the problem the
/// classifier recognised (`SettingsIssue`): a name DNS does not know, a port
/// that refuses or never answers, SSL on a port that starts in plain text
/// (143/587), plain text or STARTTLS on a port that starts with TLS
/// (993/465), the two protocols swapped, STARTTLS not offered or skipped, no
/// encryption at all, or a certificate for another name. Each has its own
/// message because each is fixed differently: the port, the security mode,
/// or the host.
///
/// The steps always end at the same place — Gmail's values and the full
/// address as the login — since a customer who mistyped one field has often
/// guessed the others too.
pub fn fix_connection_settings(ctx: &Ctx<'_>) -> Advice {
    let (protocol, typed) = subject(ctx);
    let p = proto(protocol);
    let right = right_endpoint(protocol, typed);
    let (host, port) = (&typed.host, typed.port);
    let at = |id: M| Msg::new(id).text("host", host).text("port", port);
    let problem = match &ctx.diagnosis.facts.settings {
        Some(SettingsIssue::NoSuchHost) => Msg::new(M::SettingsNoSuchHost)
            .text("host", host)
            .text("protocol", p)
            .text("right", &right.host),
        Some(SettingsIssue::Refused) => at(M::SettingsRefused).text("protocol", p),
        Some(SettingsIssue::NoAnswer) => at(M::SettingsNoAnswer).text("protocol", p),
        Some(SettingsIssue::PlaintextPort) => match standard_security(port) {
            Some(Security::Starttls) => Msg::new(M::SettingsPlaintextPortStarttls),
            _ => Msg::new(M::SettingsPlaintextPort),
        }
        .text("port", port),
        Some(SettingsIssue::TlsPort) => {
            let chosen = match typed.security {
                Security::None => Msg::new(M::SettingsSecurityChosenNone),
                s => Msg::new(M::SettingsSecurityChosen).msg("security", security(s)),
            };
            // Port 993 or 465 typed: no need to name them as examples.
            let id = match standard_security(port) {
                Some(Security::Ssl) => M::SettingsTlsPortSslPort,
                _ => M::SettingsTlsPort,
            };
            Msg::new(id).msg("chosen", chosen).text("port", port)
        }
        Some(SettingsIssue::OtherProtocol) => Msg::new(match protocol {
            Protocol::Imap => M::SettingsOtherProtocolImap,
            Protocol::Smtp => M::SettingsOtherProtocolSmtp,
        }),
        Some(SettingsIssue::NoStarttls) => at(M::SettingsNoStarttls),
        Some(SettingsIssue::MustStarttls) => Msg::new(M::SettingsMustStarttls).text("port", port),
        Some(SettingsIssue::Unencrypted) => Msg::new(M::SettingsUnencrypted),
        Some(SettingsIssue::WrongHostCertificate) => Msg::new(M::SettingsWrongHostCertificate)
            .text("host", host)
            .text("protocol", p)
            .text("right", &right.host),
        None => Msg::new(M::SettingsUnknown).text("protocol", p),
    };
    let value_step = match protocol {
        Protocol::Imap => M::SettingsStepValueImap,
        Protocol::Smtp => M::SettingsStepValueSmtp,
    };
    let mut caveats = Vec::new();
    if typed.is_gmail_setting(protocol) {
        caveats.push(Msg::new(M::SettingsCaveatNotGmail).text("host", host));
    }
    if let Some((other, ep)) = other_wrong(ctx, protocol) {
        caveats.push(
            Msg::new(M::SettingsCaveatOtherWrong)
                .text("protocol", proto(other))
                .text("typed", ep)
                .msg("fields", fields(&right_endpoint(other, ep))),
        );
    }
    caveats.push(Msg::new(M::SettingsCaveatReference));
    Advice::new(
        Msg::new(M::SettingsTitle).text("protocol", p),
        Msg::new(M::SettingsSummary)
            .text("protocol", p)
            .text("typed", typed)
            .msg("problem", problem),
    )
    .steps([
        Msg::new(M::SettingsStepOpen),
        Msg::new(value_step).msg("fields", fields(&right)),
        Msg::new(M::SettingsStepLogin).text("email", ctx.email),
        Msg::new(M::StepSaveAndConnect),
    ])
    .caveats(caveats)
}

/// `check-network`: the settings are Gmail's, but DNS, a firewall or an
/// impostor on the way stops the connection.
///
/// Only reached with Gmail's own host and port (otherwise the settings are
/// the suspect), so the advice is about the network between the CRM and
/// Google: commands to test it from the CRM's machine, the ports to open,
/// and the reminder that a CRM in the cloud lives on its provider's network.
pub fn check_network(ctx: &Ctx<'_>) -> Advice {
    let (_, typed) = subject(ctx);
    let (host, port) = (&typed.host, typed.port);
    let (title, summary) = match net_trouble(ctx.diagnosis) {
        NetTrouble::Dns => (
            M::NetworkTitleDns,
            Msg::new(M::NetworkSummaryDns).text("host", host),
        ),
        NetTrouble::Impostor => (M::NetworkTitleImpostor, Msg::new(M::NetworkSummaryImpostor)),
        NetTrouble::Blocked => (M::NetworkTitleBlocked, Msg::new(M::NetworkSummaryBlocked)),
        NetTrouble::Filtered => (M::NetworkTitleFiltered, Msg::new(M::NetworkSummaryFiltered)),
    };
    let summary = match summary.id {
        M::NetworkSummaryDns => summary,
        _ => summary
            .text("typed", typed)
            .text("host", host)
            .text("port", port),
    };
    let test = Msg::new(M::NetworkStepTest)
        .text("host", host)
        .text("port", port);
    // A name that does not resolve is the machine's DNS settings; opening
    // ports would not help. A refused or dropped connection is a firewall,
    // antivirus or proxy between the CRM and Google: name the port it
    // blocks.
    let steps = match net_trouble(ctx.diagnosis) {
        NetTrouble::Dns => vec![
            test,
            Msg::new(M::NetworkStepDns).text("host", host),
            Msg::new(M::StepRunAgain),
        ],
        NetTrouble::Blocked | NetTrouble::Filtered => vec![
            test,
            Msg::new(M::NetworkStepUnblock).text("port", port),
            Msg::new(M::NetworkStepProxy),
            Msg::new(M::StepRunAgain),
        ],
        // Something answers in Google's place: not a closed port.
        NetTrouble::Impostor => vec![
            test,
            Msg::new(M::NetworkStepAllow),
            Msg::new(M::NetworkStepProxy),
            Msg::new(M::StepRunAgain),
        ],
    };
    Advice::new(title, summary)
        .steps(steps)
        .caveats([M::NetworkCaveatCloud, M::NetworkCaveatGuest])
}

/// `check-tls-interception`: the certificate is not Google's (or not valid
/// now), so something sits in between, or the clock is wrong.
///
/// Never advise accepting any certificate: whoever intercepts would read
/// the password. The test-CA caveat is for testers pointing the doctor at a
/// mock; it is left out for an expired certificate, which is a clock issue.
pub fn check_tls_interception(ctx: &Ctx<'_>) -> Advice {
    let (_, typed) = subject(ctx);
    let (host, port) = (&typed.host, typed.port);
    let trouble = tls_trouble(ctx.diagnosis);
    let (title, summary) = match trouble {
        TlsTrouble::Untrusted => (
            M::TlsTitleUntrusted,
            Msg::new(M::TlsSummaryUntrusted).text("host", host),
        ),
        TlsTrouble::Expired => (
            M::TlsTitleExpired,
            Msg::new(M::TlsSummaryExpired).text("host", host),
        ),
        TlsTrouble::OtherName => (
            M::TlsTitleOtherName,
            Msg::new(M::TlsSummaryOtherName).text("host", host),
        ),
        TlsTrouble::CaAsServer => (
            M::TlsTitleCaAsServer,
            Msg::new(M::TlsSummaryCaAsServer)
                .text("host", host)
                .text("port", port),
        ),
        TlsTrouble::Revoked => (
            M::TlsTitleRevoked,
            Msg::new(M::TlsSummaryRevoked).text("host", host),
        ),
        TlsTrouble::Unusable => (
            M::TlsTitleUnusable,
            Msg::new(M::TlsSummaryUnusable)
                .text("host", host)
                .text("port", port),
        ),
        TlsTrouble::Handshake => (
            M::TlsTitleHandshake,
            Msg::new(M::TlsSummaryHandshake)
                .text("host", host)
                .text("port", port),
        ),
    };
    let mut steps = Vec::new();
    if trouble == TlsTrouble::Expired {
        steps.push(Msg::new(M::TlsStepClock));
    }
    if trouble == TlsTrouble::OtherName {
        steps.push(Msg::new(M::TlsStepHosts).text("host", host));
    }
    if trouble == TlsTrouble::CaAsServer {
        // The server's own set-up, not interception: the antivirus and
        // proxy steps do not apply.
        steps.push(Msg::new(M::TlsStepServerCertificate).text("host", host));
    } else {
        steps.extend([Msg::new(M::TlsStepAntivirus), Msg::new(M::TlsStepCompany)]);
    }
    steps.push(Msg::new(M::StepRunAgain));
    let mut caveats = vec![Msg::new(M::TlsCaveatAcceptAny)];
    // An expired certificate is a clock problem, not a missing test CA.
    if trouble != TlsTrouble::Expired {
        caveats.push(Msg::new(M::TlsCaveatTestCa));
    }
    Advice::new(title, summary).steps(steps).caveats(caveats)
}
