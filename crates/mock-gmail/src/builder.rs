//! `MockGmail::builder()…start().await` — configure state, bind the four
//! listeners, return a handle.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use chrono::NaiveDate;
use tokio::net::TcpListener;
use tokio::time::Instant;
use tokio_rustls::TlsAcceptor;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::error::Error;
use crate::handle::{Addrs, MockHandle};
use crate::listener::accept_loop;
use crate::model::faults::Fault;
use crate::model::oauth::{Grant as OAuthGrant, OAuthClient, MAIL_SCOPE};
use crate::model::{preset, Account, Policy, PolicyState, PRESETS};
use crate::oauth_state::OAuthState;
use crate::seed::apply::MailSeed;
use crate::seed::{self, SeedSource};
use crate::shared::{AccountEntry, Options, Shared, World};
use crate::tls::TlsMaterial;
use crate::transcript::ListenerKind;
use crate::wire_style::{WebLoginStyle, WireStyle};

/// The `--mode` name of open-test mode: any address signs in (the password
/// typed on first use becomes the account's), and any recipient gets an
/// INBOX on first delivery.
pub const OPEN_MODE: &str = "open";

/// Entry point of the Rust API.
#[derive(Debug, Clone, Copy)]
pub struct MockGmail;

impl MockGmail {
    /// A builder; with nothing else set, `start()` serves the `healthy`
    /// preset.
    pub fn builder() -> MockGmailBuilder {
        MockGmailBuilder::default()
    }
}

/// Where the listeners bind. Port 0 = ephemeral.
#[derive(Debug, Clone, Copy)]
pub struct Ports {
    /// IMAP over TLS (Gmail: 993).
    pub imaps: u16,
    /// IMAP with STARTTLS (like 143).
    pub imap: u16,
    /// SMTP over TLS (Gmail: 465).
    pub smtps: u16,
    /// SMTP submission with STARTTLS (Gmail: 587).
    pub submission: u16,
    /// The Workspace SMTP relay service with STARTTLS (Google:
    /// smtp-relay.gmail.com 587, also 25).
    pub smtp_relay: u16,
}

impl Ports {
    /// All ephemeral.
    pub const EPHEMERAL: Ports = Ports {
        imaps: 0,
        imap: 0,
        smtps: 0,
        submission: 0,
        smtp_relay: 0,
    };
    /// Gmail's own ports (needs privileges for 143/465/587/993).
    pub const GMAIL: Ports = Ports {
        imaps: 993,
        imap: 143,
        smtps: 465,
        submission: 587,
        // smtp-relay.gmail.com also listens on 587, but on another host;
        // here the two share an address, so the relay takes its port 25.
        smtp_relay: 25,
    };
}

/// How to obtain the TLS certificate.
#[derive(Debug, Clone)]
enum TlsSource {
    Generate,
    Files {
        cert: PathBuf,
        key: PathBuf,
        ca: Option<PathBuf>,
    },
    Material(Box<TlsMaterial>),
}

/// Configures a mock before it starts.
#[derive(Debug, Clone)]
pub struct MockGmailBuilder {
    mode: Option<String>,
    policy: Option<Policy>,
    as_of: Option<NaiveDate>,
    accounts: Vec<Account>,
    wire: WireStyle,
    overrides: Vec<(String, Vec<String>)>,
    open_mode: bool,
    bind: IpAddr,
    ports: Ports,
    tls: TlsSource,
    pub(crate) options: Options,
    seed: Option<u64>,
    mail: Vec<MailSeed>,
    sample_mailbox: bool,
    faults: Vec<Fault>,
    oauth_clients: Vec<OAuthClient>,
    oauth_grants: Vec<GrantSeed>,
}

/// A grant the builder creates: the account's consent to a client some
/// time before the mock starts.
#[derive(Debug, Clone)]
struct GrantSeed {
    email: String,
    client_id: String,
    refresh_token: String,
    scopes: Vec<String>,
    issued_ago: Duration,
}

impl Default for MockGmailBuilder {
    fn default() -> Self {
        MockGmailBuilder {
            mode: None,
            policy: None,
            as_of: None,
            accounts: Vec::new(),
            wire: WireStyle::default(),
            overrides: Vec::new(),
            open_mode: false,
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            ports: Ports::EPHEMERAL,
            tls: TlsSource::Generate,
            options: Options::default(),
            seed: None,
            mail: Vec::new(),
            sample_mailbox: true,
            faults: Vec::new(),
            oauth_clients: Vec::new(),
            oauth_grants: Vec::new(),
        }
    }
}

impl MockGmailBuilder {
    /// Starts from a built-in preset (`healthy`, `imap-disabled`, …; see
    /// [`PRESETS`]). Later `.policy()` / `.account()` calls refine it.
    pub fn mode(mut self, name: impl Into<String>) -> Self {
        self.mode = Some(name.into());
        self
    }

    /// Sets the Workspace policy.
    pub fn policy(mut self, policy: Policy) -> Self {
        self.policy = Some(policy);
        self
    }

    /// Moves the model's date (DESIGN.md "Time").
    pub fn as_of(mut self, date: NaiveDate) -> Self {
        self.as_of = Some(date);
        self
    }

    /// Adds an account (replacing a preset account with the same address).
    pub fn account(mut self, account: Account) -> Self {
        self.accounts.push(account);
        self
    }

    /// Creates accounts on first login or delivery (GreenMail-style).
    pub fn open_mode(mut self, on: bool) -> Self {
        self.open_mode = on;
        self
    }

    /// How IMAP answers a password blocked by the less-secure-apps rule.
    pub fn web_login_style(mut self, style: WebLoginStyle) -> Self {
        self.wire.web_login = style;
        self
    }

    /// Replaces the reply at a stage verbatim (see [`crate::wire_style::Stage`]);
    /// validated at `start()`.
    pub fn override_reply(mut self, stage: impl Into<String>, lines: Vec<String>) -> Self {
        self.overrides.push((stage.into(), lines));
        self
    }

    /// Address to bind (default 127.0.0.1).
    pub fn bind(mut self, ip: IpAddr) -> Self {
        self.bind = ip;
        self
    }

    /// Listener ports (default: all ephemeral).
    pub fn ports(mut self, ports: Ports) -> Self {
        self.ports = ports;
        self
    }

    /// Serves a fixed certificate chain and key instead of generating one.
    pub fn tls_files(
        mut self,
        cert: impl Into<PathBuf>,
        key: impl Into<PathBuf>,
        ca: Option<PathBuf>,
    ) -> Self {
        self.tls = TlsSource::Files {
            cert: cert.into(),
            key: key.into(),
            ca,
        };
        self
    }

    /// Serves already-prepared TLS material (tests, fault injection).
    pub fn tls_material(mut self, material: TlsMaterial) -> Self {
        self.tls = TlsSource::Material(Box::new(material));
        self
    }

    /// Limits and timeouts.
    pub fn options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// Writes each connection's (redacted) transcript as a file in `dir`
    /// when the connection ends (see [`crate::transcript_dir`]). The
    /// directory is created at `start()`. Sets
    /// [`Options::transcript_dir`], so call it after [`Self::options`].
    pub fn transcript_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.options.transcript_dir = Some(crate::transcript_dir::TranscriptDir::new(dir));
        self
    }

    /// Keeps at most `n` captured messages, dropping the oldest (0 =
    /// unlimited; see [`crate::retention`]). Sets
    /// [`Options::max_messages`], so call it after [`Self::options`].
    pub fn max_messages(mut self, n: usize) -> Self {
        self.options.max_messages = n;
        self
    }

    /// Keeps at most `n` transcripts in memory, dropping the oldest (0 =
    /// unlimited). Sets [`Options::max_transcripts`], so call it after
    /// [`Self::options`].
    pub fn max_transcripts(mut self, n: usize) -> Self {
        self.options.max_transcripts = n;
        self
    }

    /// Seeds the RNG behind Gmail's random tokens (reproducible transcripts).
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Loads a mailbox into `email`'s account at start-up: a directory of
    /// `.eml` files (recursive), an mbox, or one message file (see
    /// [`crate::seed`] for the rules). Messages go to INBOX unless they
    /// carry Google Takeout's `X-Gmail-Labels`. In open mode a missing
    /// account is created; otherwise it must exist. Errors (at `start()`)
    /// name the file, message and line. Replaces the built-in sample for
    /// that account.
    pub fn seed_mailbox(mut self, email: impl Into<String>, path: impl Into<PathBuf>) -> Self {
        self.mail.push(MailSeed {
            account: Some(email.into()),
            source: SeedSource::Path(path.into()),
        });
        self
    }

    /// Like [`Self::seed_mailbox`], into the mode's first account (the
    /// Workspace user of every preset, or the first `.account()`); this is
    /// `serve --seed` without `--seed-account`.
    pub fn seed_primary(mut self, path: impl Into<PathBuf>) -> Self {
        self.mail.push(MailSeed {
            account: None,
            source: SeedSource::Path(path.into()),
        });
        self
    }

    /// Loads raw messages into `email`'s account at start-up, with the same
    /// rules as files (CRLF line ends, INBOX or Takeout labels, the `Date`
    /// header as INTERNALDATE).
    pub fn seed_messages<I>(mut self, email: impl Into<String>, messages: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<Bytes>,
    {
        self.mail.push(MailSeed {
            account: Some(email.into()),
            source: SeedSource::Messages(messages.into_iter().map(Into::into).collect()),
        });
        self
    }

    /// Whether the `healthy` preset's Workspace user starts with the
    /// built-in sample mailbox ([`crate::seed::sample`]; default: yes).
    /// Turn it off for a test that needs an empty INBOX.
    pub fn sample_mailbox(mut self, on: bool) -> Self {
        self.sample_mailbox = on;
        self
    }

    /// Faults in force from the start (as `MockHandle::set_faults` sets
    /// them later); `MockHandle::reset` restores these.
    pub fn faults(mut self, faults: Vec<Fault>) -> Self {
        self.faults = faults;
        self
    }

    /// Adds an OAuth client (replacing one with the same client id, the
    /// presets' default CRM client included).
    pub fn oauth_client(mut self, client: OAuthClient) -> Self {
        self.oauth_clients.push(client);
        self
    }

    /// Adds a grant: `email` consented to `client_id` for `scopes`
    /// `issued_ago` before the mock starts (also its last use), holding
    /// `refresh_token`. Both the account and the client must exist.
    pub fn oauth_grant(
        mut self,
        email: impl Into<String>,
        client_id: impl Into<String>,
        refresh_token: impl Into<String>,
        scopes: Vec<String>,
        issued_ago: Duration,
    ) -> Self {
        self.oauth_grants.push(GrantSeed {
            email: email.into(),
            client_id: client_id.into(),
            refresh_token: refresh_token.into(),
            scopes,
            issued_ago,
        });
        self
    }

    /// The authorization server's clients and grants: every preset's
    /// default CRM client with a mail-scope grant per preset account, then
    /// what the builder added.
    fn oauth(
        &self,
        preset_accounts: &[String],
        accounts: &BTreeMap<String, AccountEntry>,
    ) -> Result<OAuthState, Error> {
        let mut state = OAuthState::default();
        let mut seeds: Vec<GrantSeed> = Vec::new();
        if !preset_accounts.is_empty() {
            let c = preset::oauth_client();
            state.clients.insert(c.client_id.clone(), c);
            for email in preset_accounts {
                if let Some(t) = preset::refresh_token_for(email) {
                    seeds.push(GrantSeed {
                        email: email.clone(),
                        client_id: preset::OAUTH_CLIENT_ID.to_owned(),
                        refresh_token: t.to_owned(),
                        scopes: vec![MAIL_SCOPE.to_owned()],
                        issued_ago: Duration::ZERO,
                    });
                }
            }
        }
        for c in &self.oauth_clients {
            if c.client_id.trim().is_empty() {
                return Err(Error::InvalidOAuth {
                    what: "client".to_owned(),
                    reason: "client_id must not be empty".to_owned(),
                });
            }
            state.clients.insert(c.client_id.clone(), c.clone());
        }
        seeds.extend(self.oauth_grants.iter().cloned());
        let now = Instant::now();
        for g in seeds {
            let what = format!("grant of {} to {:?}", g.email, g.client_id);
            let bad = |reason: String| Error::InvalidOAuth {
                what: what.clone(),
                reason,
            };
            let key = g.email.to_ascii_lowercase();
            if !accounts.contains_key(&key) {
                return Err(bad("no such account on this mock".to_owned()));
            }
            if !state.clients.contains_key(&g.client_id) {
                return Err(bad(format!(
                    "no such OAuth client; known: {}",
                    state.clients.keys().cloned().collect::<Vec<_>>().join(", ")
                )));
            }
            if g.refresh_token.is_empty() {
                return Err(bad("refresh token must not be empty".to_owned()));
            }
            if state.grant_by_refresh(&g.refresh_token).is_some() {
                return Err(bad("refresh token already held by another grant".to_owned()));
            }
            let issued_at = now.checked_sub(g.issued_ago).ok_or_else(|| {
                bad(format!(
                    "issued {} s ago is before this machine's monotonic clock began; \
                     start the grant fresh and advance the mock's clock instead",
                    g.issued_ago.as_secs()
                ))
            })?;
            state.add_grant(OAuthGrant {
                account: key,
                client_id: g.client_id,
                refresh_token: g.refresh_token.into(),
                scopes: g.scopes,
                issued_at,
                last_used: issued_at,
                revoked: None,
            });
        }
        Ok(state)
    }

    /// Resolves the configured state into a world. The only I/O is reading
    /// seed files.
    pub(crate) fn world(&self) -> Result<World, Error> {
        let nothing_set = self.mode.is_none()
            && self.policy.is_none()
            && self.accounts.is_empty()
            && !self.open_mode;
        let mode = self
            .mode
            .clone()
            .or_else(|| nothing_set.then(|| "healthy".to_owned()));
        let open = self.open_mode || mode.as_deref() == Some(OPEN_MODE);
        let (mut policy, mut accounts, sample_for) = match mode.as_deref() {
            // Open mode: no fixture accounts, and a policy that lets any
            // password in (GreenMail's "auth disabled" for third-party suites).
            Some(OPEN_MODE) => (
                preset("healthy").map(|p| p.policy).unwrap_or_default(),
                Vec::new(),
                None,
            ),
            Some(name) => {
                let p = preset(name).ok_or_else(|| Error::UnknownMode {
                    name: name.to_owned(),
                    known: PRESETS
                        .iter()
                        .map(|p| p.name)
                        .chain([OPEN_MODE])
                        .collect::<Vec<_>>()
                        .join(", "),
                })?;
                (p.policy, p.accounts, p.sample_mailbox)
            }
            None => (Policy::default(), Vec::new(), None),
        };
        let preset_accounts: Vec<String> = accounts.iter().map(|a| a.email.clone()).collect();
        let primary = accounts
            .first()
            .or(self.accounts.first())
            .map(|a| a.email.clone());
        if let Some(p) = &self.policy {
            policy = p.clone();
        }
        if let Some(d) = self.as_of {
            policy.as_of = d;
        }
        validate_policy(&policy)?;
        for a in &self.accounts {
            validate_account(a)?;
            let key = a.email.to_ascii_lowercase();
            accounts.retain(|x| x.email.to_ascii_lowercase() != key);
            accounts.push(a.clone());
        }
        let mut wire = self.wire.clone();
        for (stage, lines) in &self.overrides {
            wire.overrides.set(stage, lines.clone())?;
        }
        let accounts: BTreeMap<String, AccountEntry> = accounts
            .into_iter()
            .map(|a| (a.email.to_ascii_lowercase(), AccountEntry::new(a)))
            .collect();
        let oauth = self.oauth(&preset_accounts, &accounts)?;
        let mut world = World {
            policy: PolicyState::new(policy),
            oauth,
            accounts,
            wire,
            outbox: crate::retention::Ring::new(self.options.max_messages),
            open_mode: open,
            generation: 0,
        };
        let sample_for = sample_for.filter(|_| self.sample_mailbox);
        seed::apply::fill(&mut world, &self.mail, primary.as_deref(), sample_for)?;
        Ok(world)
    }

    /// Binds the listeners and starts serving.
    pub async fn start(self) -> Result<MockHandle, Error> {
        let world = self.world()?;
        if let Some(dir) = &self.options.transcript_dir {
            dir.ensure().map_err(|source| Error::WriteFile {
                path: dir.path().display().to_string(),
                source,
            })?;
        }
        let material = match &self.tls {
            TlsSource::Generate => TlsMaterial::generate()?,
            TlsSource::Files { cert, key, ca } => {
                TlsMaterial::from_pem_files(cert, key, ca.as_deref())?
            }
            TlsSource::Material(m) => (**m).clone(),
        };
        let acceptor = TlsAcceptor::from(material.server_config()?);
        let seed = self.seed.unwrap_or_else(|| fastrand::u64(..));
        let token = CancellationToken::new();
        let initial = world.snapshot(self.faults.clone());
        let shared = Arc::new(Shared::new(
            world,
            acceptor,
            material.ca_pem().to_owned(),
            self.options.clone(),
            seed,
            token.clone(),
        ));
        shared.set_faults(self.faults.clone());
        // Kept so fault injection can serve bad certificates from this CA.
        shared.set_tls_material(material);
        let bind = |port: u16, kind: ListenerKind| {
            let addr = SocketAddr::new(self.bind, port);
            async move {
                TcpListener::bind(addr).await.map_err(|source| Error::Bind {
                    listener: kind.as_str(),
                    addr,
                    source,
                })
            }
        };
        let listeners = [
            (
                bind(self.ports.imaps, ListenerKind::Imaps).await?,
                ListenerKind::Imaps,
            ),
            (
                bind(self.ports.imap, ListenerKind::Imap).await?,
                ListenerKind::Imap,
            ),
            (
                bind(self.ports.smtps, ListenerKind::Smtps).await?,
                ListenerKind::Smtps,
            ),
            (
                bind(self.ports.submission, ListenerKind::Submission).await?,
                ListenerKind::Submission,
            ),
            (
                bind(self.ports.smtp_relay, ListenerKind::SmtpRelay).await?,
                ListenerKind::SmtpRelay,
            ),
        ];
        let local = |l: &TcpListener| l.local_addr().expect("bound socket has an address");
        let addrs = Addrs {
            imaps: local(&listeners[0].0),
            imap: local(&listeners[1].0),
            smtps: local(&listeners[2].0),
            submission: local(&listeners[3].0),
            smtp_relay: local(&listeners[4].0),
        };
        let tracker = TaskTracker::new();
        for (listener, kind) in listeners {
            tracker.spawn(accept_loop(
                listener,
                kind,
                shared.clone(),
                token.clone(),
                tracker.clone(),
            ));
        }
        Ok(MockHandle::new(shared, addrs, token, tracker, initial))
    }
}

fn validate_account(a: &Account) -> Result<(), Error> {
    let bad = |reason: &str| {
        Err(Error::InvalidAccount {
            email: a.email.clone(),
            reason: reason.to_owned(),
        })
    };
    let Some((local, domain)) = a.email.split_once('@') else {
        return bad("the address has no @");
    };
    if local.is_empty() || domain.is_empty() || a.email.contains(char::is_whitespace) {
        return bad("not a valid address");
    }
    if !a.app_passwords.is_empty() && !a.two_step_verification {
        return bad("app passwords exist only with 2-Step Verification on (Google requires it)");
    }
    for s in &a.send_as {
        let ok = s
            .address
            .split_once('@')
            .is_some_and(|(l, d)| !l.is_empty() && d.contains('.'))
            && !s.address.contains(char::is_whitespace);
        if !ok {
            return bad(&format!("send_as: {:?} is not an email address", s.address));
        }
    }
    if a.sent_last_24h > MAX_SENT_SEED {
        return bad(&format!(
            "sent_last_24h: {} is more than the {MAX_SENT_SEED} a mock keeps track of",
            a.sent_last_24h
        ));
    }
    Ok(())
}

use crate::world::MAX_SENT_TRACKED as MAX_SENT_SEED;

/// The policy's free-form settings: domain names and the relay's IP
/// allowlist, each named when wrong.
pub fn validate_policy(p: &Policy) -> Result<(), Error> {
    for d in &p.domains {
        let ok = d.contains('.')
            && !d.starts_with('.')
            && !d.ends_with('.')
            && d.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
        if !ok {
            return Err(Error::InvalidPolicy {
                field: "domains",
                reason: format!("{d:?} is not a domain name"),
            });
        }
    }
    for ip in &p.smtp_relay.allowed_ips {
        if crate::model::relay::parse_range(ip).is_none() {
            return Err(Error::InvalidPolicy {
                field: "smtp_relay.allowed_ips",
                reason: format!(
                    "{ip:?} is not an IP address or range (like 203.0.113.7 or 203.0.113.0/24)"
                ),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_mode_names_the_known_ones() {
        let err = MockGmail::builder().mode("nope").world().unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("\"nope\"") && msg.contains("app-password-required"),
            "{msg}"
        );
    }

    #[test]
    fn accounts_replace_preset_ones() {
        let a = Account::new(crate::model::preset::WORKSPACE_EMAIL, "other");
        let w = MockGmail::builder()
            .mode("healthy")
            .account(a)
            .world()
            .unwrap();
        let e = &w.accounts[&crate::model::preset::WORKSPACE_EMAIL.to_ascii_lowercase()];
        assert_eq!(e.account.password.expose(), "other");
        let bad = Account {
            app_passwords: vec![],
            ..Account::new("no-at-sign", "x")
        };
        assert!(MockGmail::builder().account(bad).world().is_err());
    }
}
