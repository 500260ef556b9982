//! A Google account as the model sees it: what the user set in their Google
//! Account and Gmail settings, and their secrets.

use gmail_wire::Secret;
use serde::Deserialize;

pub use gmail_wire::google::AccountKind;

use super::sending::SendAs;

/// An app password generated at myaccount.google.com → Security → App
/// passwords (16 letters; Google shows it in groups of four).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppPassword {
    /// The name the user gave it ("Livespace CRM").
    #[serde(default = "default_app_name")]
    pub name: String,
    /// The 16-letter secret.
    pub secret: Secret<String>,
}

fn default_app_name() -> String {
    "Other".to_owned()
}

impl AppPassword {
    /// A new app password called `name`, as Google's "Generate" makes one:
    /// 16 lowercase letters, shown in four groups of four. The generator is
    /// the caller's, so a seeded run (a scenario walk) is reproducible.
    pub fn generate(name: impl Into<String>, rng: &mut fastrand::Rng) -> AppPassword {
        let mut s = String::with_capacity(19);
        for i in 0..16 {
            if i > 0 && i % 4 == 0 {
                s.push(' ');
            }
            s.push(rng.lowercase());
        }
        AppPassword {
            name: name.into(),
            secret: Secret::new(s),
        }
    }

    /// Whether `typed` is this app password. Google accepts it with or
    /// without the spaces it displays between groups, in any case.
    pub fn matches(&self, typed: &str) -> bool {
        let norm = |s: &str| {
            s.chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        };
        !typed.trim().is_empty() && norm(self.secret.expose()) == norm(typed)
    }
}

/// Gmail allows about 15 simultaneous IMAP connections per account.
pub const DEFAULT_MAX_CONNECTIONS: u32 = 15;

/// One Google account.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// The address (also the IMAP/SMTP user name).
    pub email: String,
    /// The account (web sign-in) password.
    pub password: Secret<String>,
    /// Personal or Workspace; derived from the domain when not given.
    #[serde(default)]
    pub kind: Option<AccountKind>,
    /// 2-Step Verification is on (then the account password is refused for
    /// IMAP/SMTP and an app password is required).
    #[serde(default)]
    pub two_step_verification: bool,
    /// App passwords (only possible with 2-Step Verification on).
    #[serde(default)]
    pub app_passwords: Vec<AppPassword>,
    /// Gmail settings → Forwarding and POP/IMAP → "Enable IMAP" (a switch
    /// that existed until 2024-06-15).
    #[serde(default = "yes")]
    pub imap_enabled: bool,
    /// myaccount.google.com → Security → "Less secure app access" (the
    /// user's own switch, effective when the admin lets users manage it,
    /// and for personal accounts before 2022-05-30).
    #[serde(default)]
    pub less_secure_toggle: bool,
    /// Valid OAuth 2.0 access tokens for XOAUTH2.
    #[serde(default)]
    pub oauth_tokens: Vec<Secret<String>>,
    /// The account is suspended by Google or the admin.
    #[serde(default)]
    pub suspended: bool,
    /// Simultaneous IMAP connections allowed.
    #[serde(default = "default_max_connections")]
    pub max_connections: u32,
    /// IMAP connections already held by the user's other mail clients
    /// (phone, desktop): they count toward `max_connections`.
    #[serde(default)]
    pub other_clients_connected: u32,
    /// Google is rate-limiting this account (too many logins or too much
    /// bandwidth): IMAP gets `BYE [OVERQUOTA]`, SMTP AUTH `454 4.7.0`.
    #[serde(default)]
    pub throttled: bool,
    /// Gmail settings › Accounts › "Send mail as": verified addresses
    /// besides the account's own.
    #[serde(default)]
    pub send_as: Vec<SendAs>,
    /// Messages a day this account may send (default: Google's limit for
    /// its kind, see `sending::daily_limit`).
    #[serde(default)]
    pub daily_sending_limit: Option<u32>,
    /// Messages already sent in the 24 hours before the mock started (or
    /// before this state was set), so a scenario can start at the limit
    /// without sending 2,000 messages first. They expire 24 hours later
    /// on the mock's clock.
    #[serde(default)]
    pub sent_last_24h: u32,
}

fn yes() -> bool {
    true
}

fn default_max_connections() -> u32 {
    DEFAULT_MAX_CONNECTIONS
}

impl Account {
    /// A healthy account with IMAP on and no second factor.
    pub fn new(email: impl Into<String>, password: impl Into<String>) -> Self {
        Account {
            email: email.into(),
            password: Secret::new(password.into()),
            kind: None,
            two_step_verification: false,
            app_passwords: Vec::new(),
            imap_enabled: true,
            less_secure_toggle: false,
            oauth_tokens: Vec::new(),
            suspended: false,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            other_clients_connected: 0,
            throttled: false,
            send_as: Vec::new(),
            daily_sending_limit: None,
            sent_last_24h: 0,
        }
    }

    /// Personal or Workspace (explicit, or derived from the domain).
    pub fn kind(&self) -> AccountKind {
        self.kind
            .unwrap_or_else(|| AccountKind::for_email(&self.email))
    }

    /// The domain part of the address, lower-cased.
    pub fn domain(&self) -> String {
        self.email
            .rsplit_once('@')
            .map(|(_, d)| d.to_ascii_lowercase())
            .unwrap_or_default()
    }

    /// Whether `secret` is one of this account's app passwords.
    pub fn is_app_password(&self, secret: &str) -> bool {
        self.app_passwords.iter().any(|a| a.matches(secret))
    }

    /// Whether `secret` is the account password (exact match).
    pub fn is_password(&self, secret: &str) -> bool {
        self.password.expose() == secret
    }

    /// Whether `token` is a valid OAuth access token for this account.
    pub fn has_token(&self, token: &str) -> bool {
        self.oauth_tokens.iter().any(|t| t.expose() == token)
    }

    /// Builder-style: set the kind explicitly.
    pub fn with_kind(mut self, kind: AccountKind) -> Self {
        self.kind = Some(kind);
        self
    }

    /// Builder-style: add an app password (and turn on 2-Step Verification,
    /// which Google requires before app passwords can exist).
    pub fn with_app_password(mut self, secret: impl Into<String>) -> Self {
        self.two_step_verification = true;
        self.app_passwords.push(AppPassword {
            name: "Mail client".into(),
            secret: Secret::new(secret.into()),
        });
        self
    }

    /// Builder-style: add an OAuth access token.
    pub fn with_oauth_token(mut self, token: impl Into<String>) -> Self {
        self.oauth_tokens.push(Secret::new(token.into()));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_app_passwords_look_like_googles_and_match() {
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..100 {
            let a = AppPassword::generate("CRM", &mut rng);
            let shown = a.secret.expose();
            let groups: Vec<&str> = shown.split(' ').collect();
            assert_eq!(groups.len(), 4, "{shown}");
            assert!(groups
                .iter()
                .all(|g| g.len() == 4 && g.bytes().all(|b| b.is_ascii_lowercase())));
            assert!(a.matches(&shown.replace(' ', "").to_uppercase()));
            assert_eq!(a.name, "CRM");
        }
        let (a, b) = (
            AppPassword::generate("x", &mut rng),
            AppPassword::generate("x", &mut rng),
        );
        assert_ne!(a.secret, b.secret);
    }

    #[test]
    fn app_password_spacing() {
        let a = Account::new("a@b.c", "pw").with_app_password("abcdefghijklmnop");
        assert!(a.is_app_password("abcd efgh ijkl mnop"));
        assert!(a.is_app_password("ABCDEFGHIJKLMNOP"));
        assert!(!a.is_app_password("abcd"));
        assert!(!a.is_app_password(""));
    }
}
