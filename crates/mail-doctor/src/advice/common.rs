//! Building blocks several remediations share: kinds of account in words,
//! the cut-off sentences, Gmail's settings as fields.
//!
//! These are the sentences that must read the same wherever they appear:
//! the settings as fields, the kind of account with the era's product name,
//! the cut-off of password sign-in. Keeping them here means a date or a
//! product name is decided in one place, and the remediations that quote
//! them cannot drift apart.

use gmail_wire::google::AccountKind;

use crate::classify::Facts;
use crate::config::{Endpoint, Security};
use crate::i18n::{Msg, MsgId as M};
use crate::Protocol;

/// How many characters an app password has (Google shows four groups of
/// four letters; the spaces are optional).
///
/// Passed as a count so each language chooses its own wording
/// ("16-character", "16-znakowe") and plural.
pub const APP_PASSWORD_LENGTH: u64 = 16;

/// About how many simultaneous IMAP connections Gmail allows per account.
///
/// Google's help names 15 simultaneous connections per account; the advice
/// says "about", since other clients' idle connections count too and the
/// customer cannot see exactly how many are open.
pub const IMAP_CONNECTION_LIMIT: u64 = 15;

/// "IMAP" / "SMTP": the same word in every language, so it is passed as
/// verbatim text rather than a message.
pub fn proto(p: Protocol) -> &'static str {
    match p {
        Protocol::Imap => "IMAP",
        Protocol::Smtp => "SMTP",
    }
}

/// The name of a security mode.
pub fn security(s: Security) -> M {
    match s {
        Security::Ssl => M::SecuritySsl,
        Security::Starttls => M::SecurityStarttls,
        Security::None => M::SecurityNone,
    }
}

/// "server imap.gmail.com, port 993, security SSL".
pub fn fields(ep: &Endpoint) -> Msg {
    Msg::new(M::Fields)
        .text("host", &ep.host)
        .text("port", ep.port)
        .msg("security", security(ep.security))
}

/// The accounts of this kind, with the product name of the era assumed
/// ("G Suite accounts", "personal (@gmail.com) accounts").
pub fn accounts(f: &Facts) -> Msg {
    match f.account_kind {
        AccountKind::Consumer => Msg::new(M::AccountsConsumer),
        AccountKind::Workspace => Msg::new(M::AccountsWorkspace).text("product", f.admin_product),
    }
}

/// The article's warning, in our words: the sign-in page is the same for
/// company and private accounts, so people change the wrong one.
pub fn company_not_private(email: &str, kind: AccountKind) -> Msg {
    let id = match kind {
        AccountKind::Workspace => M::CompanyNotPrivateWorkspace,
        AccountKind::Consumer => M::CompanyNotPrivateConsumer,
    };
    Msg::new(id).text("email", email)
}

/// Why the account password cannot be used any more (after the cut-off).
pub fn password_sign_in_ended(f: &Facts) -> Msg {
    Msg::new(M::PasswordSignInEnded)
        .date("end", f.less_secure_end)
        .msg("accounts", accounts(f))
}

/// The cut-off caveat: until when "less secure apps" exists, or that it is
/// gone.
pub fn less_secure_cutoff(f: &Facts) -> Msg {
    let id = if f.less_secure_possible {
        M::LessSecureCutoffAhead
    } else {
        M::LessSecureCutoffPassed
    };
    Msg::new(id)
        .msg("accounts", accounts(f))
        .date("end", f.less_secure_end)
}
