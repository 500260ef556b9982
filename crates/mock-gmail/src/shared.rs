//! State shared by one mock's listeners and sessions (one `Arc<Shared>` per
//! mock, owned by its handle; no global state, so many mocks can run in one
//! process).
//!
//! The world lives behind a std `Mutex`: no lock is ever held across an
//! `.await`, and critical sections are short (a lookup, a decision, an
//! insert).

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, MutexGuard};

use bytes::Bytes;
use chrono::{DateTime, FixedOffset, Utc};
use tokio::sync::{watch, Semaphore};
use tokio_rustls::TlsAcceptor;
use tokio_util::sync::CancellationToken;

use std::collections::HashMap;

use crate::clock::Clock;
use crate::ids;
use crate::model::faults::{Fault, ListenerFaults, TlsFault};
use crate::model::{authenticate, Account, Credential, Decision, Service};
use crate::store::names;
use crate::tls::TlsMaterial;
use crate::transcript::{ListenerKind, TranscriptLog};

pub use crate::capture::CapturedMessage;
pub use crate::options::Options;
pub(crate) use crate::snapshot::Snapshot;
pub(crate) use crate::world::{AccountEntry, World};

/// One mock's shared state.
pub(crate) struct Shared {
    world: Mutex<World>,
    pub clock: Clock,
    pub transcripts: TranscriptLog,
    rng: Mutex<fastrand::Rng>,
    pub acceptor: TlsAcceptor,
    pub ca_pem: String,
    pub options: Options,
    pub permits: Arc<Semaphore>,
    /// Faults in force (changeable at run time; read once per connection).
    faults: Mutex<Vec<Fault>>,
    /// The certificate material, kept to sign fault variants.
    material: Mutex<Option<TlsMaterial>>,
    /// Acceptors serving bad certificates, built on first use.
    fault_acceptors: Mutex<HashMap<TlsFault, TlsAcceptor>>,
    /// The mock's shutdown token (connections stop when it is cancelled).
    shutdown: CancellationToken,
    /// What connections wait on: a child of `shutdown`, replaced by each
    /// reset so the connections of the old world end.
    sessions: Mutex<CancellationToken>,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl Shared {
    pub fn new(
        world: World,
        acceptor: TlsAcceptor,
        ca_pem: String,
        options: Options,
        seed: u64,
        shutdown: CancellationToken,
    ) -> Self {
        Shared {
            sessions: Mutex::new(shutdown.child_token()),
            shutdown,
            world: Mutex::new(world),
            clock: Clock::default(),
            transcripts: TranscriptLog::new(options.max_transcripts),
            rng: Mutex::new(fastrand::Rng::with_seed(seed)),
            acceptor,
            ca_pem,
            permits: Arc::new(Semaphore::new(options.max_connections)),
            options,
            faults: Mutex::new(Vec::new()),
            material: Mutex::new(None),
            fault_acceptors: Mutex::new(HashMap::new()),
        }
    }

    /// Keeps the TLS material so faults can serve bad certificates.
    pub fn set_tls_material(&self, m: TlsMaterial) {
        *self.material.lock().unwrap_or_else(|e| e.into_inner()) = Some(m);
    }

    /// Replaces the faults in force (new connections see them).
    pub fn set_faults(&self, faults: Vec<Fault>) {
        *self.faults.lock().unwrap_or_else(|e| e.into_inner()) = faults;
    }

    /// The faults in force.
    pub fn faults(&self) -> Vec<Fault> {
        self.faults
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The faults that apply to a listener, resolved once per connection.
    pub fn listener_faults(&self, kind: ListenerKind) -> ListenerFaults {
        let faults = self.faults.lock().unwrap_or_else(|e| e.into_inner());
        if faults.is_empty() {
            return ListenerFaults::default();
        }
        ListenerFaults::for_listener(&faults, kind)
    }

    /// The acceptor to use: the good one, or one serving a bad certificate.
    pub fn acceptor_for(&self, fault: Option<TlsFault>) -> TlsAcceptor {
        let Some(fault) = fault else {
            return self.acceptor.clone();
        };
        let mut cache = self
            .fault_acceptors
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(a) = cache.get(&fault) {
            return a.clone();
        }
        let material = self
            .material
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let built = material
            .and_then(|m| m.variant(fault).ok())
            .and_then(|v| v.server_config().ok())
            .map(TlsAcceptor::from);
        match built {
            Some(a) => {
                cache.insert(fault, a.clone());
                a
            }
            None => {
                tracing::warn!(
                    ?fault,
                    "cannot build the faulty certificate; serving the good one"
                );
                self.acceptor.clone()
            }
        }
    }

    /// The token a new connection stops on: shutdown, or the next reset.
    pub fn session_token(&self) -> CancellationToken {
        self.sessions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Puts everything back as in `initial`: the world (policy, accounts,
    /// mailboxes, wire texts), no captures or transcripts, the initial
    /// faults, real time. Connections opened before end first (IMAP
    /// clients get `* BYE`, SMTP clients `421`), since the mailboxes and
    /// counters they were serving are gone.
    pub fn reset(&self, initial: &Snapshot) {
        let old = std::mem::replace(
            &mut *self.sessions.lock().unwrap_or_else(|e| e.into_inner()),
            self.shutdown.child_token(),
        );
        old.cancel();
        {
            let mut w = self.world();
            let generation = w.generation + 1;
            *w = World::restore(initial, generation, self.options.max_messages);
        }
        self.transcripts.clear();
        self.set_faults(initial.faults.clone());
        self.clock.reset();
    }

    /// Locks the world. Poisoning is ignored: a panicking session must not
    /// take the whole mock down with it.
    pub fn world(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn with_rng<T>(&self, f: impl FnOnce(&mut fastrand::Rng) -> T) -> T {
        f(&mut self.rng.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// A Gmail-style IMAP session token.
    pub fn imap_id(&self) -> String {
        self.with_rng(ids::imap_id)
    }

    /// A Gmail-style SMTP reply token.
    pub fn smtp_id(&self) -> String {
        self.with_rng(ids::smtp_id)
    }

    /// A web sign-in URL with a random token.
    pub fn webalert_url(&self) -> String {
        self.with_rng(ids::webalert_url)
    }

    /// Wall-clock time on the mock's clock.
    pub fn wall_now(&self) -> DateTime<FixedOffset> {
        let offset = self.clock.now() - tokio::time::Instant::now();
        (Utc::now() + chrono::Duration::from_std(offset).unwrap_or_default()).fixed_offset()
    }

    /// Decides a sign-in (DESIGN.md "Model") and, in open mode, creates the
    /// account on first use. Returns the decision and the account key.
    ///
    /// Three steps, so the decision reads state and changes none: read the
    /// policy in force and the account (in open mode, the account as it
    /// would be provisioned for this user name and secret), decide with
    /// the pure [`authenticate`], then apply what follows from the attempt
    /// (count it toward "after N attempts" propagation; in open mode, keep
    /// the provisioned account, whatever the decision, as before).
    pub fn authenticate(
        &self,
        service: Service,
        username: &str,
        credential: Credential<'_>,
    ) -> (Decision, Option<String>) {
        let now = self.clock.now();
        let mut w = self.world();
        let policy = w.policy.effective(now).clone();
        let key = w.key_for(username);
        let provisioned = if w.open_mode {
            open_mode_account(
                key.as_ref().and_then(|k| w.accounts.get(k)),
                username,
                credential,
            )
        } else {
            None
        };
        let existing = key.as_ref().and_then(|k| w.accounts.get(k));
        // A token the account does not list statically may be one this
        // mock's authorization server issued: judge it there, then let the
        // one sign-in decision rule on the verdict.
        let credential = match (credential, key.as_deref(), existing) {
            (Credential::OAuthToken(t), Some(k), Some(e)) if !e.account.has_token(t) => {
                match w.oauth.access_token(t) {
                    Some(tok) => Credential::IssuedToken(crate::model::oauth::access_token_ok(
                        Some(tok),
                        k,
                        now,
                    )),
                    None => credential,
                }
            }
            _ => credential,
        };
        let decision = authenticate(
            provisioned.as_ref().or(existing.map(|e| &e.account)),
            &policy,
            service,
            credential,
            existing.map(|e| e.live_imap).unwrap_or(0),
        );
        w.policy.count_attempt();
        let key = match provisioned {
            Some(account) => {
                let k = key.unwrap_or_else(|| username.trim().to_ascii_lowercase());
                match w.accounts.get_mut(&k) {
                    Some(e) => e.account = account,
                    None => {
                        w.accounts.insert(k.clone(), AccountEntry::new(account));
                    }
                }
                Some(k)
            }
            None => key,
        };
        (decision, key)
    }

    /// Counts an authenticated IMAP session until the lease is dropped.
    pub fn lease(self: &Arc<Self>, key: &str) -> ImapLease {
        let mut w = self.world();
        if let Some(e) = w.accounts.get_mut(key) {
            e.live_imap += 1;
        }
        ImapLease {
            shared: self.clone(),
            key: key.to_owned(),
            generation: w.generation,
        }
    }

    /// Files an accepted submission: the outbox, the INBOX of every mock
    /// account it is addressed to, and — for mail a signed-in account sent
    /// through smtp.gmail.com (`sent_mail`) — the sender's Sent Mail, as
    /// Gmail does, counted toward its daily limit. Relay mail from a client
    /// identified by its IP address has no sender account: it is captured
    /// under its envelope sender.
    pub fn deliver(
        &self,
        sender_key: Option<&str>,
        mail_from: &str,
        recipients: &[String],
        raw: Bytes,
        sent_mail: bool,
    ) -> u64 {
        let now = self.wall_now();
        let instant = self.clock.now();
        let mut w = self.world();
        let id = w.outbox.next_id();
        let sender_email = sender_key
            .and_then(|k| w.accounts.get(k))
            .map(|e| e.account.email.clone())
            .unwrap_or_else(|| mail_from.to_owned());
        w.outbox.push(CapturedMessage {
            id,
            account: sender_email,
            mail_from: mail_from.to_owned(),
            recipients: recipients.to_vec(),
            received_at: now.with_timezone(&Utc),
            raw: raw.clone(),
        });
        let open = w.open_mode;
        let mut inbox_keys: BTreeSet<String> = BTreeSet::new();
        for r in recipients {
            match w.key_for(r) {
                Some(k) => {
                    inbox_keys.insert(k);
                }
                None if open && r.contains('@') => {
                    let k = r.to_ascii_lowercase();
                    let mut account = Account::new(r.as_str(), "");
                    account.daily_sending_limit = Some(OPEN_MODE_DAILY_LIMIT);
                    w.accounts.insert(k.clone(), AccountEntry::new(account));
                    inbox_keys.insert(k);
                }
                None => {}
            }
        }
        let filed_as_sent = sender_key.filter(|_| sent_mail);
        if let Some((sender_key, e)) =
            filed_as_sent.and_then(|k| w.accounts.get_mut(k).map(|e| (k, e)))
        {
            e.record_sent(instant);
            if inbox_keys.contains(sender_key) {
                // To self: one message carrying both labels, as on Gmail.
                e.store.insert(
                    raw.clone(),
                    now,
                    BTreeSet::new(),
                    &[names::SENT, names::INBOX],
                );
                inbox_keys.remove(sender_key);
            } else {
                e.store.insert(
                    raw.clone(),
                    now,
                    BTreeSet::from(["\\Seen".to_owned()]),
                    &[names::SENT],
                );
            }
            e.notify();
        }
        for k in inbox_keys {
            if let Some(e) = w.accounts.get_mut(&k) {
                e.store
                    .insert(raw.clone(), now, BTreeSet::new(), &[names::INBOX]);
                e.notify();
            }
        }
        id
    }

    /// A receiver that changes whenever this account's store does.
    pub fn watch(&self, key: &str) -> Option<watch::Receiver<u64>> {
        self.world()
            .accounts
            .get(key)
            .map(|e| e.changed.subscribe())
    }
}

/// Holds one of the account's simultaneous IMAP connections.
#[derive(Debug)]
pub(crate) struct ImapLease {
    shared: Arc<Shared>,
    key: String,
    /// The world it was counted in (a reset starts counting afresh).
    generation: u64,
}

impl ImapLease {
    /// The account key.
    pub fn key(&self) -> &str {
        &self.key
    }
}

impl Drop for ImapLease {
    fn drop(&mut self) {
        let mut w = self.shared.world();
        if w.generation != self.generation {
            return;
        }
        if let Some(e) = w.accounts.get_mut(&self.key) {
            e.live_imap = e.live_imap.saturating_sub(1);
        }
    }
}

/// Per-connection facts the sessions need.
#[derive(Debug, Clone)]
pub(crate) struct ConnInfo {
    pub listener: ListenerKind,
    pub peer_ip: String,
}

/// The daily sending limit of accounts open mode creates: a regression
/// suite's backend should not refuse its 2,001st message of the day (a
/// test of the limit itself sets one explicitly).
pub const OPEN_MODE_DAILY_LIMIT: u32 = 1_000_000;

/// Open mode (GreenMail-style): the account a sign-in provisions, if any.
/// An unknown address gets an account whose password (or token) is the
/// secret typed; an account first created by a delivery has no password
/// yet, so the first password typed becomes it. `None` when nothing needs
/// provisioning (a known account with a password, or a name that is no
/// address).
fn open_mode_account(
    existing: Option<&AccountEntry>,
    username: &str,
    credential: Credential<'_>,
) -> Option<Account> {
    match (existing, credential) {
        (None, _) if !username.contains('@') => None,
        (None, Credential::Password(p)) => {
            let mut account = Account::new(username.trim(), p.to_owned());
            account.less_secure_toggle = true;
            account.daily_sending_limit = Some(OPEN_MODE_DAILY_LIMIT);
            Some(account)
        }
        (None, Credential::OAuthToken(t)) => {
            let mut account = Account::new(username.trim(), String::new()).with_oauth_token(t);
            account.less_secure_toggle = true;
            account.daily_sending_limit = Some(OPEN_MODE_DAILY_LIMIT);
            Some(account)
        }
        (Some(e), Credential::Password(p)) if e.account.password.expose().is_empty() => {
            let mut account = e.account.clone();
            account.password = gmail_wire::Secret::new(p.to_owned());
            account.less_secure_toggle = true;
            Some(account)
        }
        (None, Credential::IssuedToken(_)) | (Some(_), _) => None,
    }
}
