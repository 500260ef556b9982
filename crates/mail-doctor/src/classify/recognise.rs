//! Recognition: what a server's refusal means, read from its typed parts
//! first and its words last.
//!
//! The order of reading, and why:
//!
//! 1. **The stage** — which command the reply answered (greeting,
//!    LOGIN/AUTHENTICATE, EHLO, AUTH, MAIL/RCPT/DATA) — and **the basic
//!    code** (SMTP's three digits, IMAP's `NO`/`BAD`/`BYE`). These fix the
//!    family of the answer. An SMTP `535`/`534` at AUTH is about the sign-in
//!    whatever else it says: Gmail has answered `535 5.7.1 Username and
//!    Password not accepted`, `5.7.8`, `5.7.9` and `5.7.14` at AUTH over the
//!    years, and `5.7.1` at AUTH never means the sending policy that
//!    `550 5.7.1` at MAIL FROM means. A `4xx` anywhere is temporary.
//! 2. **Typed codes** — RFC 5530 IMAP response codes (`[AUTHENTICATIONFAILED]`,
//!    `[UNAVAILABLE]`, `[PRIVACYREQUIRED]`, Gmail's `[WEBALERT]`) and
//!    RFC 3463 enhanced SMTP codes (`5.7.14` web login, `5.7.8` bad
//!    credentials, `5.4.5` at MAIL/RCPT/DATA the daily sending limit,
//!    `5.7.x` there a policy refusal). They are the server's own
//!    classification, immune to rewording.
//! 3. **The words** ([`super::wording`]) — only where the codes leave a
//!    choice open: Gmail's `[ALERT]` says "show this text" but not what it
//!    is about, and `534 5.7.9` is used both for "Application-specific
//!    password required" and for "Please log in with your web browser"
//!    (DESIGN.md "Wire texts"), so within the sign-in family the text
//!    tells those apart. Likewise within the sending family: the relay
//!    service's "Mail relay denied" (5.7.0) and "Invalid credentials for
//!    relay" (5.7.1) and Gmail's per-user-gateway refusal (5.7.1) name
//!    different settings with the same codes.
//!
//! What a [`Signal`] leads to (which rung, in which era) is the ladder's
//! business, not this module's.

use gmail_wire::imap::{Code, StatusKind, StatusResponse};
use gmail_wire::smtp::Reply;
use serde::Serialize;

use super::wording::text_signal;
use crate::probe::{Failure, StepKind};

/// What a refusal means, independent of protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Signal {
    /// "IMAP access is disabled for your domain".
    ImapDisabledDomain,
    /// "Your account is not enabled for IMAP use".
    ImapDisabledUser,
    /// "Application-specific password required".
    AppPasswordRequired,
    /// "Please log in via your web browser" / WEBALERT / 5.7.14.
    WebLoginRequired,
    /// "Invalid credentials" / 535 5.7.8: wrong secret *or* a blocked
    /// less-secure sign-in (Gmail used the same words for years).
    InvalidCredentials,
    /// "Too many simultaneous connections".
    TooManyConnections,
    /// Rate limits, temporary errors, 4xx.
    Temporary,
    /// The account is suspended or disabled.
    Suspended,
    /// "Must issue a STARTTLS command first".
    MustStarttls,
    /// Sending refused by policy in Gmail's words (`550 5.7.1 … has a
    /// policy that prohibited the mail that you sent`): the "Allow per-user
    /// outbound gateways" refusal of a "Send mail as" address sent through
    /// its own server.
    SendingRefused,
    /// A `550`–`554` with a `5.7.x` code at MAIL/RCPT/DATA whose words
    /// nobody recognised: a policy refusal, but not one that names its
    /// cause. What it calls for depends on the sender (see the ladder).
    SendingPolicyCode,
    /// Gmail's daily sending limit (`550 5.4.5 Daily user sending limit
    /// exceeded` / `… quota exceeded`).
    SendingLimit,
    /// The Workspace SMTP relay service refused (mail relay denied,
    /// invalid credentials for relay), and which of its settings it is.
    RelayRefused(super::RelayRefusal),
    /// Nothing recognised.
    Unknown,
}

/// Whether a stage is the sign-in (IMAP LOGIN/AUTHENTICATE, SMTP AUTH).
fn is_sign_in(stage: StepKind) -> bool {
    matches!(stage, StepKind::ImapLogin | StepKind::SmtpAuth)
}

/// Whether a stage is sending (MAIL FROM, RCPT TO, DATA).
fn is_sending(stage: StepKind) -> bool {
    matches!(stage, StepKind::Envelope | StepKind::SendTest)
}

/// Within the sign-in family, the words say which refusal it is; a text
/// that names nothing specific leaves `fallback`. Sending-policy words do
/// not count here: at AUTH they are about the credentials (a relay's
/// "Invalid credentials for relay"), never about the From address.
fn sign_in_refinement(text: &str, fallback: Signal) -> Signal {
    match text_signal(text) {
        Signal::SendingRefused
        | Signal::SendingPolicyCode
        | Signal::RelayRefused(_)
        | Signal::Unknown => fallback,
        specific => specific,
    }
}

/// Reads an SMTP reply that refused the command at `stage`.
pub fn smtp_signal(stage: StepKind, reply: &Reply) -> Signal {
    let text = reply.lines.join("\n");
    let enhanced = reply.enhanced.map(|e| (e.class, e.subject, e.detail));
    // 1. Stage and basic code.
    if (400..500).contains(&reply.code) {
        // RFC 5321: transient. Gmail's 421/454 4.7.0 are throttling.
        return Signal::Temporary;
    }
    if is_sign_in(stage) {
        return match (reply.code, enhanced) {
            // RFC 3207 "Must issue a STARTTLS command first"; RFC 4954
            // 538 "Encryption required for requested authentication
            // mechanism".
            (530 | 538, _) => Signal::MustStarttls,
            // 2. Enhanced codes that settle a sign-in refusal on their own.
            (534 | 535, Some((5, 7, 14))) => Signal::WebLoginRequired,
            (534 | 535, Some((5, 7, 8))) => sign_in_refinement(&text, Signal::InvalidCredentials),
            // RFC 4954 535 "Authentication credentials invalid", whatever
            // the enhanced code (5.7.1, 5.7.0, 5.7.9 …): the credentials
            // ladder, with the words naming a more specific cause.
            (535, _) => sign_in_refinement(&text, Signal::InvalidCredentials),
            // RFC 4954 534 "Authentication mechanism is too weak": Gmail's
            // app-password and web-login refusals (5.7.9 for both). Only
            // the words tell which; without them it stays unrecognised and
            // the ladder decides.
            (534, _) => sign_in_refinement(&text, Signal::Unknown),
            // 3. Anything else at AUTH (504 mechanism, 501 syntax …): the
            // words, then the ladder.
            _ => sign_in_refinement(&text, Signal::Unknown),
        };
    }
    if is_sending(stage) {
        // 2. RFC 3463 X.4.5 "mail system congestion" is what Gmail uses for
        // its daily sending limit (`550 5.4.5 Daily user sending limit
        // exceeded`): never the admin's setting, never the password.
        if enhanced == Some((5, 4, 5)) {
            return Signal::SendingLimit;
        }
        // The words name the sending refusals more finely than the codes:
        // the relay service uses 5.7.0 and 5.7.1 for different settings,
        // and Gmail's per-user-gateway refusal is a 5.7.1 as well.
        let worded = text_signal(&text);
        if matches!(
            worded,
            Signal::SendingLimit
                | Signal::RelayRefused(_)
                | Signal::SendingRefused
                | Signal::MustStarttls
        ) {
            return worded;
        }
        // RFC 3463 5.7.x: "security or policy status" — at MAIL/RCPT/DATA
        // after a successful AUTH, the account may not send this mail, for
        // a reason the words did not name.
        if matches!(enhanced, Some((5, 7, _))) && matches!(reply.code, 550..=554) {
            return Signal::SendingPolicyCode;
        }
    }
    // 3. Everything else: the words.
    text_signal(&text)
}

/// The typed meaning of one IMAP response code, if it has one.
fn code_signal(code: &Code) -> Option<Signal> {
    match code {
        Code::WebAlert(_) => Some(Signal::WebLoginRequired),
        Code::AuthenticationFailed | Code::AuthorizationFailed => Some(Signal::InvalidCredentials),
        Code::Unavailable | Code::OverQuota | Code::Limit | Code::Throttled => {
            Some(Signal::Temporary)
        }
        Code::PrivacyRequired => Some(Signal::MustStarttls),
        // `[ALERT]` says "show this to the user", not what it is about;
        // the rest are not about refusals.
        _ => None,
    }
}

/// Reads an IMAP refusal: the tagged (or `BYE`) `response` to the command
/// at `stage` and the untagged status lines that came before it.
pub fn imap_signal(
    stage: StepKind,
    response: &StatusResponse,
    untagged: &[StatusResponse],
) -> Signal {
    let text = untagged
        .iter()
        .chain(std::iter::once(response))
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    // 2. Typed codes: Gmail's WEBALERT comes untagged before the tagged NO,
    // so any line's WEBALERT decides; otherwise the tagged line's code.
    let codes = untagged
        .iter()
        .chain(std::iter::once(response))
        .filter_map(|s| s.code.as_ref());
    let typed = codes
        .clone()
        .find(|c| matches!(c, Code::WebAlert(_)))
        .or(response.code.as_ref())
        .and_then(code_signal);
    let signal = match typed {
        // AUTHENTICATIONFAILED is the family; the words may name the
        // specific cause (app password, web login, a suspended account).
        Some(Signal::InvalidCredentials) => sign_in_refinement(&text, Signal::InvalidCredentials),
        Some(s) => s,
        // 3. The words: the tagged and untagged texts together, then the
        // tagged text alone (in case an unrelated untagged line confused
        // the first look).
        None => match text_signal(&text) {
            Signal::Unknown => text_signal(&response.text),
            s => s,
        },
    };
    match signal {
        // 1. The basic answer: a `BYE` nobody recognised is the server
        // closing on us — temporary.
        Signal::Unknown if response.kind == StatusKind::Bye => Signal::Temporary,
        // Sending-policy words cannot refuse an IMAP sign-in.
        Signal::SendingRefused | Signal::SendingPolicyCode | Signal::RelayRefused(_)
            if is_sign_in(stage) =>
        {
            Signal::InvalidCredentials
        }
        s => s,
    }
}

/// The sign-in link Google sent with a web-login refusal (IMAP
/// `[WEBALERT url]`, or SMTP's `<https://…>` line), for the report.
fn web_login_url(f: &Failure) -> Option<String> {
    match f {
        Failure::Imap { response, untagged } => untagged
            .iter()
            .chain(std::iter::once(response))
            .find_map(|s| match &s.code {
                Some(Code::WebAlert(link)) => Some(link.clone()),
                _ => None,
            }),
        Failure::Smtp { reply } => reply.lines.iter().find_map(|l| {
            l.trim()
                .strip_prefix('<')
                .and_then(|u| u.strip_suffix('>'))
                .filter(|u| u.starts_with("https://"))
                .map(str::to_owned)
        }),
        _ => None,
    }
}

/// The signal of a protocol refusal and the sign-in URL it carried; `None`
/// for failures that are not a server's reply (network, TLS, OAuth …).
pub(super) fn failure_signal(stage: StepKind, f: &Failure) -> Option<(Signal, Option<String>)> {
    let signal = match f {
        Failure::Imap { response, untagged } => imap_signal(stage, response, untagged),
        Failure::Smtp { reply } => smtp_signal(stage, reply),
        _ => return None,
    };
    Some((signal, web_login_url(f)))
}
