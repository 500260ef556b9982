//! Built-in failure modes: named presets of account and policy state, never
//! special cases in protocol code. All are pinned to the article's era
//! (`as_of = 2020-06-01`) so each failure the article describes exists.

use super::account::Account;
use super::era::ARTICLE_ERA;
use super::policy::{LessSecureApps, Policy, Propagation};
use super::sending::{SendAs, SendVia};

/// The Workspace test user every preset has.
pub const WORKSPACE_EMAIL: &str = "anna.nowak@firma.example";
/// Her account password.
pub const WORKSPACE_PASSWORD: &str = "Wiosna-2020";
/// Her app password (presets with 2-Step Verification), as Google shows it.
pub const WORKSPACE_APP_PASSWORD: &str = "qwer tyui asdf ghjk";
/// A valid OAuth access token for her.
pub const WORKSPACE_OAUTH_TOKEN: &str = "ya29.mock-gmail-valid-token";
/// The personal (@gmail.com) test user.
pub const CONSUMER_EMAIL: &str = "jan.kowalski@gmail.com";
/// His password.
pub const CONSUMER_PASSWORD: &str = "Lato-2020";
/// The address the CRM sends as in the `external-smtp-denied` preset: a
/// "Send mail as" address of another company's domain, set up to go
/// through that domain's own SMTP server.
pub const GATEWAY_ALIAS: &str = "oferty@partner-handlowy.example";
/// The stale password a customer types in the `bad-password` preset.
pub const STALE_PASSWORD: &str = "Zima-2019";

/// The CRM's OAuth client every preset has (its Google Cloud project, in
/// production and verified): a fixed test value so `serve` prints the same
/// credentials every run and a CRM's suite can hard-code them.
pub const OAUTH_CLIENT_ID: &str = "gmail-harness-crm.apps.googleusercontent.com";
/// Its client secret (a test secret of the mock, printed on purpose like
/// the fixture passwords).
pub const OAUTH_CLIENT_SECRET: &str = "GOCSPX-mock-gmail-harness-crm";
/// Its authorized redirect URIs (loopback, as for an installed app or a
/// CRM's local test server).
pub const OAUTH_REDIRECT_URIS: [&str; 2] = [
    "http://127.0.0.1/oauth/callback",
    "http://localhost/oauth/callback",
];
/// The Workspace user's refresh token for that client (mail scope).
pub const WORKSPACE_REFRESH_TOKEN: &str = "1//mock-gmail-refresh-anna";
/// The personal user's refresh token for that client (mail scope).
pub const CONSUMER_REFRESH_TOKEN: &str = "1//mock-gmail-refresh-jan";

/// The default CRM client (see [`OAUTH_CLIENT_ID`]).
pub fn oauth_client() -> super::oauth::OAuthClient {
    super::oauth::OAuthClient {
        client_id: OAUTH_CLIENT_ID.to_owned(),
        client_secret: OAUTH_CLIENT_SECRET.to_owned().into(),
        redirect_uris: OAUTH_REDIRECT_URIS
            .iter()
            .map(|u| (*u).to_owned())
            .collect(),
        publishing_status: super::oauth::PublishingStatus::Production,
        user_type: super::oauth::UserType::External,
        owner_domain: None,
        verified: true,
        test_users: Vec::new(),
        deleted: false,
    }
}

/// The fixed refresh token of a preset account for the default client.
pub fn refresh_token_for(email: &str) -> Option<&'static str> {
    if email.eq_ignore_ascii_case(WORKSPACE_EMAIL) {
        Some(WORKSPACE_REFRESH_TOKEN)
    } else if email.eq_ignore_ascii_case(CONSUMER_EMAIL) {
        Some(CONSUMER_REFRESH_TOKEN)
    } else {
        None
    }
}

/// Account + policy state of a preset, and what the customer types.
#[derive(Debug, Clone)]
pub struct PresetState {
    /// The Workspace policy.
    pub policy: Policy,
    /// The accounts (the first is the one the preset is about).
    pub accounts: Vec<Account>,
    /// The secret the customer has typed into the CRM in this situation.
    pub customer_secret: &'static str,
    /// The address the CRM sends as, when it is not the account's own.
    pub customer_from: Option<&'static str>,
    /// The account whose mailbox starts with the built-in sample
    /// ([`crate::seed::sample`]); others start empty.
    pub sample_mailbox: Option<&'static str>,
}

/// A preset's name and what it reproduces.
#[derive(Debug, Clone, Copy)]
pub struct PresetInfo {
    /// `--mode` name.
    pub name: &'static str,
    /// One line for `serve --help`.
    pub summary: &'static str,
}

/// Every preset, in ladder order.
pub const PRESETS: &[PresetInfo] = &[
    PresetInfo { name: "healthy", summary: "everything allowed; the account password works for IMAP and SMTP" },
    PresetInfo { name: "imap-disabled", summary: "admin checked \"Disable POP and IMAP access for all users\": IMAP login gets [ALERT] IMAP access is disabled for your domain" },
    PresetInfo { name: "imap-disabled-user", summary: "the user's own Gmail setting has IMAP off: [ALERT] Your account is not enabled for IMAP use" },
    PresetInfo { name: "less-secure-rejected", summary: "Less secure apps disabled by the admin: the password gets [ALERT] Please log in via your web browser / 534 5.7.14" },
    PresetInfo { name: "app-password-required", summary: "2-Step Verification is on: the account password gets [ALERT] Application-specific password required / 534 5.7.9; the app password works" },
    PresetInfo { name: "external-smtp-denied", summary: "receiving works; the CRM sends as a \"Send mail as\" address that goes through its own SMTP server, refused at MAIL FROM with 550 5.7.1 (per-user outbound gateways not allowed)" },
    PresetInfo { name: "bad-password", summary: "the customer types a stale password: [AUTHENTICATIONFAILED] Invalid credentials / 535 5.7.8" },
    PresetInfo { name: "too-many-connections", summary: "15 other clients hold IMAP connections: [ALERT] Too many simultaneous connections" },
];

fn workspace() -> Account {
    Account::new(WORKSPACE_EMAIL, WORKSPACE_PASSWORD).with_oauth_token(WORKSPACE_OAUTH_TOKEN)
}

fn consumer() -> Account {
    let mut a = Account::new(CONSUMER_EMAIL, CONSUMER_PASSWORD);
    a.less_secure_toggle = true;
    a
}

fn healthy_policy() -> Policy {
    Policy {
        imap_pop_disabled_for_all: false,
        less_secure_apps: LessSecureApps::Enforced,
        external_smtp_allowed: true,
        propagation: Propagation::Immediate,
        as_of: ARTICLE_ERA,
        ..Policy::default()
    }
}

/// The state of a preset, or `None` for an unknown name.
pub fn preset(name: &str) -> Option<PresetState> {
    let mut policy = healthy_policy();
    let mut anna = workspace();
    let mut customer_secret = WORKSPACE_PASSWORD;
    let mut customer_from = None;
    let mut sample_mailbox = None;
    match name {
        // The state a CRM's sync suite starts from: a working account with
        // mail in it.
        "healthy" => sample_mailbox = Some(WORKSPACE_EMAIL),
        "imap-disabled" => policy.imap_pop_disabled_for_all = true,
        "imap-disabled-user" => anna.imap_enabled = false,
        "less-secure-rejected" => policy.less_secure_apps = LessSecureApps::Disabled,
        "app-password-required" => anna = anna.with_app_password(WORKSPACE_APP_PASSWORD),
        "external-smtp-denied" => {
            policy.external_smtp_allowed = false;
            anna.send_as.push(SendAs {
                address: GATEWAY_ALIAS.to_owned(),
                via: SendVia::OwnServer,
            });
            customer_from = Some(GATEWAY_ALIAS);
        }
        "bad-password" => customer_secret = STALE_PASSWORD,
        "too-many-connections" => anna.other_clients_connected = anna.max_connections,
        _ => return None,
    }
    Some(PresetState {
        policy,
        accounts: vec![anna, consumer()],
        customer_secret,
        customer_from,
        sample_mailbox,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::decision::{authenticate, Credential, Denial, Service};

    #[test]
    fn each_preset_fails_as_named() {
        let expect = [
            ("healthy", Service::Imap, None),
            (
                "imap-disabled",
                Service::Imap,
                Some(Denial::ImapDisabledForDomain),
            ),
            (
                "imap-disabled-user",
                Service::Imap,
                Some(Denial::ImapDisabledForUser),
            ),
            (
                "less-secure-rejected",
                Service::Imap,
                Some(Denial::WebLoginRequired),
            ),
            (
                "app-password-required",
                Service::Smtp,
                Some(Denial::AppPasswordRequired),
            ),
            ("external-smtp-denied", Service::Imap, None),
            (
                "bad-password",
                Service::Smtp,
                Some(Denial::InvalidCredentials),
            ),
            (
                "too-many-connections",
                Service::Imap,
                Some(Denial::TooManyConnections),
            ),
        ];
        assert_eq!(expect.len(), PRESETS.len());
        for (name, svc, want) in expect {
            let s = preset(name).unwrap();
            let d = authenticate(
                Some(&s.accounts[0]),
                &s.policy,
                svc,
                Credential::Password(s.customer_secret),
                0,
            );
            assert_eq!(d.outcome.err(), want, "{name}");
        }
    }
}
