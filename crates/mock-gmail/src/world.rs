//! Everything that changes at run time ([`World`]): the admin's policy,
//! the accounts with their mailboxes and live counters, the wire style and
//! the captured submissions. It lives behind the one mutex of
//! [`crate::shared::Shared`]; decisions read it, then the caller applies
//! what they decided.

use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::Instant;

use crate::capture::CapturedMessage;
use crate::model::{Account, AccountKind, Policy, PolicyState};
use crate::oauth_state::OAuthState;
use crate::retention::Ring;
use crate::store::Store;
use crate::wire_style::WireStyle;

/// One account with its mail and live counters.
#[derive(Debug)]
pub(crate) struct AccountEntry {
    pub account: Account,
    pub store: Store,
    /// Authenticated IMAP sessions open on this mock.
    pub live_imap: u32,
    /// Bumped on every store change; IDLE and NOOP wait on it.
    pub changed: watch::Sender<u64>,
    /// When each message of the last 24 hours was sent (the daily limit's
    /// rolling window, on the mock's clock).
    sent: VecDeque<Instant>,
}

/// The most sent messages an account keeps track of: more than any Google
/// limit (Workspace: 2,000 a day), small enough for a timestamp each.
pub const MAX_SENT_TRACKED: u32 = 100_000;

/// Google's sending limits count a rolling day.
const DAY: Duration = Duration::from_secs(24 * 3600);

impl AccountEntry {
    /// A new entry as the mock starts (its clock is real time then).
    pub fn new(account: Account) -> Self {
        AccountEntry::new_at(account, Instant::now())
    }

    /// A new entry at `now` on the mock's clock: the account's
    /// `sent_last_24h` counts as sent at that moment.
    pub fn new_at(account: Account, now: Instant) -> Self {
        let mut e = AccountEntry {
            account,
            store: Store::new(),
            live_imap: 0,
            changed: watch::channel(0).0,
            sent: VecDeque::new(),
        };
        e.reseed_sent(now);
        e
    }

    /// Messages sent in the 24 hours before `now`; keeps the account's
    /// `sent_last_24h` equal to it, so the API and console show the live
    /// count.
    pub fn sent_in_last_day(&mut self, now: Instant) -> usize {
        if let Some(cutoff) = now.checked_sub(DAY) {
            while self.sent.front().is_some_and(|t| *t <= cutoff) {
                self.sent.pop_front();
            }
        }
        self.account.sent_last_24h = u32::try_from(self.sent.len()).unwrap_or(u32::MAX);
        self.sent.len()
    }

    /// Counts one sent message.
    ///
    /// Only the newest `limit` timestamps are kept (the account's daily
    /// limit, at most [`MAX_SENT_TRACKED`]): whether the limit is reached
    /// depends only on those — the oldest expire first — so memory stays
    /// bounded however long a mock runs, and the count shown is "at least
    /// the limit" once there.
    pub fn record_sent(&mut self, now: Instant) {
        let keep = crate::model::sending::daily_limit(&self.account).min(MAX_SENT_TRACKED) as usize;
        self.sent.push_back(now);
        while self.sent.len() > keep.max(1) {
            self.sent.pop_front();
        }
        self.account.sent_last_24h = u32::try_from(self.sent.len()).unwrap_or(u32::MAX);
    }

    /// After the account's `sent_last_24h` was set from outside (a
    /// scenario, the API): that many messages count as sent at `now`.
    pub fn reseed_sent(&mut self, now: Instant) {
        // One timestamp per message: bounded whatever a caller sets (the
        // builder and the API refuse more with a clear error).
        let n = (self.account.sent_last_24h as usize).min(MAX_SENT_TRACKED as usize);
        self.account.sent_last_24h = n as u32;
        if n != self.sent.len() {
            self.sent = std::iter::repeat_n(now, n).collect();
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
    /// The authorization server: OAuth clients, grants, tokens, codes.
    pub oauth: OAuthState,
    /// Bumped by every reset, so a session of an earlier world cannot
    /// change this one's counters.
    pub generation: u64,
}

impl World {
    /// The organisation's domains for the relay service: the policy's
    /// secondary and alias domains plus every Workspace account's own
    /// (its primary domain), lower-cased and without repeats.
    pub fn organisation_domains(&self, policy: &Policy) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let own = self
            .accounts
            .values()
            .filter(|e| e.account.kind() == AccountKind::Workspace)
            .map(|e| e.account.domain());
        for d in policy
            .domains
            .iter()
            .map(|d| d.to_ascii_lowercase())
            .chain(own)
        {
            if !d.is_empty() && !out.contains(&d) {
                out.push(d);
            }
        }
        out
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
