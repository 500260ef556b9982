//! Who may sign in and send, and why not: pure functions of the account,
//! the Workspace policy and the date (DESIGN.md "Model").
//!
//! Protocol code never asks "which mode is this?"; it asks these functions
//! and renders the [`Denial`] with Gmail's text for its protocol
//! (`crate::responses`). Each outcome names the rule that decided it, so
//! logs can say why.

use super::account::{Account, AccountKind};
use super::era;
use super::policy::{LessSecureApps, Policy};

/// Which server is asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Service {
    /// IMAP (LOGIN / AUTHENTICATE).
    Imap,
    /// SMTP submission (AUTH).
    Smtp,
}

/// What the client presented.
#[derive(Debug, Clone, Copy)]
pub enum Credential<'a> {
    /// A password-based mechanism (IMAP LOGIN, AUTH PLAIN / LOGIN): the
    /// secret may be the account password or an app password.
    Password(&'a str),
    /// An OAuth 2.0 bearer token (XOAUTH2), checked against the account's
    /// static `oauth_tokens`.
    OAuthToken(&'a str),
    /// An access token the mock's own authorization server issued,
    /// already judged by [`super::oauth::access_token_ok`] (the token
    /// store lives beside the accounts, not in them; the verdict is
    /// passed in so this stays the one sign-in decision).
    IssuedToken(Result<(), super::oauth::TokenDenial>),
}

/// Which secret let the user in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKind {
    /// The account (web) password.
    AccountPassword,
    /// A 16-letter app password.
    AppPassword,
    /// An OAuth access token.
    OAuthToken,
}

/// Why a sign-in is refused. Each maps to one Gmail reply per protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Denial {
    /// Unknown user, or a secret that is neither the password nor an app
    /// password.
    InvalidCredentials,
    /// An OAuth token that is unknown or expired.
    InvalidToken,
    /// The admin disabled POP and IMAP for the whole domain.
    ImapDisabledForDomain,
    /// The user's own Gmail setting has IMAP off.
    ImapDisabledForUser,
    /// The account password was used while 2-Step Verification is on.
    AppPasswordRequired,
    /// The account password was used but "less secure apps" are not allowed
    /// for this user (by policy, by the user's switch, or by date).
    WebLoginRequired,
    /// The account is suspended.
    AccountSuspended,
    /// Too many simultaneous IMAP connections.
    TooManyConnections,
    /// Google is rate-limiting the account.
    Throttled,
}

/// A successful sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The canonical address of the account.
    pub email: String,
    /// Which secret was used.
    pub via: SecretKind,
}

/// The outcome plus the rule that produced it (for logs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Granted or denied.
    pub outcome: Result<Grant, Denial>,
    /// A short description of the deciding rule.
    pub rule: &'static str,
}

impl Decision {
    /// The outcome in a few words, for the log line of each decision:
    /// `granted (AppPassword)` or `denied (WebLoginRequired)`.
    pub fn outcome_text(&self) -> String {
        match &self.outcome {
            Ok(g) => format!("granted ({:?})", g.via),
            Err(d) => format!("denied ({d:?})"),
        }
    }
}

fn deny(d: Denial, rule: &'static str) -> Decision {
    Decision {
        outcome: Err(d),
        rule,
    }
}

/// Whether password sign-in via "less secure apps" is allowed for this
/// account under `policy` (rule 4 of DESIGN.md).
pub fn less_secure_allowed(account: &Account, policy: &Policy) -> bool {
    let kind = account.kind();
    if !era::less_secure_possible(kind, policy.as_of) {
        return false;
    }
    match kind {
        AccountKind::Consumer => account.less_secure_toggle,
        AccountKind::Workspace => match policy.less_secure_apps {
            LessSecureApps::Disabled => false,
            LessSecureApps::UserManaged => account.less_secure_toggle,
            LessSecureApps::Enforced => true,
        },
    }
}

/// The authentication decision (DESIGN.md, first match wins).
///
/// `account` is `None` for an unknown user. `live_connections` is how many
/// IMAP sessions this account already has open on this mock.
pub fn authenticate(
    account: Option<&Account>,
    policy: &Policy,
    service: Service,
    credential: Credential<'_>,
    live_connections: u32,
) -> Decision {
    let Some(account) = account else {
        return match credential {
            Credential::OAuthToken(_) | Credential::IssuedToken(_) => {
                deny(Denial::InvalidToken, "unknown user")
            }
            Credential::Password(_) => deny(Denial::InvalidCredentials, "unknown user"),
        };
    };
    // 1. The secret must be the password, an app password or a token.
    let via = match credential {
        Credential::Password(s) if account.is_password(s) => SecretKind::AccountPassword,
        Credential::Password(s) if account.is_app_password(s) => SecretKind::AppPassword,
        Credential::Password(_) => {
            return deny(
                Denial::InvalidCredentials,
                "secret is neither password nor app password",
            )
        }
        Credential::OAuthToken(t) if account.has_token(t) => SecretKind::OAuthToken,
        Credential::OAuthToken(_) => return deny(Denial::InvalidToken, "unknown or expired token"),
        Credential::IssuedToken(Ok(())) => SecretKind::OAuthToken,
        Credential::IssuedToken(Err(d)) => {
            use super::oauth::TokenDenial;
            return deny(
                Denial::InvalidToken,
                match d {
                    TokenDenial::Unknown => "access token issued for another account",
                    TokenDenial::Expired => "access token expired (3599 s)",
                    TokenDenial::MissingMailScope => {
                        "access token without https://mail.google.com/"
                    }
                },
            );
        }
    };
    if account.suspended {
        return deny(Denial::AccountSuspended, "account suspended");
    }
    // 2. IMAP availability (domain first: the admin's switch wins).
    if service == Service::Imap {
        if account.kind() == AccountKind::Workspace && policy.imap_pop_disabled_for_all {
            return deny(
                Denial::ImapDisabledForDomain,
                "admin: POP and IMAP disabled for all users",
            );
        }
        if !account.imap_enabled && era::user_imap_switch_exists(policy.as_of) {
            return deny(
                Denial::ImapDisabledForUser,
                "user: IMAP disabled in Gmail settings",
            );
        }
    }
    if via == SecretKind::AccountPassword {
        // 3. 2-Step Verification makes the password useless for apps.
        if account.two_step_verification {
            return deny(
                Denial::AppPasswordRequired,
                "account password with 2-Step Verification on",
            );
        }
        // 4. Less secure apps.
        if !era::less_secure_possible(account.kind(), policy.as_of) {
            // After the cut-off Gmail no longer says why: a correct
            // password gets the same plain refusal as a wrong one
            // (DESIGN.md "Time").
            return deny(
                Denial::InvalidCredentials,
                "account password after Google ended password sign-in for apps",
            );
        }
        if !less_secure_allowed(account, policy) {
            return deny(
                Denial::WebLoginRequired,
                "account password while less secure apps are not allowed",
            );
        }
    }
    // Beyond DESIGN's four rules: Google's operational limits.
    if account.throttled {
        return deny(Denial::Throttled, "account is rate-limited");
    }
    if service == Service::Imap
        && live_connections.saturating_add(account.other_clients_connected)
            >= account.max_connections
    {
        return deny(
            Denial::TooManyConnections,
            "simultaneous connection limit reached",
        );
    }
    Decision {
        outcome: Ok(Grant {
            email: account.email.clone(),
            via,
        }),
        rule: match via {
            SecretKind::AccountPassword => "account password, less secure apps allowed",
            SecretKind::AppPassword => "app password",
            SecretKind::OAuthToken => "valid OAuth token",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::era::ARTICLE_ERA;
    use chrono::NaiveDate;

    fn ws() -> Account {
        Account::new("anna@firma.pl", "pw")
    }

    fn pol(lsa: LessSecureApps) -> Policy {
        Policy {
            less_secure_apps: lsa,
            external_smtp_allowed: true,
            ..Policy::default()
        }
    }

    fn run(a: &Account, p: &Policy, s: Service, secret: &str) -> Result<Grant, Denial> {
        authenticate(Some(a), p, s, Credential::Password(secret), 0).outcome
    }

    #[test]
    fn first_match_order() {
        let p = pol(LessSecureApps::Enforced);
        assert_eq!(
            run(&ws(), &p, Service::Imap, "nope"),
            Err(Denial::InvalidCredentials)
        );
        assert!(run(&ws(), &p, Service::Imap, "pw").is_ok());
        let domain_off = Policy {
            imap_pop_disabled_for_all: true,
            ..p.clone()
        };
        // IMAP rules come before the password rules, and only for IMAP.
        let mut tsv = ws();
        tsv.two_step_verification = true;
        assert_eq!(
            run(&tsv, &domain_off, Service::Imap, "pw"),
            Err(Denial::ImapDisabledForDomain)
        );
        assert_eq!(
            run(&tsv, &domain_off, Service::Smtp, "pw"),
            Err(Denial::AppPasswordRequired)
        );
        let mut user_off = ws();
        user_off.imap_enabled = false;
        assert_eq!(
            run(&user_off, &p, Service::Imap, "pw"),
            Err(Denial::ImapDisabledForUser)
        );
        assert!(run(&user_off, &p, Service::Smtp, "pw").is_ok());
    }

    #[test]
    fn less_secure_variants() {
        let mut a = ws();
        assert_eq!(
            run(&a, &pol(LessSecureApps::Disabled), Service::Imap, "pw"),
            Err(Denial::WebLoginRequired)
        );
        assert_eq!(
            run(&a, &pol(LessSecureApps::UserManaged), Service::Imap, "pw"),
            Err(Denial::WebLoginRequired)
        );
        a.less_secure_toggle = true;
        assert!(run(&a, &pol(LessSecureApps::UserManaged), Service::Imap, "pw").is_ok());
        // A consumer account ignores the Workspace policy: its own switch.
        let mut c = Account::new("jan@gmail.com", "pw");
        assert_eq!(
            run(&c, &pol(LessSecureApps::Enforced), Service::Imap, "pw"),
            Err(Denial::WebLoginRequired)
        );
        c.less_secure_toggle = true;
        assert!(run(&c, &pol(LessSecureApps::Disabled), Service::Imap, "pw").is_ok());
    }

    #[test]
    fn dates_end_password_sign_in() {
        let mut p = pol(LessSecureApps::Enforced);
        p.as_of = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let a = ws().with_app_password("abcdefghijklmnop");
        let mut plain = ws();
        plain.less_secure_toggle = true;
        // Today's wire: the plain refusal, the same bytes as a wrong
        // password, whatever the admin sets.
        assert_eq!(
            run(&plain, &p, Service::Imap, "pw"),
            Err(Denial::InvalidCredentials)
        );
        assert_eq!(
            run(&plain, &p, Service::Smtp, "pw"),
            Err(Denial::InvalidCredentials)
        );
        // With 2-Step Verification it still asks for an app password.
        let mut tsv = plain.clone();
        tsv.two_step_verification = true;
        assert_eq!(
            run(&tsv, &p, Service::Imap, "pw"),
            Err(Denial::AppPasswordRequired)
        );
        // The day before the Workspace cut-off, the web-login alert.
        p.as_of = NaiveDate::from_ymd_opt(2024, 9, 29).unwrap();
        p.less_secure_apps = LessSecureApps::Disabled;
        assert_eq!(
            run(&plain, &p, Service::Imap, "pw"),
            Err(Denial::WebLoginRequired)
        );
        p.as_of = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        p.less_secure_apps = LessSecureApps::Enforced;
        assert_eq!(
            run(&a, &p, Service::Imap, "abcd efgh ijkl mnop").map(|g| g.via),
            Ok(SecretKind::AppPassword)
        );
        // The user's IMAP switch no longer exists in 2026.
        let mut off = a.clone();
        off.imap_enabled = false;
        assert!(run(&off, &p, Service::Imap, "abcdefghijklmnop").is_ok());
        p.as_of = ARTICLE_ERA;
        assert_eq!(
            run(&off, &p, Service::Imap, "abcdefghijklmnop"),
            Err(Denial::ImapDisabledForUser)
        );
    }

    /// Workspace between 2024-06-15 and 2024-09-29: where less secure apps
    /// were already on the password still signs in; where they were off it
    /// gets the web-login refusal (not yet the plain one), and a personal
    /// account in the same days gets the plain refusal of its own cut-off.
    #[test]
    fn the_2024_window() {
        let mut p = pol(LessSecureApps::Enforced);
        p.as_of = NaiveDate::from_ymd_opt(2024, 7, 15).unwrap();
        assert!(run(&ws(), &p, Service::Imap, "pw").is_ok());
        assert!(run(&ws(), &p, Service::Smtp, "pw").is_ok());
        let mut managed = ws();
        managed.less_secure_toggle = true;
        p.less_secure_apps = LessSecureApps::UserManaged;
        assert!(run(&managed, &p, Service::Imap, "pw").is_ok());
        p.less_secure_apps = LessSecureApps::Disabled;
        assert_eq!(
            run(&ws(), &p, Service::Imap, "pw"),
            Err(Denial::WebLoginRequired)
        );
        let mut private = Account::new("jan@gmail.com", "pw");
        private.less_secure_toggle = true;
        assert_eq!(
            run(&private, &p, Service::Imap, "pw"),
            Err(Denial::InvalidCredentials)
        );
    }

    #[test]
    fn oauth_and_limits() {
        let p = pol(LessSecureApps::Disabled);
        let a = ws().with_oauth_token("ya29.ok");
        let d = authenticate(
            Some(&a),
            &p,
            Service::Imap,
            Credential::OAuthToken("ya29.ok"),
            0,
        );
        assert_eq!(d.outcome.map(|g| g.via), Ok(SecretKind::OAuthToken));
        let d = authenticate(
            Some(&a),
            &p,
            Service::Imap,
            Credential::OAuthToken("old"),
            0,
        );
        assert_eq!(d.outcome, Err(Denial::InvalidToken));
        let d = authenticate(
            Some(&a),
            &p,
            Service::Imap,
            Credential::OAuthToken("ya29.ok"),
            15,
        );
        assert_eq!(d.outcome, Err(Denial::TooManyConnections));
        let d = authenticate(None, &p, Service::Smtp, Credential::Password("x"), 0);
        assert_eq!(d.outcome, Err(Denial::InvalidCredentials));
        // Issued tokens: the verdict decides rule 1, the IMAP rules still
        // apply after it.
        use crate::model::oauth::TokenDenial;
        let issued = Credential::IssuedToken(Ok(()));
        let d = authenticate(Some(&a), &p, Service::Smtp, issued, 0);
        assert_eq!(d.outcome.map(|g| g.via), Ok(SecretKind::OAuthToken));
        let expired = Credential::IssuedToken(Err(TokenDenial::Expired));
        let d = authenticate(Some(&a), &p, Service::Smtp, expired, 0);
        assert_eq!(d.outcome, Err(Denial::InvalidToken));
        let domain_off = Policy {
            imap_pop_disabled_for_all: true,
            ..p.clone()
        };
        let d = authenticate(Some(&a), &domain_off, Service::Imap, issued, 0);
        assert_eq!(d.outcome, Err(Denial::ImapDisabledForDomain));
        let d = authenticate(None, &p, Service::Smtp, issued, 0);
        assert_eq!(d.outcome, Err(Denial::InvalidToken));
        let d = authenticate(None, &p, Service::Smtp, Credential::Password("x"), 0);
        assert_eq!(d.outcome, Err(Denial::InvalidCredentials));
    }
}
