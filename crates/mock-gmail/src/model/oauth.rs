//! OAuth 2.0 as Google runs it for a CRM's Gmail connection (DESIGN.md
//! "OAuth"): the CRM's OAuth client, each account's grant to it, access
//! tokens, the Workspace admin's API controls — and the decisions that
//! refuse a refresh or an XOAUTH2 sign-in, as pure functions next to the
//! password decision in `decision.rs`.
//!
//! Why a model rather than a token list: since the cut-offs a CRM reaches
//! a Workspace mailbox through OAuth, and what its support team meets is
//! `invalid_grant` with half a dozen causes, blocked apps and missing
//! scopes. Each cause is a piece of state here (a revoked grant, a client
//! in Testing, a blocked client id), so the mock replays it and a walk can
//! fix it.
//!
//! Time is the mock's clock (`tokio::time::Instant`): issue, last use and
//! expiry move with `MockHandle::advance`, so "7 days after issue" takes
//! microseconds in a test.

use std::time::Duration;

use gmail_wire::Secret;
use serde::{Deserialize, Serialize};
use tokio::time::Instant;

use super::account::{Account, AccountKind};

/// The scope IMAP and SMTP need (Google's "restricted" Gmail scope).
pub const MAIL_SCOPE: &str = "https://mail.google.com/";

/// An access token lives 3599 seconds (Google's `expires_in`).
pub const ACCESS_TOKEN_LIFETIME: Duration = Duration::from_secs(3599);

/// A refresh token of an external app in Testing dies 7 days after issue
/// (developers.google.com/identity/protocols/oauth2#expiration).
pub const TESTING_REFRESH_LIFETIME: Duration = Duration::from_secs(7 * 24 * 3600);

/// A refresh token unused for six months dies (same source).
pub const UNUSED_LIFETIME: Duration = Duration::from_secs(183 * 24 * 3600);

/// Live refresh tokens per account and client; the 101st kills the oldest
/// (same source).
pub const MAX_LIVE_REFRESH_TOKENS: usize = 100;

/// The OAuth consent screen's publishing status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PublishingStatus {
    /// "Testing": only listed test users, refresh tokens for 7 days.
    #[default]
    Testing,
    /// "In production".
    Production,
}

/// The consent screen's user type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UserType {
    /// Any Google account may authorize it.
    #[default]
    External,
    /// Only accounts of the organisation that owns the project.
    Internal,
}

/// The CRM's OAuth client (its Google Cloud project). Not `Serialize`:
/// its secret never leaves the mock by accident (`Secret` has no
/// serializer); the API shows it on purpose where the DESIGN says so.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OAuthClient {
    /// `…apps.googleusercontent.com`.
    pub client_id: String,
    /// The client secret.
    pub client_secret: Secret<String>,
    /// Authorized redirect URIs (exact match, as Google compares them).
    #[serde(default)]
    pub redirect_uris: Vec<String>,
    /// Testing or production.
    #[serde(default)]
    pub publishing_status: PublishingStatus,
    /// External or internal.
    #[serde(default)]
    pub user_type: UserType,
    /// The domain of the organisation owning an internal app.
    #[serde(default)]
    pub owner_domain: Option<String>,
    /// Google verified the app for the restricted mail scope.
    #[serde(default)]
    pub verified: bool,
    /// Test users (may authorize an unverified or testing app).
    #[serde(default)]
    pub test_users: Vec<String>,
    /// The client was deleted in the Cloud console.
    #[serde(default)]
    pub deleted: bool,
}

/// Security › Access and data control › API controls › App access
/// control, per client id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AppAccess {
    /// "Trusted": any Google service, restricted ones included.
    Trusted,
    /// "Limited" (unconfigured apps): unrestricted services only — Gmail
    /// included unless the admin restricted Gmail.
    #[default]
    Limited,
    /// "Blocked": no Google data at all.
    Blocked,
}

/// Why a grant is no longer usable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Revocation {
    /// The user removed the app under myaccount › Security ›
    /// "Third-party apps with account access" (or `/revoke`).
    ByUser,
    /// The account password changed while the grant held Gmail scopes.
    PasswordChanged,
    /// The 101st refresh token for this account and client was issued.
    TooManyTokens,
}

/// One account's grant to one client.
#[derive(Debug, Clone)]
pub struct Grant {
    /// The account (lower-cased address).
    pub account: String,
    /// The client.
    pub client_id: String,
    /// The refresh token.
    pub refresh_token: Secret<String>,
    /// Granted scopes.
    pub scopes: Vec<String>,
    /// When the refresh token was issued.
    pub issued_at: Instant,
    /// When it was last used to refresh.
    pub last_used: Instant,
    /// Revoked, and why.
    pub revoked: Option<Revocation>,
}

/// An access token issued by a refresh or a code exchange.
#[derive(Debug, Clone)]
pub struct AccessToken {
    /// The token (`ya29.…`).
    pub token: Secret<String>,
    /// Whose.
    pub account: String,
    /// For which client.
    pub client_id: String,
    /// Its scopes.
    pub scopes: Vec<String>,
    /// When it stops working.
    pub expires_at: Instant,
}

/// Why the token endpoint refuses, with Google's error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    /// Unknown or deleted client, or a wrong secret.
    InvalidClient,
    /// The refresh token (or code) cannot be used, and why (Google's
    /// answer does not say; the model knows).
    InvalidGrant(GrantDeath),
    /// The Workspace admin blocks this client (or restricts Gmail for
    /// unconfigured apps).
    AdminPolicyEnforced,
}

/// The causes behind one `invalid_grant`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantDeath {
    /// No such refresh token.
    Unknown,
    /// Revoked (by the user, a password change, or the 100-token limit).
    Revoked(Revocation),
    /// An external app in Testing: 7 days after issue.
    TestingExpired,
    /// Unused for six months.
    Unused,
    /// An authorization code that is unknown, used already, expired, or
    /// was issued to another client or redirect URI.
    BadCode,
    /// The PKCE `code_verifier` is missing or does not match the code's
    /// challenge.
    BadVerifier,
}

impl TokenError {
    /// The `error` field of Google's JSON answer.
    pub fn code(self) -> &'static str {
        match self {
            TokenError::InvalidClient => "invalid_client",
            TokenError::InvalidGrant(_) => "invalid_grant",
            TokenError::AdminPolicyEnforced => "admin_policy_enforced",
        }
    }

    /// The `error_description`. Sources: "Token has been expired or
    /// revoked." — Google's answer quoted in countless client issues (e.g.
    /// googleapis/google-api-nodejs-client#2494); "The OAuth client was
    /// not found." — Google's invalid_client text; the admin-policy text is
    /// the consent page's (GAM-team/got-your-back#284), which the token
    /// endpoint shortens — *representative*. For codes: "Malformed auth
    /// code." and "Invalid code verifier." as Google answers them (quoted
    /// in e.g. googleapis/google-auth-library-nodejs issues and
    /// Stack Overflow questions on PKCE) — *representative* where the
    /// wording varies.
    pub fn description(self) -> &'static str {
        match self {
            TokenError::InvalidClient => "The OAuth client was not found.",
            TokenError::InvalidGrant(GrantDeath::BadCode) => "Malformed auth code.",
            TokenError::InvalidGrant(GrantDeath::BadVerifier) => "Invalid code verifier.",
            TokenError::InvalidGrant(_) => "Token has been expired or revoked.",
            TokenError::AdminPolicyEnforced => {
                "Access to your account data is restricted by policies within your organization."
            }
        }
    }

    /// The HTTP status Google answers with.
    pub fn status(self) -> u16 {
        match self {
            TokenError::InvalidClient => 401,
            TokenError::InvalidGrant(_) | TokenError::AdminPolicyEnforced => 400,
        }
    }
}

/// What the admin allows this client (per client id, default Limited).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ApiControls {
    /// Per client id.
    pub apps: std::collections::BTreeMap<String, AppAccess>,
    /// Google services › Gmail: "Restricted" (only trusted apps may use
    /// restricted Gmail scopes).
    pub gmail_restricted: bool,
}

impl ApiControls {
    /// The access configured for `client_id`.
    pub fn access(&self, client_id: &str) -> AppAccess {
        self.apps.get(client_id).copied().unwrap_or_default()
    }

    /// Whether the admin lets `client_id` use the mail scope for this
    /// organisation's accounts.
    pub fn allows_mail(&self, client_id: &str) -> bool {
        match self.access(client_id) {
            AppAccess::Trusted => true,
            AppAccess::Limited => !self.gmail_restricted,
            AppAccess::Blocked => false,
        }
    }
}

/// Whether a grant still works at `now`, first match wins: revoked, an
/// external app's Testing lifetime, six months unused.
pub fn grant_alive(grant: &Grant, client: &OAuthClient, now: Instant) -> Result<(), GrantDeath> {
    if let Some(r) = grant.revoked {
        return Err(GrantDeath::Revoked(r));
    }
    let testing_external = client.publishing_status == PublishingStatus::Testing
        && client.user_type == UserType::External;
    if testing_external
        && now.saturating_duration_since(grant.issued_at) >= TESTING_REFRESH_LIFETIME
    {
        return Err(GrantDeath::TestingExpired);
    }
    if now.saturating_duration_since(grant.last_used) >= UNUSED_LIFETIME {
        return Err(GrantDeath::Unused);
    }
    Ok(())
}

/// The token endpoint's decision for a `refresh_token` grant, first match
/// wins: the client and its secret, the refresh token, the admin's API
/// controls for a Workspace account.
pub fn refresh(
    client: Option<&OAuthClient>,
    secret: &str,
    grant: Option<&Grant>,
    account: Option<&Account>,
    controls: &ApiControls,
    now: Instant,
) -> Result<(), TokenError> {
    let client = match client {
        Some(c) if !c.deleted && c.client_secret.expose() == secret => c,
        _ => return Err(TokenError::InvalidClient),
    };
    let grant = grant
        .filter(|g| g.client_id == client.client_id)
        .ok_or(TokenError::InvalidGrant(GrantDeath::Unknown))?;
    grant_alive(grant, client, now).map_err(TokenError::InvalidGrant)?;
    let workspace = account.is_some_and(|a| a.kind() == AccountKind::Workspace);
    if workspace
        && grant.scopes.iter().any(|s| s == MAIL_SCOPE)
        && !controls.allows_mail(&client.client_id)
    {
        return Err(TokenError::AdminPolicyEnforced);
    }
    Ok(())
}

/// Why an XOAUTH2 sign-in with an access token is refused (Gmail answers
/// every one with the same base64 JSON challenge; see `responses`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenDenial {
    /// Not a token this mock issued for this account.
    Unknown,
    /// Past its 3599 seconds.
    Expired,
    /// Issued without `https://mail.google.com/`.
    MissingMailScope,
}

/// The XOAUTH2 decision for an access token presented for `account`.
pub fn access_token_ok(
    token: Option<&AccessToken>,
    account: &str,
    now: Instant,
) -> Result<(), TokenDenial> {
    let t = token
        .filter(|t| t.account.eq_ignore_ascii_case(account))
        .ok_or(TokenDenial::Unknown)?;
    if now >= t.expires_at {
        return Err(TokenDenial::Expired);
    }
    if !t.scopes.iter().any(|s| s == MAIL_SCOPE) {
        return Err(TokenDenial::MissingMailScope);
    }
    Ok(())
}

/// Why the consent page (`/o/oauth2/v2/auth`) refuses, with Google's
/// `error` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthorizeError {
    /// Unknown or deleted client (`invalid_client`: "The OAuth client was
    /// not found.").
    InvalidClient,
    /// The redirect URI is not one of the client's
    /// (`redirect_uri_mismatch`).
    RedirectUriMismatch,
    /// An internal app of another organisation (`org_internal`).
    OrgInternal,
    /// The admin blocks the app for this account's organisation
    /// (`admin_policy_enforced`).
    AdminPolicyEnforced,
    /// An unverified or testing app asked a user who is not a test user
    /// (`access_denied`: "… has not completed the Google verification
    /// process").
    AccessDenied,
}

impl AuthorizeError {
    /// The `error` value of the redirect or the error page.
    pub fn code(self) -> &'static str {
        match self {
            AuthorizeError::InvalidClient => "invalid_client",
            AuthorizeError::RedirectUriMismatch => "redirect_uri_mismatch",
            AuthorizeError::OrgInternal => "org_internal",
            AuthorizeError::AdminPolicyEnforced => "admin_policy_enforced",
            AuthorizeError::AccessDenied => "access_denied",
        }
    }
}

/// The consent decision, first match wins: the client, the redirect URI
/// (Google shows an error page rather than redirecting to an unknown
/// URI), an internal app outside its organisation, the admin's API
/// controls, then an unverified or testing app and its test users.
pub fn authorize(
    client: Option<&OAuthClient>,
    redirect_uri: &str,
    account: &Account,
    scopes: &[String],
    controls: &ApiControls,
) -> Result<(), AuthorizeError> {
    let client = authorize_client(client, redirect_uri)?;
    if client.user_type == UserType::Internal
        && client
            .owner_domain
            .as_deref()
            .is_none_or(|d| !d.eq_ignore_ascii_case(&account.domain()))
    {
        return Err(AuthorizeError::OrgInternal);
    }
    let wants_mail = scopes.iter().any(|s| s == MAIL_SCOPE);
    if account.kind() == AccountKind::Workspace
        && wants_mail
        && !controls.allows_mail(&client.client_id)
    {
        return Err(AuthorizeError::AdminPolicyEnforced);
    }
    let test_user = client
        .test_users
        .iter()
        .any(|u| u.eq_ignore_ascii_case(&account.email));
    let needs_test_user = client.user_type == UserType::External
        && (client.publishing_status == PublishingStatus::Testing
            || (wants_mail && !client.verified));
    if needs_test_user && !test_user {
        return Err(AuthorizeError::AccessDenied);
    }
    Ok(())
}

/// The consent decision's first two rules, which do not depend on the
/// account: the client exists and `redirect_uri` is one of its own. A
/// consent page checks them before showing anything (and never redirects
/// when they fail).
pub fn authorize_client<'a>(
    client: Option<&'a OAuthClient>,
    redirect_uri: &str,
) -> Result<&'a OAuthClient, AuthorizeError> {
    let client = client
        .filter(|c| !c.deleted)
        .ok_or(AuthorizeError::InvalidClient)?;
    if !client
        .redirect_uris
        .iter()
        .any(|u| redirect_matches(u, redirect_uri))
    {
        return Err(AuthorizeError::RedirectUriMismatch);
    }
    Ok(client)
}

/// Whether `given` is the registered redirect URI: exactly, or — for an
/// `http` loopback URI (127.0.0.1, [::1], localhost) — with any port, as
/// RFC 8252 §7.3 requires and Google does for installed apps, so a
/// CRM's test server on an ephemeral port can receive the code.
pub fn redirect_matches(registered: &str, given: &str) -> bool {
    if registered == given {
        return true;
    }
    match (loopback_parts(registered), loopback_parts(given)) {
        (Some((h1, p1)), Some((h2, p2))) => h1.eq_ignore_ascii_case(h2) && p1 == p2,
        _ => false,
    }
}

/// `(host, path-and-query)` of an `http://` loopback URI, port dropped.
fn loopback_parts(uri: &str) -> Option<(&str, &str)> {
    let rest = uri.strip_prefix("http://")?;
    let (authority, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
    let host = if let Some(v6) = authority.strip_prefix('[') {
        &authority[..v6.find(']')? + 2]
    } else {
        authority.split(':').next()?
    };
    ["127.0.0.1", "[::1]", "localhost"]
        .iter()
        .any(|l| l.eq_ignore_ascii_case(host))
        .then_some((host, path))
}

/// How a PKCE challenge was derived from the verifier (RFC 7636 §4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PkceMethod {
    /// `BASE64URL(SHA256(verifier))` without padding.
    S256,
    /// The verifier itself.
    Plain,
}

impl PkceMethod {
    /// Parses `code_challenge_method` (absent means `plain`, as RFC 7636
    /// says); `None` for anything else.
    pub fn parse(s: Option<&str>) -> Option<PkceMethod> {
        match s {
            None | Some("plain") => Some(PkceMethod::Plain),
            Some("S256") => Some(PkceMethod::S256),
            Some(_) => None,
        }
    }
}

/// Whether `verifier` answers `challenge` (RFC 7636 §4.6). A code issued
/// without a challenge needs no verifier; one issued with it does.
pub fn pkce_ok(
    challenge: Option<(&str, PkceMethod)>,
    verifier: Option<&str>,
) -> Result<(), GrantDeath> {
    let Some((challenge, method)) = challenge else {
        return Ok(());
    };
    let verifier = verifier.ok_or(GrantDeath::BadVerifier)?;
    let derived = match method {
        PkceMethod::Plain => verifier.to_owned(),
        PkceMethod::S256 => {
            use base64::Engine as _;
            let digest = ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes());
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest.as_ref())
        }
    };
    if derived == challenge {
        Ok(())
    } else {
        Err(GrantDeath::BadVerifier)
    }
}

/// Which grants die when one more refresh token is issued for the same
/// account and client: the oldest live ones beyond the limit.
pub fn evicted_by_new_token<'a>(live: impl Iterator<Item = &'a Grant>) -> Vec<usize> {
    let mut ages: Vec<(usize, Instant)> = live
        .enumerate()
        .filter(|(_, g)| g.revoked.is_none())
        .map(|(i, g)| (i, g.issued_at))
        .collect();
    if ages.len() < MAX_LIVE_REFRESH_TOKENS {
        return Vec::new();
    }
    ages.sort_by_key(|(_, t)| *t);
    let excess = ages.len() + 1 - MAX_LIVE_REFRESH_TOKENS;
    ages.into_iter().take(excess).map(|(i, _)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> OAuthClient {
        OAuthClient {
            client_id: "crm.apps.googleusercontent.com".into(),
            client_secret: Secret::new("s3cret".into()),
            redirect_uris: vec!["https://crm.example/oauth/callback".into()],
            publishing_status: PublishingStatus::Production,
            user_type: UserType::External,
            owner_domain: None,
            verified: true,
            test_users: Vec::new(),
            deleted: false,
        }
    }

    fn grant(now: Instant) -> Grant {
        Grant {
            account: "anna@firma.pl".into(),
            client_id: "crm.apps.googleusercontent.com".into(),
            refresh_token: Secret::new("1//r".into()),
            scopes: vec![MAIL_SCOPE.into()],
            issued_at: now,
            last_used: now,
            revoked: None,
        }
    }

    #[test]
    fn refresh_first_match() {
        let now = Instant::now();
        let c = client();
        let g = grant(now);
        let anna = Account::new("anna@firma.pl", "pw");
        let open = ApiControls::default();
        let ok = |c: &OAuthClient, g: &Grant, ctl: &ApiControls, at: Instant| {
            refresh(Some(c), "s3cret", Some(g), Some(&anna), ctl, at)
        };
        assert_eq!(ok(&c, &g, &open, now), Ok(()));
        assert_eq!(
            refresh(Some(&c), "wrong", Some(&g), Some(&anna), &open, now),
            Err(TokenError::InvalidClient)
        );
        assert_eq!(
            refresh(None, "s3cret", Some(&g), Some(&anna), &open, now),
            Err(TokenError::InvalidClient)
        );
        assert_eq!(
            refresh(Some(&c), "s3cret", None, Some(&anna), &open, now),
            Err(TokenError::InvalidGrant(GrantDeath::Unknown))
        );
        let mut revoked = g.clone();
        revoked.revoked = Some(Revocation::PasswordChanged);
        assert_eq!(
            ok(&c, &revoked, &open, now),
            Err(TokenError::InvalidGrant(GrantDeath::Revoked(
                Revocation::PasswordChanged
            )))
        );
        let mut testing = c.clone();
        testing.publishing_status = PublishingStatus::Testing;
        let week = now + TESTING_REFRESH_LIFETIME;
        let mut used = g.clone();
        used.last_used = week;
        assert_eq!(
            ok(&testing, &used, &open, week),
            Err(TokenError::InvalidGrant(GrantDeath::TestingExpired))
        );
        // The same week in production is fine; six months unused is not.
        assert_eq!(ok(&c, &used, &open, week), Ok(()));
        assert_eq!(
            ok(&c, &g, &open, now + UNUSED_LIFETIME),
            Err(TokenError::InvalidGrant(GrantDeath::Unused))
        );
        let mut blocked = ApiControls::default();
        blocked.apps.insert(c.client_id.clone(), AppAccess::Blocked);
        assert_eq!(
            ok(&c, &g, &blocked, now),
            Err(TokenError::AdminPolicyEnforced)
        );
        // Personal accounts have no admin.
        let jan = Account::new("jan@gmail.com", "pw");
        assert_eq!(
            refresh(Some(&c), "s3cret", Some(&g), Some(&jan), &blocked, now),
            Ok(())
        );
        let restricted = ApiControls {
            gmail_restricted: true,
            ..ApiControls::default()
        };
        assert_eq!(
            ok(&c, &g, &restricted, now),
            Err(TokenError::AdminPolicyEnforced)
        );
        let mut trusted = restricted.clone();
        trusted.apps.insert(c.client_id.clone(), AppAccess::Trusted);
        assert_eq!(ok(&c, &g, &trusted, now), Ok(()));
    }

    #[test]
    fn error_codes_and_texts() {
        assert_eq!(
            (
                TokenError::InvalidGrant(GrantDeath::Unused).code(),
                TokenError::InvalidGrant(GrantDeath::Unused).description(),
                TokenError::InvalidGrant(GrantDeath::Unused).status()
            ),
            ("invalid_grant", "Token has been expired or revoked.", 400)
        );
        assert_eq!(TokenError::InvalidClient.status(), 401);
        assert_eq!(AuthorizeError::OrgInternal.code(), "org_internal");
    }

    #[test]
    fn access_tokens() {
        let now = Instant::now();
        let t = AccessToken {
            token: Secret::new("ya29.x".into()),
            account: "anna@firma.pl".into(),
            client_id: "c".into(),
            scopes: vec![MAIL_SCOPE.into()],
            expires_at: now + ACCESS_TOKEN_LIFETIME,
        };
        assert_eq!(access_token_ok(Some(&t), "Anna@Firma.pl", now), Ok(()));
        assert_eq!(
            access_token_ok(Some(&t), "anna@firma.pl", now + ACCESS_TOKEN_LIFETIME),
            Err(TokenDenial::Expired)
        );
        assert_eq!(
            access_token_ok(Some(&t), "jan@gmail.com", now),
            Err(TokenDenial::Unknown)
        );
        let mut narrow = t.clone();
        narrow.scopes = vec!["https://www.googleapis.com/auth/gmail.readonly".into()];
        assert_eq!(
            access_token_ok(Some(&narrow), "anna@firma.pl", now),
            Err(TokenDenial::MissingMailScope)
        );
    }

    #[test]
    fn consent_first_match() {
        let c = client();
        let anna = Account::new("anna@firma.pl", "pw");
        let jan = Account::new("jan@gmail.com", "pw");
        let mail = vec![MAIL_SCOPE.to_owned()];
        let uri = "https://crm.example/oauth/callback";
        let open = ApiControls::default();
        assert_eq!(authorize(Some(&c), uri, &anna, &mail, &open), Ok(()));
        assert_eq!(
            authorize(Some(&c), "https://evil.example/cb", &anna, &mail, &open),
            Err(AuthorizeError::RedirectUriMismatch)
        );
        let mut internal = c.clone();
        internal.user_type = UserType::Internal;
        internal.owner_domain = Some("crm-vendor.example".into());
        assert_eq!(
            authorize(Some(&internal), uri, &anna, &mail, &open),
            Err(AuthorizeError::OrgInternal)
        );
        let mut blocked = open.clone();
        blocked.apps.insert(c.client_id.clone(), AppAccess::Blocked);
        assert_eq!(
            authorize(Some(&c), uri, &anna, &mail, &blocked),
            Err(AuthorizeError::AdminPolicyEnforced)
        );
        assert_eq!(authorize(Some(&c), uri, &jan, &mail, &blocked), Ok(()));
        let mut unverified = c.clone();
        unverified.verified = false;
        assert_eq!(
            authorize(Some(&unverified), uri, &jan, &mail, &open),
            Err(AuthorizeError::AccessDenied)
        );
        unverified.test_users.push("Jan@Gmail.com".into());
        assert_eq!(
            authorize(Some(&unverified), uri, &jan, &mail, &open),
            Ok(())
        );
        let mut gone = c.clone();
        gone.deleted = true;
        assert_eq!(
            authorize(Some(&gone), uri, &jan, &mail, &open),
            Err(AuthorizeError::InvalidClient)
        );
    }

    #[test]
    fn loopback_redirects_take_any_port() {
        let reg = "http://127.0.0.1/oauth/callback";
        assert!(redirect_matches(reg, reg));
        assert!(redirect_matches(
            reg,
            "http://127.0.0.1:53123/oauth/callback"
        ));
        assert!(!redirect_matches(reg, "http://127.0.0.1:53123/other"));
        assert!(!redirect_matches(reg, "http://localhost:1/oauth/callback"));
        assert!(redirect_matches("http://[::1]/cb", "http://[::1]:8080/cb"));
        assert!(!redirect_matches(
            "https://crm.example/cb",
            "https://crm.example:8443/cb"
        ));
        assert!(!redirect_matches(
            reg,
            "http://127.0.0.1.evil.example/oauth/callback"
        ));
    }

    #[test]
    fn pkce_s256_and_plain() {
        // RFC 7636 Appendix B's example pair.
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        assert_eq!(
            pkce_ok(Some((challenge, PkceMethod::S256)), Some(verifier)),
            Ok(())
        );
        assert_eq!(
            pkce_ok(Some((challenge, PkceMethod::S256)), Some("other")),
            Err(GrantDeath::BadVerifier)
        );
        assert_eq!(
            pkce_ok(Some((challenge, PkceMethod::S256)), None),
            Err(GrantDeath::BadVerifier)
        );
        assert_eq!(
            pkce_ok(Some(("abc", PkceMethod::Plain)), Some("abc")),
            Ok(())
        );
        assert_eq!(pkce_ok(None, None), Ok(()));
        assert_eq!(PkceMethod::parse(Some("S512")), None);
        assert_eq!(
            TokenError::InvalidGrant(GrantDeath::BadCode).description(),
            "Malformed auth code."
        );
    }

    #[test]
    fn the_101st_token_kills_the_oldest() {
        let now = Instant::now();
        let grants: Vec<Grant> = (0..100u64)
            .map(|i| {
                let mut g = grant(now + Duration::from_secs(i));
                g.refresh_token = Secret::new(format!("1//{i}"));
                g
            })
            .collect();
        assert_eq!(evicted_by_new_token(grants.iter()), vec![0]);
        assert!(evicted_by_new_token(grants.iter().take(99)).is_empty());
    }
}
