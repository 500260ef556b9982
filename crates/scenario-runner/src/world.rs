//! A scenario's world: the mock in the scenario's state, and what the
//! customer typed, turned into a doctor configuration that reaches the mock
//! through Gmail's own host names (hermetically: no real DNS).

use std::time::Duration;

use gmail_wire::Secret;
use mail_doctor::{Config, Credential, Endpoint, LocalGmail, Network, RemediationId};
use mock_gmail::{MockGmail, MockGmailBuilder, MockHandle};

use crate::error::Error;
use crate::net_faults::NetworkSpec;
use crate::scenario::{
    Scenario, SecretChoice, ServerSpec, EXPIRED_TOKEN, REVOKED_APP_PASSWORD, WRONG_PASSWORD,
};

/// The doctor's default step timeout in scenarios: long enough for a busy
/// CI machine, short enough that a silent port does not dominate the suite.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_millis(1500);

/// A stable seed per scenario, so Gmail's random tokens repeat run to run.
fn seed(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The mock builder for a scenario's initial state (also used by
/// `gmail-harness serve --scenario`).
pub fn builder(s: &Scenario) -> MockGmailBuilder {
    let mut b = MockGmail::builder().seed(seed(&s.name)).as_of(s.as_of);
    if let Some(m) = &s.mode {
        b = b.mode(m.clone());
    }
    if let Some(p) = &s.policy {
        let mut p = p.clone();
        p.as_of = s.as_of;
        b = b.policy(p);
    }
    for a in &s.accounts {
        b = b.account(a.clone());
    }
    if let Some(style) = s.wire.web_login {
        b = b.web_login_style(style);
    }
    for (stage, lines) in &s.wire.overrides {
        b = b.override_reply(stage.clone(), lines.clone());
    }
    // Part of the state, so `serve --scenario` serves them too.
    b.faults(s.faults.clone())
}

/// The zones the scenario's DNS serves for the customer's current
/// network: the mock's domains at Google and Gmail's hosts (see
/// [`crate::dns::zones_for`]), the scenario's `[dns]` table, and a DNS
/// fault for Gmail's hosts while it lasts.
pub fn zones(s: &Scenario, mock: &MockHandle, network: &NetworkSpec) -> mock_dns::Zones {
    let mut z = crate::dns::zones_for(mock, std::net::Ipv4Addr::LOCALHOST.into());
    s.dns.apply_to_zones(&mut z);
    network.apply_to_zones(&mut z);
    z
}

/// Starts the scenario's mock (with its faults).
pub async fn start(s: &Scenario) -> Result<MockHandle, Error> {
    Ok(builder(s).start().await?)
}

/// What the customer currently has typed (changes along a walk).
#[derive(Debug, Clone)]
pub struct CustomerState {
    /// The address.
    pub email: String,
    /// The secret.
    pub credential: Credential,
    /// What kind of secret, for reports.
    pub secret: SecretChoice,
    /// IMAP settings.
    pub imap: Endpoint,
    /// SMTP settings.
    pub smtp: Endpoint,
    /// Whether the machine trusts the mock's certificate.
    pub trusts_certificate: bool,
    /// Remediations carried out so far.
    pub tried: Vec<RemediationId>,
    /// The address the CRM sends as (`None`: the login).
    pub from: Option<String>,
    /// The faults between the CRM and Gmail (the walk's `check-network`
    /// removes them).
    pub network: NetworkSpec,
}

/// The local addresses a scenario's network is made of, besides the mock.
#[derive(Debug, Clone, Copy)]
pub struct Surroundings {
    /// A port that refuses connections: every other port of Google's
    /// hosts, and a firewall's REJECT.
    pub closed: std::net::SocketAddr,
    /// A port that drops connection attempts (a firewall's DROP), when the
    /// scenario needs one.
    pub dropping: Option<std::net::SocketAddr>,
    /// The scenario's DNS server: the doctor's MX step and, for Gmail's
    /// hosts under a DNS fault, its address lookups.
    pub dns: std::net::SocketAddr,
}

/// The sender the scenario's preset defines for its customer, if any
/// (the mock's `PresetState::customer_from`): a preset about sending as
/// another address is only that situation when the CRM sends as it.
fn preset_from(s: &Scenario) -> Option<String> {
    let mode = s.mode.as_deref()?;
    mock_gmail::model::preset(mode)?
        .customer_from
        .map(str::to_owned)
}

fn endpoint(spec: &Option<ServerSpec>, default: Endpoint) -> Endpoint {
    match spec {
        Some(s) => Endpoint {
            host: s.host.clone(),
            port: s.port,
            security: s.security,
        },
        None => default,
    }
}

impl CustomerState {
    /// The initial state from the scenario and the mock's accounts.
    pub fn initial(s: &Scenario, mock: &MockHandle) -> Result<CustomerState, Error> {
        let setup = |message: String| Error::Setup {
            scenario: s.name.clone(),
            message,
        };
        let email = match &s.customer.email {
            Some(e) => e.clone(),
            None => s
                .accounts
                .first()
                .map(|a| a.email.clone())
                .or_else(|| mock.accounts().first().map(|a| a.email.clone()))
                .ok_or_else(|| setup("no account to sign in with".into()))?,
        };
        let account = mock.account(&email);
        let credential = match s.customer.secret {
            SecretChoice::AccountPassword => {
                let a = account.ok_or_else(|| {
                    setup(format!(
                        "customer.email {email:?} has no account on the mock"
                    ))
                })?;
                Credential::Password(a.password.clone())
            }
            SecretChoice::AppPassword => {
                let a = account.ok_or_else(|| {
                    setup(format!(
                        "customer.email {email:?} has no account on the mock"
                    ))
                })?;
                let p = a.app_passwords.first().ok_or_else(|| {
                    setup(format!(
                        "{email} has no app password (customer.secret = \"app-password\")"
                    ))
                })?;
                Credential::Password(p.secret.clone())
            }
            SecretChoice::OauthToken => {
                let a = account.ok_or_else(|| {
                    setup(format!(
                        "customer.email {email:?} has no account on the mock"
                    ))
                })?;
                let t = a.oauth_tokens.first().ok_or_else(|| {
                    setup(format!(
                        "{email} has no OAuth token (customer.secret = \"oauth-token\")"
                    ))
                })?;
                Credential::OAuthToken(t.clone())
            }
            SecretChoice::WrongPassword => Credential::Password(Secret::new(WRONG_PASSWORD.into())),
            SecretChoice::RevokedAppPassword => {
                Credential::Password(Secret::new(REVOKED_APP_PASSWORD.into()))
            }
            SecretChoice::ExpiredOauthToken => {
                Credential::OAuthToken(Secret::new(EXPIRED_TOKEN.into()))
            }
        };
        Ok(CustomerState {
            email,
            credential,
            secret: s.customer.secret,
            imap: endpoint(&s.customer.imap, Endpoint::gmail_imap()),
            smtp: endpoint(&s.customer.smtp, Endpoint::gmail_smtp()),
            trusts_certificate: s.customer.trusts_certificate,
            tried: s.customer.tried.clone(),
            from: s.customer.from.clone().or_else(|| preset_from(s)),
            network: s.network,
        })
    }

    /// The doctor's configuration for the current state.
    pub fn doctor_config(&self, s: &Scenario, mock: &MockHandle, around: &Surroundings) -> Config {
        let a = mock.addrs();
        let mut cfg = Config::new(self.email.clone(), self.credential.clone());
        cfg.imap = self.imap.clone();
        cfg.smtp = self.smtp.clone();
        cfg.network = Network::local_gmail(&LocalGmail {
            imaps: a.imaps,
            imap: a.imap,
            smtps: a.smtps,
            submission: a.submission,
            smtp_relay: a.smtp_relay,
            closed: around.closed,
        });
        self.network
            .apply_to_network(&mut cfg.network, around.closed, around.dropping);
        cfg.dns_server = Some(around.dns);
        // Trusting the mock is explicit; without it the public roots are
        // used and the mock's certificate is (rightly) untrusted.
        cfg.ca_pem = self.trusts_certificate.then(|| mock.ca_pem().to_owned());
        cfg.as_of = s.as_of;
        cfg.timeout = s
            .customer
            .timeout_ms
            .map(Duration::from_millis)
            .unwrap_or(DEFAULT_TIMEOUT);
        cfg.send_test = s.customer.send_test;
        cfg.from = self.from.clone();
        cfg.tried = self.tried.clone();
        cfg
    }
}
