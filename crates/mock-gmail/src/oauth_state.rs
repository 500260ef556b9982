//! The mock's authorization server at run time: its OAuth clients, the
//! grants accounts gave them, the access tokens and authorization codes
//! in circulation. It lives in the [`crate::world::World`] (one per mock,
//! behind the world's mutex), and every refusal is decided by the pure
//! functions of [`crate::model::oauth`]; this module only looks things up
//! and applies what they decided (issue, evict, revoke).
//!
//! Token values come from the caller (the mock's seeded generator), so
//! this module stays free of randomness and its tests are exact.

use std::collections::{BTreeMap, HashMap};

use gmail_wire::Secret;
use tokio::time::Instant;

use crate::model::oauth::{
    self, evicted_by_new_token, pkce_ok, AccessToken, ApiControls, Grant, GrantDeath, OAuthClient,
    PkceMethod, Revocation, TokenError, ACCESS_TOKEN_LIFETIME,
};
use crate::model::Account;

/// An authorization code lives ten minutes, as Google's do.
pub const CODE_LIFETIME: std::time::Duration = std::time::Duration::from_secs(600);

/// Most access tokens kept: old ones are dropped once expired, so a
/// long-running mock stays bounded even when a CRM refreshes in a loop.
const MAX_ACCESS_TOKENS: usize = 10_000;

/// A code the consent step handed out, waiting for its exchange.
#[derive(Debug, Clone)]
struct AuthCode {
    client_id: String,
    account: String,
    scopes: Vec<String>,
    redirect_uri: String,
    challenge: Option<(String, PkceMethod)>,
    expires_at: Instant,
}

/// What the token endpoint hands out on success.
#[derive(Debug, Clone)]
pub struct IssuedTokens {
    /// The new access token (`ya29.…`).
    pub access_token: Secret<String>,
    /// Seconds it lives (3599).
    pub expires_in: u64,
    /// The granted scopes, space-separated as Google writes them.
    pub scope: String,
    /// A new refresh token (code exchanges only).
    pub refresh_token: Option<Secret<String>>,
}

/// What `tokeninfo` tells about a live access token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    /// The client it was issued to (`azp` and `aud`).
    pub client_id: String,
    /// Space-separated scopes.
    pub scope: String,
    /// Seconds left.
    pub expires_in: u64,
    /// When it expires, in Unix seconds on the mock's wall clock.
    pub exp: i64,
    /// The account's address.
    pub email: String,
}

/// Clients, grants, access tokens and pending codes.
#[derive(Debug, Clone, Default)]
pub(crate) struct OAuthState {
    /// Keyed by client id.
    pub clients: BTreeMap<String, OAuthClient>,
    /// Every grant ever issued (revoked ones stay, so the model can say
    /// why a refresh token died).
    pub grants: Vec<Grant>,
    tokens: HashMap<String, AccessToken>,
    codes: HashMap<String, AuthCode>,
}

/// The pieces of the world a token decision reads besides this state.
pub(crate) struct Context<'a> {
    /// The account the grant belongs to (found by the caller).
    pub account: Option<&'a Account>,
    /// The admin's API controls in force.
    pub controls: &'a ApiControls,
    /// The mock's clock.
    pub now: Instant,
}

impl OAuthState {
    /// The grant holding `refresh_token`.
    pub fn grant_by_refresh(&self, refresh_token: &str) -> Option<&Grant> {
        self.grants
            .iter()
            .find(|g| g.refresh_token.expose() == refresh_token)
    }

    /// The account a refresh token belongs to (so the caller can find it
    /// in the world before deciding).
    pub fn account_of_refresh(&self, refresh_token: &str) -> Option<String> {
        self.grant_by_refresh(refresh_token)
            .map(|g| g.account.clone())
    }

    /// The account a pending code belongs to.
    pub fn account_of_code(&self, code: &str) -> Option<String> {
        self.codes.get(code).map(|c| c.account.clone())
    }

    /// An issued access token.
    pub fn access_token(&self, token: &str) -> Option<&AccessToken> {
        self.tokens.get(token)
    }

    /// Adds a grant, evicting the oldest live one of the same account and
    /// client when this is the 101st.
    pub fn add_grant(&mut self, grant: Grant) {
        let same: Vec<usize> = self
            .grants
            .iter()
            .enumerate()
            .filter(|(_, g)| {
                g.client_id == grant.client_id && g.account.eq_ignore_ascii_case(&grant.account)
            })
            .map(|(i, _)| i)
            .collect();
        let evicted = evicted_by_new_token(same.iter().map(|&i| &self.grants[i]));
        for local in evicted {
            if let Some(&i) = same.get(local) {
                self.grants[i].revoked = Some(Revocation::TooManyTokens);
            }
        }
        self.grants.push(grant);
    }

    /// The `refresh_token` grant: decides with [`oauth::refresh`], then
    /// issues an access token and marks the grant used.
    pub fn refresh(
        &mut self,
        client_id: &str,
        secret: &str,
        refresh_token: &str,
        cx: &Context<'_>,
        new_access: String,
    ) -> Result<IssuedTokens, TokenError> {
        let idx = self
            .grants
            .iter()
            .position(|g| g.refresh_token.expose() == refresh_token);
        oauth::refresh(
            self.clients.get(client_id),
            secret,
            idx.map(|i| &self.grants[i]),
            cx.account,
            cx.controls,
            cx.now,
        )?;
        let Some(i) = idx else {
            return Err(TokenError::InvalidGrant(GrantDeath::Unknown));
        };
        self.grants[i].last_used = cx.now;
        let (account, scopes) = (
            self.grants[i].account.clone(),
            self.grants[i].scopes.clone(),
        );
        Ok(self.issue_access(client_id, &account, scopes, cx.now, new_access, None))
    }

    /// Records a consent: a code for `account` that `client_id` may
    /// exchange once, within ten minutes, at the same redirect URI.
    #[allow(clippy::too_many_arguments)]
    pub fn add_code(
        &mut self,
        code: String,
        client_id: &str,
        account: &str,
        scopes: Vec<String>,
        redirect_uri: &str,
        challenge: Option<(String, PkceMethod)>,
        now: Instant,
    ) {
        self.codes.retain(|_, c| c.expires_at > now);
        self.codes.insert(
            code,
            AuthCode {
                client_id: client_id.to_owned(),
                account: account.to_ascii_lowercase(),
                scopes,
                redirect_uri: redirect_uri.to_owned(),
                challenge,
                expires_at: now + CODE_LIFETIME,
            },
        );
    }

    /// The `authorization_code` grant: the client, then the code (one use,
    /// same client and redirect URI, not expired), then PKCE, then the
    /// admin's controls as for a refresh; issues a refresh token (a new
    /// grant) and an access token.
    #[allow(clippy::too_many_arguments)]
    pub fn exchange_code(
        &mut self,
        client_id: &str,
        secret: &str,
        code: &str,
        redirect_uri: &str,
        verifier: Option<&str>,
        cx: &Context<'_>,
        new_refresh: String,
        new_access: String,
    ) -> Result<IssuedTokens, TokenError> {
        match self.clients.get(client_id) {
            Some(c) if !c.deleted && c.client_secret.expose() == secret => {}
            _ => return Err(TokenError::InvalidClient),
        }
        // A code is single-use whatever the outcome, as at Google.
        let pending = self
            .codes
            .remove(code)
            .filter(|c| c.client_id == client_id && c.redirect_uri == redirect_uri)
            .filter(|c| c.expires_at > cx.now)
            .ok_or(TokenError::InvalidGrant(GrantDeath::BadCode))?;
        pkce_ok(
            pending.challenge.as_ref().map(|(c, m)| (c.as_str(), *m)),
            verifier,
        )
        .map_err(TokenError::InvalidGrant)?;
        let grant = Grant {
            account: pending.account.clone(),
            client_id: client_id.to_owned(),
            refresh_token: Secret::new(new_refresh.clone()),
            scopes: pending.scopes.clone(),
            issued_at: cx.now,
            last_used: cx.now,
            revoked: None,
        };
        // The same decision as a refresh of the grant about to exist, so
        // a blocked client gets admin_policy_enforced here too.
        oauth::refresh(
            self.clients.get(client_id),
            secret,
            Some(&grant),
            cx.account,
            cx.controls,
            cx.now,
        )?;
        self.add_grant(grant);
        Ok(self.issue_access(
            client_id,
            &pending.account,
            pending.scopes,
            cx.now,
            new_access,
            Some(new_refresh),
        ))
    }

    fn issue_access(
        &mut self,
        client_id: &str,
        account: &str,
        scopes: Vec<String>,
        now: Instant,
        token: String,
        refresh: Option<String>,
    ) -> IssuedTokens {
        if self.tokens.len() >= MAX_ACCESS_TOKENS {
            self.tokens.retain(|_, t| t.expires_at > now);
        }
        let scope = scopes.join(" ");
        self.tokens.insert(
            token.clone(),
            AccessToken {
                token: Secret::new(token.clone()),
                account: account.to_owned(),
                client_id: client_id.to_owned(),
                scopes,
                expires_at: now + ACCESS_TOKEN_LIFETIME,
            },
        );
        IssuedTokens {
            access_token: Secret::new(token),
            expires_in: ACCESS_TOKEN_LIFETIME.as_secs(),
            scope,
            refresh_token: refresh.map(Secret::new),
        }
    }

    /// `/revoke`: a refresh token revokes its grant and the access tokens
    /// issued from it; an access token dies alone. `false` when the token
    /// is unknown or already dead.
    pub fn revoke(&mut self, token: &str) -> bool {
        if let Some(g) = self
            .grants
            .iter_mut()
            .find(|g| g.refresh_token.expose() == token && g.revoked.is_none())
        {
            g.revoked = Some(Revocation::ByUser);
            let (account, client) = (g.account.clone(), g.client_id.clone());
            self.drop_tokens(|t| t.account == account && t.client_id == client);
            return true;
        }
        self.tokens.remove(token).is_some()
    }

    /// The user removes the app's access (myaccount › Security ›
    /// "Third-party apps with account access"): every grant of `account`
    /// to `client_id` and their access tokens. Returns how many grants.
    pub fn remove_access(&mut self, account: &str, client_id: &str) -> usize {
        let n = self.revoke_where(
            |g| g.account.eq_ignore_ascii_case(account) && g.client_id == client_id,
            Revocation::ByUser,
        );
        self.drop_tokens(|t| t.account.eq_ignore_ascii_case(account) && t.client_id == client_id);
        n
    }

    /// A password change: Google revokes the grants holding Gmail scopes
    /// (and their access tokens). Returns how many grants.
    pub fn password_changed(&mut self, account: &str) -> usize {
        let n = self.revoke_where(
            |g| g.account.eq_ignore_ascii_case(account) && holds_gmail_scope(&g.scopes),
            Revocation::PasswordChanged,
        );
        self.drop_tokens(|t| {
            t.account.eq_ignore_ascii_case(account) && holds_gmail_scope(&t.scopes)
        });
        n
    }

    fn revoke_where(&mut self, f: impl Fn(&Grant) -> bool, why: Revocation) -> usize {
        let mut n = 0;
        for g in self.grants.iter_mut().filter(|g| g.revoked.is_none()) {
            if f(g) {
                g.revoked = Some(why);
                n += 1;
            }
        }
        n
    }

    fn drop_tokens(&mut self, f: impl Fn(&AccessToken) -> bool) {
        self.tokens.retain(|_, t| !f(t));
    }

    /// `tokeninfo` for a live access token.
    /// `wall_now` is the mock's wall clock in Unix seconds (for `exp`).
    pub fn token_info(&self, token: &str, now: Instant, wall_now: i64) -> Option<TokenInfo> {
        let t = self.tokens.get(token).filter(|t| t.expires_at > now)?;
        // Rounded up, so a token fresh from the endpoint says 3599 as
        // Google's does.
        let left = t.expires_at.saturating_duration_since(now);
        let expires_in = left.as_secs() + u64::from(left.subsec_nanos() > 0);
        Some(TokenInfo {
            client_id: t.client_id.clone(),
            scope: t.scopes.join(" "),
            expires_in,
            exp: wall_now.saturating_add(i64::try_from(expires_in).unwrap_or(i64::MAX)),
            email: t.account.clone(),
        })
    }

    /// The clients and grants only (what a reset restores; tokens and
    /// codes in circulation die with the old world).
    pub fn durable(&self) -> OAuthState {
        OAuthState {
            clients: self.clients.clone(),
            grants: self.grants.clone(),
            tokens: HashMap::new(),
            codes: HashMap::new(),
        }
    }
}

/// Whether scopes include Gmail's (the full mail scope or a
/// `…/auth/gmail.*` one): those are the grants a password change kills.
pub fn holds_gmail_scope(scopes: &[String]) -> bool {
    scopes
        .iter()
        .any(|s| s == oauth::MAIL_SCOPE || s.starts_with("https://www.googleapis.com/auth/gmail."))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::oauth::{PublishingStatus, UserType, MAIL_SCOPE};

    const CID: &str = "crm.apps.googleusercontent.com";

    fn state(now: Instant) -> OAuthState {
        let mut s = OAuthState::default();
        s.clients.insert(
            CID.into(),
            OAuthClient {
                client_id: CID.into(),
                client_secret: Secret::new("sec".into()),
                redirect_uris: vec!["http://127.0.0.1/cb".into()],
                publishing_status: PublishingStatus::Production,
                user_type: UserType::External,
                owner_domain: None,
                verified: true,
                test_users: Vec::new(),
                deleted: false,
            },
        );
        s.add_grant(grant("1//a", vec![MAIL_SCOPE.into()], now));
        s
    }

    fn grant(token: &str, scopes: Vec<String>, at: Instant) -> Grant {
        Grant {
            account: "anna@firma.pl".into(),
            client_id: CID.into(),
            refresh_token: Secret::new(token.into()),
            scopes,
            issued_at: at,
            last_used: at,
            revoked: None,
        }
    }

    fn cx<'a>(controls: &'a ApiControls, now: Instant) -> Context<'a> {
        Context {
            account: None,
            controls,
            now,
        }
    }

    #[test]
    fn refresh_issues_and_marks_used() {
        let now = Instant::now();
        let mut s = state(now);
        let ctl = ApiControls::default();
        let later = now + std::time::Duration::from_secs(60);
        let t = s
            .refresh(CID, "sec", "1//a", &cx(&ctl, later), "ya29.x".into())
            .expect("refresh");
        assert_eq!((t.expires_in, t.scope.as_str()), (3599, MAIL_SCOPE));
        assert!(t.refresh_token.is_none());
        assert_eq!(s.grants[0].last_used, later);
        let info = s.token_info("ya29.x", later, 0).expect("live");
        assert_eq!((info.client_id.as_str(), info.expires_in), (CID, 3599));
        assert!(s
            .token_info("ya29.x", later + ACCESS_TOKEN_LIFETIME, 0)
            .is_none());
        assert_eq!(
            s.refresh(CID, "bad", "1//a", &cx(&ctl, later), "ya29.y".into())
                .map(|_| ()),
            Err(TokenError::InvalidClient)
        );
    }

    #[test]
    fn invalidation_causes() {
        let now = Instant::now();
        let ctl = ApiControls::default();
        let mut s = state(now);
        s.refresh(CID, "sec", "1//a", &cx(&ctl, now), "ya29.x".into())
            .expect("refresh");
        assert_eq!(s.password_changed("Anna@Firma.pl"), 1);
        assert!(s.access_token("ya29.x").is_none());
        assert_eq!(
            s.refresh(CID, "sec", "1//a", &cx(&ctl, now), "ya29.y".into())
                .map(|_| ()),
            Err(TokenError::InvalidGrant(GrantDeath::Revoked(
                Revocation::PasswordChanged
            )))
        );
        // A grant without Gmail scopes survives a password change.
        s.add_grant(grant("1//cal", vec!["openid".into()], now));
        assert_eq!(s.password_changed("anna@firma.pl"), 0);
        assert!(s.revoke("1//cal"));
        assert!(!s.revoke("1//cal"));
        s.add_grant(grant("1//b", vec![MAIL_SCOPE.into()], now));
        assert_eq!(s.remove_access("anna@firma.pl", CID), 1);
    }

    #[test]
    fn the_101st_grant_evicts_the_oldest() {
        let now = Instant::now();
        let mut s = state(now);
        for i in 1..=100u64 {
            let at = now + std::time::Duration::from_secs(i);
            s.add_grant(grant(&format!("1//n{i}"), vec![MAIL_SCOPE.into()], at));
        }
        assert_eq!(s.grants[0].revoked, Some(Revocation::TooManyTokens));
        assert_eq!(s.grants.iter().filter(|g| g.revoked.is_none()).count(), 100);
    }

    #[test]
    fn codes_are_single_use_and_checked() {
        let now = Instant::now();
        let ctl = ApiControls::default();
        let mut s = state(now);
        let scopes = vec![MAIL_SCOPE.to_owned()];
        let cb = "http://127.0.0.1/cb";
        let challenge = Some(("abc".to_owned(), PkceMethod::Plain));
        s.add_code(
            "4/c".into(),
            CID,
            "anna@firma.pl",
            scopes.clone(),
            cb,
            challenge,
            now,
        );
        let ex = |s: &mut OAuthState, code: &str, uri: &str, v: Option<&str>| {
            s.exchange_code(
                CID,
                "sec",
                code,
                uri,
                v,
                &cx(&ctl, now),
                "1//new".into(),
                "ya29.n".into(),
            )
            .map(|t| t.refresh_token.map(|r| r.expose().clone()))
        };
        assert_eq!(
            ex(&mut s, "4/c", cb, Some("wrong")),
            Err(TokenError::InvalidGrant(GrantDeath::BadVerifier))
        );
        // Used up by the failed attempt.
        assert_eq!(
            ex(&mut s, "4/c", cb, Some("abc")),
            Err(TokenError::InvalidGrant(GrantDeath::BadCode))
        );
        s.add_code(
            "4/d".into(),
            CID,
            "anna@firma.pl",
            scopes.clone(),
            cb,
            None,
            now,
        );
        assert_eq!(
            ex(&mut s, "4/d", "http://other/cb", None),
            Err(TokenError::InvalidGrant(GrantDeath::BadCode))
        );
        s.add_code("4/e".into(), CID, "anna@firma.pl", scopes, cb, None, now);
        assert_eq!(ex(&mut s, "4/e", cb, None), Ok(Some("1//new".to_owned())));
        assert!(s.grant_by_refresh("1//new").is_some());
        assert!(s.access_token("ya29.n").is_some());
    }
}
