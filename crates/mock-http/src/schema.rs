//! The JSON shapes of the API, one type per schema in `docs/openapi.yaml`.
//!
//! They are separate from mock-gmail's model types on purpose: the model
//! may grow and rename, the API is a contract for test suites in other
//! languages. Request types reject unknown fields, so a typo
//! (`less_secure_toogle`) is a 422 naming the field instead of a silent
//! no-op.

use chrono::{DateTime, NaiveDate, Utc};
use mock_gmail::model::decision::{authenticate, Credential, Decision, Denial, Service};
use mock_gmail::model::faults::{Fault, FaultKind, FaultStage, TlsFault};
use mock_gmail::model::{AccountKind, LessSecureApps, Policy, Propagation};
use mock_gmail::transcript::ListenerKind;
use mock_gmail::{Account, CapturedMessage, Captures, MockHandle};
use serde::{Deserialize, Serialize};

pub mod sending;

use sending::{nullable, SendAsJson, SmtpRelayPatch, SmtpRelayView};

/// `Account`: a Google account as the user and the admin see it.
#[derive(Debug, Clone, Serialize)]
pub struct AccountView {
    /// The address (also the IMAP/SMTP user name).
    pub email: String,
    /// `consumer` (gmail.com) or `workspace`.
    pub kind: AccountKind,
    /// The fixture password, as `serve`'s ready line prints it.
    pub password: String,
    /// myaccount.google.com → Security → 2-Step Verification.
    pub two_step_verification: bool,
    /// App passwords by name (Google never shows a secret twice).
    pub app_passwords: Vec<AppPasswordName>,
    /// Gmail settings → Forwarding and POP/IMAP → IMAP access.
    pub imap_enabled: bool,
    /// myaccount.google.com → Security → Less secure app access.
    pub less_secure_toggle: bool,
    /// Suspended by Google or the admin.
    pub suspended: bool,
    /// Google is rate-limiting the account.
    pub throttled: bool,
    /// Simultaneous IMAP connections allowed.
    pub max_connections: u32,
    /// IMAP connections held by the user's other clients.
    pub other_clients_connected: u32,
    /// How many OAuth access tokens are valid (the tokens stay secret).
    pub oauth_tokens: usize,
    /// Authenticated IMAP sessions open on this mock now.
    pub live_imap_sessions: u32,
    /// What a password sign-in with the account password gets right now.
    pub password_sign_in: SignIn,
    /// Gmail settings › Accounts › "Send mail as": verified addresses
    /// besides the account's own.
    pub send_as: Vec<SendAsJson>,
    /// The account's own daily sending limit; `null` = Google's default
    /// for its kind.
    pub daily_sending_limit: Option<u32>,
    /// The limit in force: the account's own, else 2,000 (Workspace) or
    /// 500 (personal).
    pub daily_sending_limit_effective: u32,
    /// Messages sent in the last 24 hours on the mock's clock.
    pub sent_last_24h: u32,
}

/// `AppPasswordName`: one app password, without its secret.
#[derive(Debug, Clone, Serialize)]
pub struct AppPasswordName {
    /// The name the user gave it ("Livespace CRM").
    pub name: String,
}

/// `SignIn`: the model's decision for IMAP and SMTP.
#[derive(Debug, Clone, Serialize)]
pub struct SignIn {
    /// IMAP LOGIN.
    pub imap: Verdict,
    /// SMTP AUTH.
    pub smtp: Verdict,
}

/// `Verdict`: one decision and the rule that made it.
#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    /// Whether the sign-in succeeds.
    pub allowed: bool,
    /// Why not (`web-login-required`, …); absent when allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub denial: Option<&'static str>,
    /// The deciding rule, in words.
    pub rule: &'static str,
}

impl Verdict {
    fn of(d: Decision) -> Verdict {
        Verdict {
            allowed: d.outcome.is_ok(),
            denial: d.outcome.err().map(denial_id),
            rule: d.rule,
        }
    }
}

/// A stable id for a denial (the model's enum may grow).
pub fn denial_id(d: Denial) -> &'static str {
    match d {
        Denial::InvalidCredentials => "invalid-credentials",
        Denial::InvalidToken => "invalid-token",
        Denial::ImapDisabledForDomain => "imap-disabled-for-domain",
        Denial::ImapDisabledForUser => "imap-disabled-for-user",
        Denial::AppPasswordRequired => "app-password-required",
        Denial::WebLoginRequired => "web-login-required",
        Denial::AccountSuspended => "account-suspended",
        Denial::TooManyConnections => "too-many-connections",
        Denial::Throttled => "throttled",
        _ => "other",
    }
}

impl AccountView {
    /// The view of `account` on `mock` now (decisions use the policy in
    /// force, without counting as a sign-in attempt).
    pub fn new(mock: &MockHandle, account: &Account) -> AccountView {
        let policy = mock.effective_policy();
        let live = mock.live_imap_sessions(&account.email);
        AccountView {
            email: account.email.clone(),
            kind: account.kind(),
            password: account.password.expose().clone(),
            two_step_verification: account.two_step_verification,
            app_passwords: account
                .app_passwords
                .iter()
                .map(|a| AppPasswordName {
                    name: a.name.clone(),
                })
                .collect(),
            imap_enabled: account.imap_enabled,
            less_secure_toggle: account.less_secure_toggle,
            suspended: account.suspended,
            throttled: account.throttled,
            max_connections: account.max_connections,
            other_clients_connected: account.other_clients_connected,
            oauth_tokens: account.oauth_tokens.len(),
            live_imap_sessions: live,
            password_sign_in: password_sign_in(account, &policy, live),
            send_as: account.send_as.iter().map(SendAsJson::from).collect(),
            daily_sending_limit: account.daily_sending_limit,
            daily_sending_limit_effective: mock_gmail::model::sending::daily_limit(account),
            sent_last_24h: account.sent_last_24h,
        }
    }
}

/// What the account password gets from IMAP and SMTP under `policy`.
pub fn password_sign_in(account: &Account, policy: &Policy, live: u32) -> SignIn {
    let pw = Credential::Password(account.password.expose());
    SignIn {
        imap: Verdict::of(authenticate(Some(account), policy, Service::Imap, pw, live)),
        smtp: Verdict::of(authenticate(Some(account), policy, Service::Smtp, pw, live)),
    }
}

/// `NewAccount`: the body of `POST /api/accounts`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewAccount {
    /// The address.
    pub email: String,
    /// The account password.
    pub password: String,
    /// Derived from the domain when absent.
    #[serde(default)]
    pub kind: Option<AccountKind>,
    /// Default off.
    #[serde(default)]
    pub two_step_verification: bool,
    /// Default on.
    #[serde(default = "yes")]
    pub imap_enabled: bool,
    /// Default off.
    #[serde(default)]
    pub less_secure_toggle: bool,
    /// Default off.
    #[serde(default)]
    pub suspended: bool,
    /// Default off.
    #[serde(default)]
    pub throttled: bool,
    /// Default 15 (Gmail's limit).
    #[serde(default)]
    pub max_connections: Option<u32>,
    /// Default 0.
    #[serde(default)]
    pub other_clients_connected: u32,
    /// Default none.
    #[serde(default)]
    pub send_as: Vec<SendAsJson>,
    /// Default: Google's limit for the account's kind.
    #[serde(default)]
    pub daily_sending_limit: Option<u32>,
    /// Default 0.
    #[serde(default)]
    pub sent_last_24h: u32,
}

fn yes() -> bool {
    true
}

/// `AccountPatch`: the body of `PATCH /api/accounts/{email}`; absent
/// fields stay as they are.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountPatch {
    /// A new account password (revokes the app passwords, as Google does).
    pub password: Option<String>,
    /// Personal or Workspace.
    pub kind: Option<AccountKind>,
    /// 2-Step Verification (turning it off revokes the app passwords).
    pub two_step_verification: Option<bool>,
    /// The user's IMAP switch.
    pub imap_enabled: Option<bool>,
    /// The user's "Less secure app access" switch.
    pub less_secure_toggle: Option<bool>,
    /// Suspended.
    pub suspended: Option<bool>,
    /// Rate-limited.
    pub throttled: Option<bool>,
    /// Simultaneous IMAP connections allowed.
    pub max_connections: Option<u32>,
    /// IMAP connections held by other clients.
    pub other_clients_connected: Option<u32>,
    /// Replaces the "Send mail as" list.
    pub send_as: Option<Vec<SendAsJson>>,
    /// The account's own limit; `null` returns to the default for its kind.
    #[serde(default, deserialize_with = "nullable")]
    pub daily_sending_limit: Option<Option<u32>>,
    /// Messages counted as sent in the last 24 hours (they expire a day
    /// later on the mock's clock), e.g. the limit to reproduce "limit
    /// reached".
    pub sent_last_24h: Option<u32>,
}

/// `NewAppPassword`: the body of `POST …/app-passwords`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewAppPassword {
    /// "Select app: Other (custom name)", e.g. "Livespace CRM".
    pub name: String,
}

/// `GeneratedAppPassword`: shown once, in Google's four groups of four.
#[derive(Debug, Clone, Serialize)]
pub struct GeneratedAppPassword {
    /// The name.
    pub name: String,
    /// `abcd efgh ijkl mnop` (clients may type it with or without spaces).
    pub password: String,
}

/// `Propagation`: how long the admin's changes take to reach IMAP/SMTP.
/// In JSON: `{"kind":"immediate"}`, `{"kind":"attempts","count":3}` or
/// `{"kind":"after","seconds":86400}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", try_from = "PropagationSpec")]
pub enum PropagationJson {
    /// At once.
    Immediate,
    /// The next `count` sign-in attempts still see the old settings.
    Attempts {
        /// Attempts.
        count: u32,
    },
    /// After `seconds` on the mock's clock (`POST /api/clock/advance`).
    After {
        /// Seconds.
        seconds: u64,
    },
}

/// The flat form of [`PropagationJson`], so unknown keys are refused and
/// a wrong or missing parameter is named (serde's internally tagged enums
/// do neither).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PropagationSpec {
    kind: String,
    count: Option<u32>,
    seconds: Option<u64>,
}

impl TryFrom<PropagationSpec> for PropagationJson {
    type Error = String;

    fn try_from(p: PropagationSpec) -> Result<Self, String> {
        let only = |want: &str| {
            let extra = match want {
                "count" => p.seconds.map(|_| "seconds"),
                "seconds" => p.count.map(|_| "count"),
                _ => p.count.map(|_| "count").or(p.seconds.map(|_| "seconds")),
            };
            match extra {
                Some(x) => Err(format!("kind {:?} takes no `{x}`", p.kind)),
                None => Ok(()),
            }
        };
        let need = |what: &str| format!("kind {:?} needs `{what}`", p.kind);
        match p.kind.as_str() {
            "immediate" => only("").map(|_| PropagationJson::Immediate),
            "attempts" => {
                only("count")?;
                Ok(PropagationJson::Attempts {
                    count: p.count.ok_or_else(|| need("count"))?,
                })
            }
            "after" => {
                only("seconds")?;
                Ok(PropagationJson::After {
                    seconds: p.seconds.ok_or_else(|| need("seconds"))?,
                })
            }
            other => Err(format!(
                "unknown kind {other:?}; expected immediate, attempts or after"
            )),
        }
    }
}

impl From<Propagation> for PropagationJson {
    fn from(p: Propagation) -> Self {
        match p {
            Propagation::Immediate => PropagationJson::Immediate,
            Propagation::Attempts(count) => PropagationJson::Attempts { count },
            Propagation::After(d) => PropagationJson::After {
                seconds: d.as_secs(),
            },
        }
    }
}

impl From<PropagationJson> for Propagation {
    fn from(p: PropagationJson) -> Self {
        match p {
            PropagationJson::Immediate => Propagation::Immediate,
            PropagationJson::Attempts { count } => Propagation::Attempts(count),
            PropagationJson::After { seconds } => {
                Propagation::After(std::time::Duration::from_secs(seconds))
            }
        }
    }
}

/// `Policy`: the admin console's settings as saved, plus what the servers
/// enforce while a change propagates.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyView {
    /// "Disable POP and IMAP access for all users".
    pub imap_pop_disabled_for_all: bool,
    /// "Less secure apps": `disabled`, `user-managed` or `enforced`.
    pub less_secure_apps: LessSecureApps,
    /// "Allow per-user outbound gateways" ("Allow users to send mail
    /// through an external SMTP server when configuring a 'from' address
    /// hosted outside your email domains").
    pub external_smtp_allowed: bool,
    /// Secondary and alias domains of the organisation.
    pub domains: Vec<String>,
    /// The SMTP relay service's settings.
    pub smtp_relay: SmtpRelayView,
    /// How changes propagate.
    pub propagation: PropagationJson,
    /// The date whose Google this is.
    pub as_of: NaiveDate,
    /// The settings in force right now.
    pub effective: PolicySettings,
    /// Whether saved changes are still on their way.
    pub propagating: bool,
}

/// `PolicySettings`: the console settings (those that propagate).
#[derive(Debug, Clone, Serialize)]
pub struct PolicySettings {
    /// "Disable POP and IMAP access for all users".
    pub imap_pop_disabled_for_all: bool,
    /// "Less secure apps".
    pub less_secure_apps: LessSecureApps,
    /// "Allow per-user outbound gateways".
    pub external_smtp_allowed: bool,
    /// Secondary and alias domains.
    pub domains: Vec<String>,
    /// The SMTP relay service.
    pub smtp_relay: SmtpRelayView,
}

impl PolicyView {
    /// The policy of `mock` now.
    pub fn new(mock: &MockHandle) -> PolicyView {
        let p = mock.policy();
        let e = mock.effective_policy();
        PolicyView {
            imap_pop_disabled_for_all: p.imap_pop_disabled_for_all,
            less_secure_apps: p.less_secure_apps,
            external_smtp_allowed: p.external_smtp_allowed,
            domains: p.domains.clone(),
            smtp_relay: p.smtp_relay.clone(),
            propagation: p.propagation.into(),
            as_of: p.as_of,
            effective: PolicySettings {
                imap_pop_disabled_for_all: e.imap_pop_disabled_for_all,
                less_secure_apps: e.less_secure_apps,
                external_smtp_allowed: e.external_smtp_allowed,
                domains: e.domains.clone(),
                smtp_relay: e.smtp_relay.clone(),
            },
            propagating: mock.policy_propagating(),
        }
    }
}

/// `PolicyPatch`: the body of `PATCH /api/policy`; absent fields stay.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyPatch {
    /// "Disable POP and IMAP access for all users".
    pub imap_pop_disabled_for_all: Option<bool>,
    /// "Less secure apps".
    pub less_secure_apps: Option<LessSecureApps>,
    /// "Allow per-user outbound gateways".
    pub external_smtp_allowed: Option<bool>,
    /// Replaces the secondary and alias domains (each checked, stored
    /// lower-case).
    pub domains: Option<Vec<String>>,
    /// Changes the given SMTP relay settings; absent ones stay.
    pub smtp_relay: Option<SmtpRelayPatch>,
    /// How later changes propagate (applies at once).
    pub propagation: Option<PropagationJson>,
    /// Move Google's date (applies at once).
    pub as_of: Option<NaiveDate>,
}

/// `Message`: a message accepted over SMTP.
#[derive(Debug, Clone, Serialize)]
pub struct MessageView {
    /// Sequence number within this mock (from 1).
    pub id: u64,
    /// The account that authenticated (relay mail from an allowlisted IP
    /// without SMTP AUTH has none: its envelope sender).
    pub account: String,
    /// `MAIL FROM`.
    pub mail_from: String,
    /// `RCPT TO`s.
    pub recipients: Vec<String>,
    /// When it was accepted (mock clock).
    pub received_at: DateTime<Utc>,
    /// Size in bytes.
    pub size: usize,
    /// The decoded `Subject`, if any.
    pub subject: Option<String>,
    /// Header fields in order, RFC 2047 words decoded.
    pub headers: Vec<Header>,
    /// The decoded text of the text parts.
    pub text: String,
    /// The message as received, as UTF-8 (invalid bytes become U+FFFD;
    /// `raw_url` serves the exact bytes).
    pub raw: String,
    /// `/api/messages/{id}/raw`.
    pub raw_url: String,
}

/// `Header`: one header field.
#[derive(Debug, Clone, Serialize)]
pub struct Header {
    /// Field name as sent.
    pub name: String,
    /// Decoded value.
    pub value: String,
}

impl From<&CapturedMessage> for MessageView {
    fn from(m: &CapturedMessage) -> Self {
        let headers: Vec<Header> = m
            .headers()
            .into_iter()
            .map(|(name, value)| Header { name, value })
            .collect();
        MessageView {
            id: m.id,
            account: m.account.clone(),
            mail_from: m.mail_from.clone(),
            recipients: m.recipients.clone(),
            received_at: m.received_at,
            size: m.raw.len(),
            subject: headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case("subject"))
                .map(|h| h.value.clone()),
            headers,
            text: m.text(),
            raw: String::from_utf8_lossy(&m.raw).into_owned(),
            raw_url: format!("/api/messages/{}/raw", m.id),
        }
    }
}

/// `Fault`: the file form of a fault (as in scenario files).
#[derive(Debug, Clone, Serialize)]
pub struct FaultView {
    /// The listener; absent means all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listener: Option<ListenerKind>,
    /// `close-after-greeting`, `close-at`, `stall-at`, `delay-every-reply`,
    /// `unavailable`, `tls`, `plaintext-on-tls`.
    pub kind: &'static str,
    /// For `close-at` and `stall-at`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<&'static str>,
    /// For `delay-every-reply`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ms: Option<u64>,
    /// For `tls`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<&'static str>,
}

impl From<&Fault> for FaultView {
    fn from(f: &Fault) -> Self {
        let mut v = FaultView {
            listener: f.listener,
            kind: "",
            stage: None,
            ms: None,
            problem: None,
        };
        match f.kind {
            FaultKind::CloseAfterGreeting => v.kind = "close-after-greeting",
            FaultKind::CloseAt { stage } => {
                v.kind = "close-at";
                v.stage = Some(stage_name(stage));
            }
            FaultKind::StallAt { stage } => {
                v.kind = "stall-at";
                v.stage = Some(stage_name(stage));
            }
            FaultKind::DelayEveryReply { ms } => {
                v.kind = "delay-every-reply";
                v.ms = Some(ms);
            }
            FaultKind::Unavailable => v.kind = "unavailable",
            FaultKind::Tls { problem } => {
                v.kind = "tls";
                v.problem = Some(match problem {
                    TlsFault::WrongName => "wrong-name",
                    TlsFault::Expired => "expired",
                    TlsFault::UnknownCa => "unknown-ca",
                });
            }
            FaultKind::PlaintextOnTls => v.kind = "plaintext-on-tls",
        }
        v
    }
}

fn stage_name(s: FaultStage) -> &'static str {
    match s {
        FaultStage::Greeting => "greeting",
        FaultStage::Capability => "capability",
        FaultStage::Starttls => "starttls",
        FaultStage::Auth => "auth",
        FaultStage::Mailbox => "mailbox",
        FaultStage::Data => "data",
    }
}

/// `ClockAdvance`: the body of `POST /api/clock/advance`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClockAdvance {
    /// Seconds to move the mock's clock forward (1 to 315,360,000).
    pub seconds: u64,
}

/// `ClockAdvanced`: the answer.
#[derive(Debug, Clone, Serialize)]
pub struct ClockAdvanced {
    /// Seconds moved.
    pub advanced_seconds: u64,
    /// The policy afterwards (a propagating change may now be in force).
    pub policy: PolicyView,
}

/// `Server`: where the mock listens and the CA to trust.
#[derive(Debug, Clone, Serialize)]
pub struct ServerView {
    /// IMAP over TLS.
    pub imaps: String,
    /// IMAP with STARTTLS.
    pub imap: String,
    /// SMTP over TLS.
    pub smtps: String,
    /// SMTP submission with STARTTLS.
    pub submission: String,
    /// The Workspace SMTP relay service (smtp-relay.gmail.com), STARTTLS.
    pub smtp_relay: String,
    /// The CA certificate (PEM).
    pub ca_pem: String,
    /// Captured messages and transcripts: kept, bound, dropped.
    pub captures: Captures,
}

/// `MailboxCleared`: what `DELETE /api/accounts/{email}/messages` did.
#[derive(Debug, Clone, Serialize)]
pub struct MailboxCleared {
    /// The account, as stored.
    pub account: String,
    /// Messages deleted (from every folder).
    pub deleted: usize,
}

impl ServerView {
    /// The addresses and CA of `mock`.
    pub fn new(mock: &MockHandle) -> ServerView {
        let a = mock.addrs();
        ServerView {
            imaps: a.imaps.to_string(),
            imap: a.imap.to_string(),
            smtps: a.smtps.to_string(),
            submission: a.submission.to_string(),
            smtp_relay: a.smtp_relay.to_string(),
            ca_pem: mock.ca_pem().to_owned(),
            captures: mock.captures(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn propagation_forms() {
        let p = |s: &str| crate::extract::parse::<PolicyPatch>(s.as_bytes());
        let ok = p(r#"{"propagation":{"kind":"after","seconds":60}}"#).unwrap();
        assert_eq!(ok.propagation, Some(PropagationJson::After { seconds: 60 }));
        let e = p(r#"{"propagation":{"kind":"immediate","x":1}}"#).unwrap_err();
        assert_eq!(e.field_name(), Some("propagation.x"), "{e}");
        let e = p(r#"{"propagation":{"kind":"attempts","count":"x"}}"#).unwrap_err();
        assert_eq!(e.field_name(), Some("propagation.count"), "{e}");
        let e = p(r#"{"propagation":{"kind":"attempts"}}"#).unwrap_err();
        assert!(e.to_string().contains("needs `count`"), "{e}");
        let e = p(r#"{"propagation":{"kind":"immediate","count":2}}"#).unwrap_err();
        assert!(e.to_string().contains("takes no `count`"), "{e}");
        let json = serde_json::to_string(&PropagationJson::Attempts { count: 2 }).unwrap();
        assert_eq!(json, r#"{"kind":"attempts","count":2}"#);
    }
}
