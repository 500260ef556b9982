//! The authorization server's operations on a running mock
//! ([`MockHandle`]): what Google's `/token`, `/revoke`, `/tokeninfo` and
//! consent page do, and what a user or admin does to a grant. The HTTP
//! crate only translates these to Google's wire formats.
//!
//! Each operation locks the world once, reads the admin's API controls
//! *in force* (so they propagate like every other admin setting), decides
//! with `crate::model::oauth` and applies the outcome.

use crate::error::Error;
use crate::handle::MockHandle;
use crate::ids;
use crate::model::oauth::{self, AuthorizeError, OAuthClient, PkceMethod, TokenError};
use crate::oauth_state::{Context, IssuedTokens, TokenInfo};

/// A consent the account chooser collected (`/o/oauth2/v2/auth`).
#[derive(Debug, Clone)]
pub struct ConsentRequest {
    /// The client asking.
    pub client_id: String,
    /// Where the code goes.
    pub redirect_uri: String,
    /// The account the user chose.
    pub email: String,
    /// The scopes asked for.
    pub scopes: Vec<String>,
    /// PKCE `code_challenge` and its method.
    pub code_challenge: Option<(String, PkceMethod)>,
}

/// A grant as the console and API show it (never its refresh token).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GrantView {
    /// The account.
    pub account: String,
    /// The client.
    pub client_id: String,
    /// Scopes.
    pub scopes: Vec<String>,
    /// Why it no longer works, if it does not.
    pub revoked: Option<oauth::Revocation>,
}

impl MockHandle {
    fn oauth_token(&self, prefix: &str, len: usize) -> String {
        self.shared().with_rng(|r| ids::oauth_token(r, prefix, len))
    }

    /// The OAuth clients (the secret stays a `Secret`).
    pub fn oauth_clients(&self) -> Vec<OAuthClient> {
        self.shared()
            .world()
            .oauth
            .clients
            .values()
            .cloned()
            .collect()
    }

    /// Adds or replaces an OAuth client at run time.
    pub fn set_oauth_client(&self, client: OAuthClient) -> Result<(), Error> {
        if client.client_id.trim().is_empty() {
            return Err(Error::InvalidOAuth {
                what: "client".to_owned(),
                reason: "client_id must not be empty".to_owned(),
            });
        }
        self.shared()
            .world()
            .oauth
            .clients
            .insert(client.client_id.clone(), client);
        Ok(())
    }

    /// The grants of `email` (every client), revoked ones included.
    pub fn oauth_grants(&self, email: &str) -> Vec<GrantView> {
        self.shared()
            .world()
            .oauth
            .grants
            .iter()
            .filter(|g| g.account.eq_ignore_ascii_case(email.trim()))
            .map(|g| GrantView {
                account: g.account.clone(),
                client_id: g.client_id.clone(),
                scopes: g.scopes.clone(),
                revoked: g.revoked,
            })
            .collect()
    }

    /// The newest unrevoked refresh token `email` holds for `client_id`
    /// (what `serve` prints for the preset accounts).
    pub fn oauth_refresh_token(&self, email: &str, client_id: &str) -> Option<String> {
        let w = self.shared().world();
        w.oauth
            .grants
            .iter()
            .rev()
            .find(|g| {
                g.revoked.is_none()
                    && g.client_id == client_id
                    && g.account.eq_ignore_ascii_case(email.trim())
            })
            .map(|g| g.refresh_token.expose().clone())
    }

    /// The token endpoint's `refresh_token` grant.
    pub fn oauth_refresh(
        &self,
        client_id: &str,
        client_secret: &str,
        refresh_token: &str,
    ) -> Result<IssuedTokens, TokenError> {
        let access = self.oauth_token("ya29.", 80);
        let now = self.shared().clock.now();
        let mut w = self.shared().world();
        let controls = w.policy.effective(now).api_controls.clone();
        let account = w
            .oauth
            .account_of_refresh(refresh_token)
            .and_then(|k| w.entry(&k))
            .map(|e| e.account.clone());
        let cx = Context {
            account: account.as_ref(),
            controls: &controls,
            now,
        };
        w.oauth
            .refresh(client_id, client_secret, refresh_token, &cx, access)
    }

    /// The token endpoint's `authorization_code` grant (PKCE checked when
    /// the code carried a challenge).
    pub fn oauth_exchange_code(
        &self,
        client_id: &str,
        client_secret: &str,
        code: &str,
        redirect_uri: &str,
        code_verifier: Option<&str>,
    ) -> Result<IssuedTokens, TokenError> {
        let access = self.oauth_token("ya29.", 80);
        let refresh = self.oauth_token("1//", 60);
        let now = self.shared().clock.now();
        let mut w = self.shared().world();
        let controls = w.policy.effective(now).api_controls.clone();
        let account = w
            .oauth
            .account_of_code(code)
            .and_then(|k| w.entry(&k))
            .map(|e| e.account.clone());
        let cx = Context {
            account: account.as_ref(),
            controls: &controls,
            now,
        };
        w.oauth.exchange_code(
            client_id,
            client_secret,
            code,
            redirect_uri,
            code_verifier,
            &cx,
            refresh,
            access,
        )
    }

    /// The consent step: Google's decision for this account, and on
    /// success a one-time code for the redirect. The outer error is the
    /// caller's (no such account); the inner one is Google's refusal.
    pub fn oauth_authorize(
        &self,
        req: ConsentRequest,
    ) -> Result<Result<String, AuthorizeError>, Error> {
        let code = self.oauth_token("4/", 60);
        let now = self.shared().clock.now();
        let mut w = self.shared().world();
        let controls = w.policy.effective(now).api_controls.clone();
        let account = w
            .entry(&req.email)
            .map(|e| e.account.clone())
            .ok_or_else(|| Error::NoSuchAccount(req.email.clone()))?;
        let decision = oauth::authorize(
            w.oauth.clients.get(&req.client_id),
            &req.redirect_uri,
            &account,
            &req.scopes,
            &controls,
        );
        if let Err(e) = decision {
            return Ok(Err(e));
        }
        w.oauth.add_code(
            code.clone(),
            &req.client_id,
            &account.email,
            req.scopes,
            &req.redirect_uri,
            req.code_challenge,
            now,
        );
        Ok(Ok(code))
    }

    /// The consent page's first check, before it shows anything: the
    /// client exists and the redirect URI is its own.
    pub fn oauth_check_client(
        &self,
        client_id: &str,
        redirect_uri: &str,
    ) -> Result<(), AuthorizeError> {
        let w = self.shared().world();
        oauth::authorize_client(w.oauth.clients.get(client_id), redirect_uri).map(|_| ())
    }

    /// `/revoke`: `true` when the token was live (a refresh token revokes
    /// its grant).
    pub fn oauth_revoke(&self, token: &str) -> bool {
        self.shared().world().oauth.revoke(token)
    }

    /// `/tokeninfo` for a live access token.
    pub fn oauth_token_info(&self, access_token: &str) -> Option<TokenInfo> {
        let now = self.shared().clock.now();
        let wall = self.shared().wall_now().timestamp();
        self.shared()
            .world()
            .oauth
            .token_info(access_token, now, wall)
    }

    /// The user removes the app's access (myaccount › Security ›
    /// "Third-party apps with account access"). Returns how many grants
    /// died.
    pub fn oauth_remove_access(&self, email: &str, client_id: &str) -> Result<usize, Error> {
        let mut w = self.shared().world();
        let key = w
            .key_for(email)
            .ok_or_else(|| Error::NoSuchAccount(email.to_owned()))?;
        Ok(w.oauth.remove_access(&key, client_id))
    }
}
