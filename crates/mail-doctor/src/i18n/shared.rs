//! Readings of the diagnosis that choose between texts: which settings to
//! quote, which TLS or network problem, which password case, why an app
//! password, the next rung.
//!
//! Why a module of its own: these are the judgements a reviewer must check
//! against DESIGN.md ("Time", the ladder). They are made here once, as small
//! pure functions over the typed diagnosis, and the per-remediation advice
//! modules only pick messages from their answers.
//!
//! The classifier's typed [`Rule`] is read in one place only, [`rule`].

use chrono::NaiveDate;
use gmail_wire::google::{self, era, AccountKind};

use super::Ctx;
use crate::classify::{Diagnosis, Facts, Rule, RuledOutReason};
use crate::config::{Endpoint, Security};
use crate::remedy::RemediationId as R;
use crate::Protocol;

/// The day Google removed the users' own IMAP switch (and, for new
/// use, the Admin console's "Less secure apps").
pub const IMAP_SWITCH_REMOVED: NaiveDate = era::WORKSPACE_SETTINGS_REMOVED;

/// The protocol and typed settings the advice is about: the deciding
/// probe's, else the first whose settings are not Gmail's.
pub fn subject<'a>(ctx: &Ctx<'a>) -> (Protocol, &'a Endpoint) {
    let d: &'a Diagnosis = ctx.diagnosis;
    match &d.decided_by {
        Some(dec) => (dec.protocol, &dec.endpoint),
        None if ctx.imap.is_gmail_setting(Protocol::Imap)
            && !ctx.smtp.is_gmail_setting(Protocol::Smtp) =>
        {
            (Protocol::Smtp, ctx.smtp)
        }
        None => (Protocol::Imap, ctx.imap),
    }
}

/// Gmail's settings for the protocol. For SMTP, the pair nearer to
/// what was typed: 587 with STARTTLS if 587 was typed, else 465 with SSL.
pub fn right_endpoint(protocol: Protocol, typed: &Endpoint) -> Endpoint {
    match protocol {
        Protocol::Imap => Endpoint::gmail_imap(),
        Protocol::Smtp if typed.port == google::SMTP_PORT_STARTTLS => Endpoint {
            host: google::SMTP_HOST.into(),
            port: google::SMTP_PORT_STARTTLS,
            security: Security::Starttls,
        },
        Protocol::Smtp => Endpoint::gmail_smtp(),
    }
}

/// The security a well-known mail port is meant for (143/587/25 start
/// in plain text and use STARTTLS; 993/465 are SSL from the first byte).
pub fn standard_security(port: u16) -> Option<Security> {
    match port {
        143 | 587 | 25 => Some(Security::Starttls),
        993 | 465 => Some(Security::Ssl),
        _ => None,
    }
}

/// The other protocol and its typed settings, if those are wrong too
/// (one visit to the CRM's settings should fix both).
pub fn other_wrong<'a>(ctx: &Ctx<'a>, protocol: Protocol) -> Option<(Protocol, &'a Endpoint)> {
    let (other, ep) = match protocol {
        Protocol::Imap => (Protocol::Smtp, ctx.smtp),
        Protocol::Smtp => (Protocol::Imap, ctx.imap),
    };
    (!ep.is_gmail_setting(other)).then_some((other, ep))
}

/// What kind of certificate trouble `check-tls-interception` is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsTrouble {
    /// Signed by an unknown authority: interception, or a test CA.
    Untrusted,
    /// Outside its validity dates: usually the local clock.
    Expired,
    /// For another name although the host typed is Gmail's.
    OtherName,
    /// The server presents a CA certificate as its own (a self-signed
    /// test certificate made as a CA).
    CaAsServer,
    /// The certificate has been revoked.
    Revoked,
    /// The certificate cannot be used (malformed, not for servers, none
    /// sent, an algorithm that cannot be checked).
    Unusable,
    /// The handshake failed otherwise.
    Handshake,
}

/// The classifier's typed rule: the only place that reads it.
pub fn rule(d: &Diagnosis) -> Rule {
    d.rule
}

/// Reads the classifier's rule (`tls.*`).
pub fn tls_trouble(d: &Diagnosis) -> TlsTrouble {
    match rule(d) {
        Rule::TlsUnknownIssuer => TlsTrouble::Untrusted,
        Rule::TlsExpired | Rule::TlsNotYetValid => TlsTrouble::Expired,
        Rule::TlsNameMismatch => TlsTrouble::OtherName,
        Rule::TlsCaUsedAsEndEntity => TlsTrouble::CaAsServer,
        Rule::TlsRevoked => TlsTrouble::Revoked,
        Rule::TlsBadCertificate => TlsTrouble::Unusable,
        _ => TlsTrouble::Handshake,
    }
}

/// What kind of network trouble `check-network` is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetTrouble {
    /// Gmail's correct host name does not resolve.
    Dns,
    /// The connection is refused: a firewall rejects the port.
    Blocked,
    /// The connection attempt gets no answer: a firewall drops the port.
    Filtered,
    /// Gmail's SSL port answered in plaintext: something in between
    /// (proxy, captive portal, firewall) answers instead of Google.
    Impostor,
}

/// Reads the classifier's rule (`dns.*`, `connect.*`, `tls.plaintext-on-ssl-port`).
pub fn net_trouble(d: &Diagnosis) -> NetTrouble {
    match rule(d) {
        Rule::DnsFailed | Rule::DnsNoSuchHost => NetTrouble::Dns,
        Rule::TlsPlaintextOnSslPort => NetTrouble::Impostor,
        Rule::ConnectFiltered => NetTrouble::Filtered,
        _ => NetTrouble::Blocked,
    }
}

/// The ladder's next rung after "check the password", for ambiguous
/// "Invalid credentials": less secure apps while they exist for this
/// kind of account, else an app password; `None` if both are excluded.
pub fn next_rung(d: &Diagnosis) -> Option<R> {
    let excluded = |id: R| d.ruled_out.iter().any(|r| r.id == id);
    if d.facts.less_secure_offered() && !excluded(R::AllowLessSecureApps) {
        Some(R::AllowLessSecureApps)
    } else if !excluded(R::UseAppPassword) {
        Some(R::UseAppPassword)
    } else {
        None
    }
}

/// Every rung of the ladder has been tried and the password is still
/// refused.
pub fn ladder_exhausted(d: &Diagnosis) -> bool {
    rule(d) == Rule::AuthLadderExhausted
}

/// IMAP signed in (the classifier rules out the sign-in rungs as
/// "works" exactly then), so an SMTP refusal is about SMTP's own fields.
pub fn imap_signed_in(d: &Diagnosis) -> bool {
    d.ruled_out.iter().any(|r| {
        r.reason == RuledOutReason::Works && matches!(r.id, R::EnableImap | R::UseAppPassword)
    })
}

/// Which kind of "check the password" this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordTrouble {
    /// The secret was an app password: make a new one.
    AppPassword,
    /// SMTP refused what IMAP accepted: the CRM's SMTP fields differ.
    SmtpOnly,
    /// Every rung has been tried: the password or address itself.
    Exhausted,
    /// The usual case; `ambiguous` for "Invalid credentials", with the
    /// rung to take if the password is certainly right.
    Plain {
        /// The reply could also mean a blocked less-secure sign-in.
        ambiguous: bool,
        /// The next rung of the ladder.
        next: Option<R>,
    },
}

/// Classifies a `check-password` diagnosis for the texts.
pub fn password_trouble(d: &Diagnosis) -> PasswordTrouble {
    let smtp = d
        .decided_by
        .as_ref()
        .is_some_and(|x| x.protocol == Protocol::Smtp);
    if d.facts.secret_is_app_password {
        PasswordTrouble::AppPassword
    } else if smtp && imap_signed_in(d) {
        PasswordTrouble::SmtpOnly
    } else if ladder_exhausted(d) {
        PasswordTrouble::Exhausted
    } else {
        let ambiguous = d.facts.ambiguous;
        PasswordTrouble::Plain {
            ambiguous,
            next: if ambiguous { next_rung(d) } else { None },
        }
    }
}

/// Why an app password is the step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppPasswordWhy {
    /// Gmail said so: 2-Step Verification is on.
    Required,
    /// The cut-off for this kind of account has passed: the old
    /// "allow less secure apps" rung no longer exists.
    PasswordSignInEnded,
    /// Less secure apps were allowed (or tried) and did not help.
    LessSecureNotEnough,
    /// Workspace between 2024-06-15 and the cut-off: the Admin console no
    /// longer offers less secure apps to a domain that was not using them.
    SettingGone,
}

/// Why `use-app-password` was chosen, from the rule and the era.
pub fn app_password_why(d: &Diagnosis) -> AppPasswordWhy {
    if rule(d) == Rule::AuthAppPasswordRequired {
        AppPasswordWhy::Required
    } else if rule(d) == Rule::AuthWebLoginSettingGone {
        AppPasswordWhy::SettingGone
    } else if !d.facts.less_secure_possible {
        AppPasswordWhy::PasswordSignInEnded
    } else {
        AppPasswordWhy::LessSecureNotEnough
    }
}

/// Workspace between 2024-06-15 and the cut-off: the Admin console no
/// longer offers "Less secure apps" to domains not already using it.
pub fn less_secure_hidden(f: &Facts) -> bool {
    f.account_kind == AccountKind::Workspace
        && f.less_secure_possible
        && f.as_of >= era::WORKSPACE_SETTINGS_REMOVED
}

/// Gmail answered the XOAUTH2 attempt with "Invalid credentials"
/// rather than the JSON error.
pub fn oauth_refused_as_credentials(d: &Diagnosis) -> bool {
    rule(d) == Rule::AuthInvalidCredentialsOauth
}

/// The part after `@`.
pub fn domain(email: &str) -> &str {
    email.rsplit_once('@').map_or(email, |(_, d)| d)
}
