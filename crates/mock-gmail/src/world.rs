//! Everything that changes at run time ([`World`]): the admin's policy,
//! the accounts with their mailboxes and live counters, the wire style and
//! the captured submissions. It lives behind the one mutex of
//! [`crate::shared::Shared`]; decisions read it, then the caller applies
//! what they decided.

use std::collections::BTreeMap;

use tokio::sync::watch;

use crate::capture::CapturedMessage;
use crate::model::{Account, PolicyState};
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

impl World {
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
