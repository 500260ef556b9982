//! The last resort of recognition: the words of a refusal.
//!
//! [`super::recognise`] reads the typed parts of a reply first — the
//! command it answered, the basic code, RFC 5530 and enhanced codes — and
//! comes here only when those do not settle the meaning. Texts vary by
//! era and client: Gmail reworded its refusals over the years, SMTP splits
//! sentences across continuation lines, clients lower-case or translate
//! what they paste. So matching is on lower-cased text with runs of
//! whitespace collapsed (a sentence split over two lines still matches),
//! and each [`Signal`] has several phrasings, including the Polish and
//! German ones customers paste from localised clients.
//!
//! The order of the checks matters where phrases overlap: "IMAP access is
//! disabled" must win over the generic "imap use", and the specific
//! sign-in refusals (app password, web login) must win over the generic
//! "invalid credentials" that some of them also contain.

use super::recognise::Signal;
use super::RelayRefusal;

/// Lower-cases and collapses whitespace, so line splits and double spaces
/// (Gmail's "domain.  Please") do not matter.
fn norm(text: &str) -> String {
    text.to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The domain admin's IMAP switch. Checked before the user's, whose
/// phrases ("imap use") are looser.
const IMAP_DISABLED_DOMAIN: &[&str] = &[
    "imap access is disabled for your domain",
    "imap is disabled for your domain",
    "pop and imap access",
    "imap access is disabled",
];

/// The user's own IMAP switch (gone since 2024-06-15, still seen in old
/// transcripts).
const IMAP_DISABLED_USER: &[&str] = &[
    "not enabled for imap",
    "enable your account for imap",
    "imap access is not enabled",
    "imap use",
];

/// "Application-specific password required", its help-page ids, and
/// localised wordings.
const APP_PASSWORD: &[&str] = &[
    "application-specific password",
    "application specific password",
    "app password",
    "invalidsecondfactor",
    "answer/185833",
    "hasło aplikacji",
    "haslo aplikacji",
    "anwendungsspezifisches passwort",
];

/// "Please log in via your web browser" and the sign-in links Gmail put
/// in such refusals over the years (`ContinueSignIn`, `signin/continue`).
const WEB_LOGIN: &[&str] = &[
    "web browser",
    "webloginrequired",
    "web login required",
    "answer/78754",
    "signin/continue",
    "continuesignin",
    "przeglądark",
    "przegladark",
    "webbrowser an",
];

/// The per-account IMAP connection cap (about 15).
const TOO_MANY_CONNECTIONS: &[&str] = &[
    "too many simultaneous connections",
    "too many connections",
    "maximum number of connections",
];

/// A suspended or disabled account.
const SUSPENDED: &[&str] = &[
    "suspended",
    "account disabled",
    "account has been disabled",
    "account is disabled",
    "zawieszone",
];

/// AUTH attempted on a plaintext connection.
const MUST_STARTTLS: &[&str] = &[
    "must issue a starttls",
    "starttls command first",
    "must issue starttls",
];

/// Sending refused by policy: Workspace's "Allow per-user outbound
/// gateways" refusal of a "Send mail as" address sent through its own
/// server, and other servers' generic relay refusals.
const SENDING_REFUSED: &[&str] = &[
    "has a policy that prohibited",
    "relay access denied",
    "not allowed to send",
    "relaying denied",
];

/// Gmail's daily sending limit (Workspace: "Daily user sending limit
/// exceeded"; personal accounts: "Daily user sending quota exceeded").
/// Checked before the sign-in phrases: its help link is not one of theirs,
/// but a limit must never be read as a password problem.
const SENDING_LIMIT: &[&str] = &[
    "sending limit exceeded",
    "sending quota exceeded",
    "daily user sending",
    "answer/166852",
];

/// The SMTP relay service requires SMTP AUTH and the client did not
/// authenticate (`550 5.7.1 Invalid credentials for relay [IP]. This SMTP
/// relay service requires SMTP AUTH …`). Checked before the other relay
/// refusals, whose words it shares.
const RELAY_AUTH_REQUIRED: &[&str] = &["relay service requires smtp auth", "requires smtp auth"];

/// The relay service refused the sender: the IP registered for the relay
/// does not match the domain of the sender address (`550 5.7.1 Invalid
/// credentials for relay [IP]. The IP address you've registered …`, the
/// `#invalidcred` anchor).
const RELAY_SENDER: &[&str] = &[
    "invalid credentials for relay",
    "doesn't match domain of the account",
    "answer/6140680#invalidcred",
];

/// The relay service is not set up for this client (`550 5.7.0 Mail relay
/// denied [IP]. Invalid credentials for relay for one of the domains in:
/// …`, the `#maildenied` anchor). Checked first among the relay refusals:
/// its text also contains "invalid credentials for relay".
const RELAY_DENIED: &[&str] = &["mail relay denied", "answer/6140680#maildenied"];

/// Rate limits and temporary errors described in words.
const TEMPORARY: &[&str] = &[
    "too many login attempts",
    "try again later",
    "temporary system problem",
    "bandwidth",
    "[throttled]",
    "rate limit",
];

/// "Invalid credentials" and its relatives: the ambiguous refusal.
const INVALID_CREDENTIALS: &[&str] = &[
    "invalid credentials",
    "username and password not accepted",
    "badcredentials",
    "authentication failed",
    "nieprawidłowe dane",
    "login failed",
];

/// The phrase tables in the order they are tried; the first table with a
/// phrase in the text decides.
const TABLE: &[(&[&str], Signal)] = &[
    (SENDING_LIMIT, Signal::SendingLimit),
    (RELAY_DENIED, Signal::RelayRefused(RelayRefusal::NotAllowed)),
    (
        RELAY_AUTH_REQUIRED,
        Signal::RelayRefused(RelayRefusal::AuthRequired),
    ),
    (
        RELAY_SENDER,
        Signal::RelayRefused(RelayRefusal::SenderNotInDomains),
    ),
    (IMAP_DISABLED_DOMAIN, Signal::ImapDisabledDomain),
    (IMAP_DISABLED_USER, Signal::ImapDisabledUser),
    (APP_PASSWORD, Signal::AppPasswordRequired),
    (WEB_LOGIN, Signal::WebLoginRequired),
    (TOO_MANY_CONNECTIONS, Signal::TooManyConnections),
    (SUSPENDED, Signal::Suspended),
    (MUST_STARTTLS, Signal::MustStarttls),
    (SENDING_REFUSED, Signal::SendingRefused),
    (TEMPORARY, Signal::Temporary),
    (INVALID_CREDENTIALS, Signal::InvalidCredentials),
];

/// Recognises a refusal from its words alone. `text` may span several
/// lines (SMTP continuation lines joined with newlines).
pub fn text_signal(text: &str) -> Signal {
    let t = norm(text);
    TABLE
        .iter()
        .find(|(phrases, _)| phrases.iter().any(|p| t.contains(p)))
        .map_or(Signal::Unknown, |(_, signal)| *signal)
}
