//! State shared by one mock's listeners and sessions (one `Arc<Shared>` per
//! mock, owned by its handle; no global state, so many mocks can run in one
//! process).
//!
//! The world lives behind a std `Mutex`: no lock is ever held across an
//! `.await`, and critical sections are short (a lookup, a decision, an
//! insert).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use bytes::Bytes;
use chrono::{DateTime, FixedOffset, Utc};
use serde::Serialize;
use tokio::sync::{watch, Semaphore};
use tokio_rustls::TlsAcceptor;
use tokio_util::sync::CancellationToken;

use gmail_wire::imap::FrameLimits;

use std::collections::HashMap;

use crate::clock::Clock;
use crate::ids;
use crate::model::faults::{Fault, ListenerFaults, TlsFault};
use crate::model::{authenticate, Account, Credential, Decision, Policy, PolicyState, Service};
use crate::retention::Ring;
use crate::store::{names, Store};
use crate::tls::TlsMaterial;
use crate::transcript::{ListenerKind, TranscriptLog};
use crate::wire_style::WireStyle;

/// Limits, timeouts and where transcripts go.
#[derive(Debug, Clone)]
pub struct Options {
    /// IMAP framing caps (line length, literal size).
    pub imap_limits: FrameLimits,
    /// SMTP command line cap. RFC 5321 §4.5.3.1.4 says 512 octets including
    /// CRLF; Gmail tolerates more, so the cap is generous but bounded.
    pub smtp_max_line: usize,
    /// SMTP message size limit (Gmail's advertised SIZE).
    pub smtp_max_message: usize,
    /// Close an IMAP session idle this long (RFC 3501: at least 30 min).
    pub imap_idle_timeout: Duration,
    /// Close an SMTP session idle this long (RFC 5321 suggests 5 min).
    pub smtp_idle_timeout: Duration,
    /// Give up on a TLS handshake after this long.
    pub handshake_timeout: Duration,
    /// Connections served at once across all listeners.
    pub max_connections: usize,
    /// Captured submissions kept ([`crate::MockHandle::messages`]); the
    /// oldest are dropped and counted beyond it. 0 = unlimited. 500, as
    /// Mailpit's default: enough to inspect a test run, bounded for a
    /// `serve` left running for days (see [`crate::retention`]).
    pub max_messages: usize,
    /// Connection transcripts kept in memory, likewise (0 = unlimited).
    /// `transcript_dir` still writes every one to disk.
    pub max_transcripts: usize,
    /// How long an idling IMAP session waits after a store change before
    /// pushing updates, so a burst is reported once (one `EXISTS`). Keep it
    /// well under the 100 ms a push may take.
    pub imap_push_coalesce: Duration,
    /// Write each connection's transcript here when it ends (see
    /// [`crate::transcript_dir`]); `None`: keep them in memory only.
    pub transcript_dir: Option<crate::transcript_dir::TranscriptDir>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            imap_limits: FrameLimits::default(),
            smtp_max_line: 4096,
            smtp_max_message: 35_882_577,
            imap_idle_timeout: Duration::from_secs(30 * 60),
            smtp_idle_timeout: Duration::from_secs(5 * 60),
            handshake_timeout: Duration::from_secs(10),
            max_connections: 20_000,
            max_messages: 500,
            max_transcripts: 500,
            imap_push_coalesce: Duration::from_millis(20),
            transcript_dir: None,
        }
    }
}

/// A message accepted over SMTP.
#[derive(Debug, Clone, Serialize)]
pub struct CapturedMessage {
    /// Sequence number within this mock.
    pub id: u64,
    /// The account that authenticated.
    pub account: String,
    /// `MAIL FROM`.
    pub mail_from: String,
    /// `RCPT TO`s.
    pub recipients: Vec<String>,
    /// When it was accepted (mock clock).
    pub received_at: DateTime<Utc>,
    /// The message as received (dot-unstuffed), byte for byte.
    #[serde(skip)]
    pub raw: Bytes,
}

impl CapturedMessage {
    /// The top-level header fields as (name, value) pairs in order, with
    /// RFC 2047 words decoded: for people reading a capture (the console),
    /// not for byte comparisons (use `raw`).
    pub fn headers(&self) -> Vec<(String, String)> {
        crate::mime::header_fields(&self.raw)
    }

    /// The decoded text of every `text/*` part (transfer encoding undone,
    /// charset converted to UTF-8), best effort: what the message says.
    pub fn text(&self) -> String {
        crate::mime::body_for_search(&self.raw)
    }
}

/// One account with its mail and live counters.
#[derive(Debug)]
pub(crate) struct AccountEntry {
    pub account: Account,
    pub store: Store,
    /// Authenticated IMAP sessions open on this mock.
    pub live_imap: u32,
    /// Bumped on every store change; IDLE and NOOP wait on it.
    pub changed: watch::Sender<u64>,
}

impl AccountEntry {
    pub fn new(account: Account) -> Self {
        AccountEntry {
            account,
            store: Store::new(),
            live_imap: 0,
            changed: watch::channel(0).0,
        }
    }

    /// Tells sessions watching this account that its store changed.
    pub fn notify(&self) {
        self.changed.send_replace(self.store.version());
    }
}

/// Everything that changes at run time.
#[derive(Debug)]
pub(crate) struct World {
    pub policy: PolicyState,
    /// Keyed by lower-cased address.
    pub accounts: BTreeMap<String, AccountEntry>,
    pub wire: WireStyle,
    /// Captured submissions, bounded ([`Options::max_messages`]).
    pub outbox: Ring<CapturedMessage>,
    /// Create accounts on first use (GreenMail-style open mode).
    pub open_mode: bool,
    /// Bumped by every reset, so a session of an earlier world cannot
    /// change this one's counters.
    pub generation: u64,
}

/// The world as the mock started (and the faults it started with), kept
/// by the handle so `MockHandle::reset` can restore it. Messages are
/// shared `Bytes`, so the copy costs the indexes, not the mail.
#[derive(Debug, Clone)]
pub(crate) struct Snapshot {
    policy: Policy,
    accounts: Vec<(String, Account, Store)>,
    wire: WireStyle,
    open_mode: bool,
    pub faults: Vec<Fault>,
}

impl World {
    /// A copy of the current state (taken at start, before any session).
    pub fn snapshot(&self, faults: Vec<Fault>) -> Snapshot {
        Snapshot {
            policy: self.policy.configured().clone(),
            accounts: self
                .accounts
                .iter()
                .map(|(k, e)| (k.clone(), e.account.clone(), e.store.clone()))
                .collect(),
            wire: self.wire.clone(),
            open_mode: self.open_mode,
            faults,
        }
    }

    /// A fresh world from a snapshot: no captures (kept up to
    /// `max_messages`), no live sessions, no policy change still
    /// propagating.
    pub fn restore(s: &Snapshot, generation: u64, max_messages: usize) -> World {
        World {
            policy: PolicyState::new(s.policy.clone()),
            accounts: s
                .accounts
                .iter()
                .map(|(k, a, store)| {
                    let mut e = AccountEntry::new(a.clone());
                    e.store = store.clone();
                    (k.clone(), e)
                })
                .collect(),
            wire: s.wire.clone(),
            outbox: Ring::new(max_messages),
            open_mode: s.open_mode,
            generation,
        }
    }

    /// An account's entry by user name (see [`World::key_for`]).
    pub fn entry(&self, username: &str) -> Option<&AccountEntry> {
        self.accounts.get(&self.key_for(username)?)
    }

    /// An account's entry by user name, to change it.
    pub fn entry_mut(&mut self, username: &str) -> Option<&mut AccountEntry> {
        let key = self.key_for(username)?;
        self.accounts.get_mut(&key)
    }

    /// Looks up an account by user name: the full address, case-insensitive;
    /// a bare local part means `@gmail.com`, as Gmail accepts.
    pub fn key_for(&self, username: &str) -> Option<String> {
        let lower = username.trim().to_ascii_lowercase();
        if self.accounts.contains_key(&lower) {
            return Some(lower);
        }
        if !lower.contains('@') {
            let g = format!("{lower}@gmail.com");
            if self.accounts.contains_key(&g) {
                return Some(g);
            }
        }
        None
    }
}

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

    fn with_rng<T>(&self, f: impl FnOnce(&mut fastrand::Rng) -> T) -> T {
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
    pub fn authenticate(
        &self,
        service: Service,
        username: &str,
        credential: Credential<'_>,
    ) -> (Decision, Option<String>) {
        let now = self.clock.now();
        let mut w = self.world();
        if w.open_mode && w.key_for(username).is_none() && username.contains('@') {
            let password = match credential {
                Credential::Password(p) => p.to_owned(),
                Credential::OAuthToken(_) => String::new(),
            };
            let mut account = Account::new(username.trim(), password);
            if let Credential::OAuthToken(t) = credential {
                account = account.with_oauth_token(t);
            }
            account.less_secure_toggle = true;
            let key = username.trim().to_ascii_lowercase();
            w.accounts.insert(key, AccountEntry::new(account));
        }
        if w.open_mode {
            // An account first created by a delivery has no password yet:
            // the first password typed becomes it.
            if let (Some(e), Credential::Password(p)) = (w.entry_mut(username), credential) {
                if e.account.password.expose().is_empty() {
                    e.account.password = gmail_wire::Secret::new(p.to_owned());
                    e.account.less_secure_toggle = true;
                }
            }
        }
        let policy = w.policy.for_attempt(now);
        let key = w.key_for(username);
        let entry = key.as_ref().and_then(|k| w.accounts.get(k));
        let decision = authenticate(
            entry.map(|e| &e.account),
            &policy,
            service,
            credential,
            entry.map(|e| e.live_imap).unwrap_or(0),
        );
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
    /// account it is addressed to, and the sender's Sent Mail (as Gmail does).
    pub fn deliver(
        &self,
        sender_key: &str,
        mail_from: &str,
        recipients: &[String],
        raw: Bytes,
    ) -> u64 {
        let now = self.wall_now();
        let mut w = self.world();
        let id = w.outbox.next_id();
        let sender_email = w
            .accounts
            .get(sender_key)
            .map(|e| e.account.email.clone())
            .unwrap_or_default();
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
                    w.accounts
                        .insert(k.clone(), AccountEntry::new(Account::new(r.as_str(), "")));
                    inbox_keys.insert(k);
                }
                None => {}
            }
        }
        if let Some(e) = w.accounts.get_mut(sender_key) {
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
