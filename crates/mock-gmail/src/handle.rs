//! The running mock: addresses, CA, captured mail, transcripts, and the
//! controls an admin or user would use (change policy and settings), plus
//! `shutdown()`.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::error::Error;
use crate::model::{Account, Policy};
use crate::retention::Retention;
use crate::shared::{AccountEntry, CapturedMessage, Shared, Snapshot};
use crate::store::names;
use crate::transcript::Transcript;

/// The listener addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Addrs {
    /// IMAP over TLS.
    pub imaps: SocketAddr,
    /// IMAP with STARTTLS.
    pub imap: SocketAddr,
    /// SMTP over TLS.
    pub smtps: SocketAddr,
    /// SMTP submission with STARTTLS.
    pub submission: SocketAddr,
    /// The SMTP relay service (smtp-relay.gmail.com), with STARTTLS.
    pub smtp_relay: SocketAddr,
}

/// What [`MockHandle::captures`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Captures {
    /// Captured submissions ([`MockHandle::messages`]).
    pub messages: Retention,
    /// Connection transcripts ([`MockHandle::transcripts`]).
    pub transcripts: Retention,
}

/// A running mock. Dropping it stops the listeners (without waiting);
/// call [`MockHandle::shutdown`] to wait for every task.
#[derive(Debug)]
pub struct MockHandle {
    shared: Arc<Shared>,
    addrs: Addrs,
    token: CancellationToken,
    tracker: TaskTracker,
    /// The state at start, for [`MockHandle::reset`].
    initial: Snapshot,
}

impl MockHandle {
    pub(crate) fn new(
        shared: Arc<Shared>,
        addrs: Addrs,
        token: CancellationToken,
        tracker: TaskTracker,
        initial: Snapshot,
    ) -> Self {
        MockHandle {
            shared,
            addrs,
            token,
            tracker,
            initial,
        }
    }

    pub(crate) fn shared(&self) -> &Shared {
        &self.shared
    }

    /// Every listener's address.
    pub fn addrs(&self) -> Addrs {
        self.addrs
    }

    /// IMAP over TLS.
    pub fn imaps_addr(&self) -> SocketAddr {
        self.addrs.imaps
    }

    /// IMAP with STARTTLS.
    pub fn imap_addr(&self) -> SocketAddr {
        self.addrs.imap
    }

    /// SMTP over TLS.
    pub fn smtps_addr(&self) -> SocketAddr {
        self.addrs.smtps
    }

    /// SMTP submission with STARTTLS.
    pub fn submission_addr(&self) -> SocketAddr {
        self.addrs.submission
    }

    /// The SMTP relay service (smtp-relay.gmail.com), with STARTTLS.
    pub fn smtp_relay_addr(&self) -> SocketAddr {
        self.addrs.smtp_relay
    }

    /// The CA certificate (PEM) clients must trust.
    pub fn ca_pem(&self) -> &str {
        &self.shared.ca_pem
    }

    /// Writes the CA certificate to `path`.
    pub fn write_ca(&self, path: &Path) -> Result<(), Error> {
        std::fs::write(path, self.ca_pem()).map_err(|source| Error::WriteFile {
            path: path.display().to_string(),
            source,
        })
    }

    /// Messages accepted over SMTP, oldest first: the newest
    /// [`crate::Options::max_messages`] of them (see [`Self::captures`]).
    pub fn messages(&self) -> Vec<CapturedMessage> {
        self.shared.world().outbox.iter().cloned().collect()
    }

    /// Transcripts of the connections (redacted), oldest first: the newest
    /// [`crate::Options::max_transcripts`] of them.
    pub fn transcripts(&self) -> Vec<Transcript> {
        self.shared.transcripts.snapshot()
    }

    /// How many captured messages and transcripts are kept, their bounds,
    /// and how many of each were dropped as the oldest, so a test (or the
    /// API) can tell "never sent" from "sent, then dropped".
    pub fn captures(&self) -> Captures {
        Captures {
            messages: self.shared.world().outbox.retention(),
            transcripts: self.shared.transcripts.retention(),
        }
    }

    /// Forgets transcripts and captured messages and their drop counts
    /// (between test cases). Mailboxes are untouched: see
    /// [`Self::clear_mailbox`].
    pub fn clear_captures(&self) {
        self.shared.transcripts.clear();
        self.shared.world().outbox.clear();
    }

    /// Deletes every message in an account's mailbox for ever (all
    /// folders; the folders themselves stay, and UIDs are not reused).
    /// Mail is not a capture and is never dropped on its own, as on
    /// Gmail; a suite that runs for days calls this (or
    /// [`Self::reset`]) between test cases. Open IMAP sessions see the
    /// messages expunged. Returns how many messages were deleted.
    pub fn clear_mailbox(&self, email: &str) -> Result<usize, Error> {
        let mut w = self.shared.world();
        let entry = w
            .entry_mut(email)
            .ok_or_else(|| Error::NoSuchAccount(email.to_owned()))?;
        let n = entry.store.delete_all();
        entry.notify();
        Ok(n)
    }

    /// The policy as the admin console shows it (latest saved).
    pub fn policy(&self) -> Policy {
        self.shared.world().policy.configured().clone()
    }

    /// The policy the servers enforce right now (may lag while changes
    /// propagate).
    pub fn effective_policy(&self) -> Policy {
        let now = self.shared.clock.now();
        self.shared.world().policy.effective(now).clone()
    }

    /// Whether saved policy changes are still on their way to the servers
    /// (see [`crate::Propagation`]).
    pub fn policy_propagating(&self) -> bool {
        let now = self.shared.clock.now();
        let mut w = self.shared.world();
        w.policy.effective(now);
        w.policy.is_propagating()
    }

    /// The admin saves a new policy (subject to propagation).
    pub fn set_policy(&self, policy: Policy) {
        let now = self.shared.clock.now();
        self.shared.world().policy.set(policy, now);
    }

    /// Edits the policy in place as the Admin console of the policy's date
    /// allows (subject to propagation): a change that console would not
    /// offer (less secure apps for a domain that never used them, between
    /// 2024-06-15 and 2024-09-29) is refused and nothing changes.
    pub fn try_update_policy(&self, f: impl FnOnce(&mut Policy)) -> Result<(), Error> {
        let mut p = self.policy();
        f(&mut p);
        let now = self.shared.clock.now();
        self.shared.world().policy.try_set(p, now)
    }

    /// Edits the policy in place (subject to propagation). Unchecked: see
    /// [`MockHandle::try_update_policy`] for the console's own limits.
    pub fn update_policy(&self, f: impl FnOnce(&mut Policy)) {
        let mut p = self.policy();
        f(&mut p);
        self.set_policy(p);
    }

    /// A copy of an account's settings.
    pub fn account(&self, email: &str) -> Option<Account> {
        let now = self.shared.clock.now();
        let mut w = self.shared.world();
        let e = w.entry_mut(email)?;
        e.sent_in_last_day(now);
        Some(e.account.clone())
    }

    /// All accounts.
    pub fn accounts(&self) -> Vec<Account> {
        let now = self.shared.clock.now();
        self.shared
            .world()
            .accounts
            .values_mut()
            .map(|e| {
                e.sent_in_last_day(now);
                e.account.clone()
            })
            .collect()
    }

    /// Changes an account's settings (what the user does in their Google
    /// Account). Takes effect at once.
    pub fn update_account(&self, email: &str, f: impl FnOnce(&mut Account)) -> Result<(), Error> {
        let now = self.shared.clock.now();
        let mut w = self.shared.world();
        let entry = w
            .entry_mut(email)
            .ok_or_else(|| Error::NoSuchAccount(email.to_owned()))?;
        entry.sent_in_last_day(now);
        let before = entry.account.password.expose().clone();
        f(&mut entry.account);
        entry.reseed_sent(now);
        let changed = *entry.account.password.expose() != before;
        let email = entry.account.email.clone();
        if changed {
            // Google revokes the OAuth grants holding Gmail scopes when
            // the password changes (support.google.com/accounts/answer/
            // 3466521: "you change your password … apps with access to
            // Gmail").
            w.oauth.password_changed(&email);
        }
        Ok(())
    }

    /// Adds (or replaces the settings of) an account.
    pub fn add_account(&self, account: Account) {
        let key = account.email.to_ascii_lowercase();
        let now = self.shared.clock.now();
        let mut w = self.shared.world();
        match w.accounts.get_mut(&key) {
            Some(e) => {
                let changed = e.account.password != account.password;
                e.account = account;
                e.reseed_sent(now);
                if changed {
                    w.oauth.password_changed(&key);
                }
            }
            None => {
                w.accounts.insert(key, AccountEntry::new_at(account, now));
            }
        }
    }

    /// Puts a message in an account's INBOX as if it had arrived from
    /// outside; returns its X-GM-MSGID.
    pub fn deliver(&self, email: &str, raw: impl Into<Bytes>) -> Result<u64, Error> {
        let now = self.shared.wall_now();
        let mut w = self.shared.world();
        let entry = w
            .entry_mut(email)
            .ok_or_else(|| Error::NoSuchAccount(email.to_owned()))?;
        let id = entry
            .store
            .insert(raw.into(), now, BTreeSet::new(), &[names::INBOX]);
        entry.notify();
        Ok(id)
    }

    /// The exact bytes of every message in a folder of an account, in UID
    /// order (for assertions).
    pub fn mailbox_messages(&self, email: &str, mailbox: &str) -> Result<Vec<Bytes>, Error> {
        let w = self.shared.world();
        let store = &w
            .entry(email)
            .ok_or_else(|| Error::NoSuchAccount(email.to_owned()))?
            .store;
        Ok(store
            .mailbox(mailbox)
            .map(|m| {
                m.entries
                    .iter()
                    .filter_map(|e| store.message(e.msgid).map(|m| m.raw.clone()))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Number of authenticated IMAP sessions an account has open here.
    pub fn live_imap_sessions(&self, email: &str) -> u32 {
        let w = self.shared.world();
        w.entry(email).map(|e| e.live_imap).unwrap_or(0)
    }

    /// Injects faults (server or network misbehaviour); new connections see
    /// them. An empty list clears them.
    pub fn set_faults(&self, faults: Vec<crate::model::faults::Fault>) {
        self.shared.set_faults(faults);
    }

    /// The faults in force.
    pub fn faults(&self) -> Vec<crate::model::faults::Fault> {
        self.shared.faults()
    }

    /// Moves the mock's clock forward (policy propagation, throttling).
    pub fn advance(&self, by: Duration) {
        self.shared.clock.advance(by);
    }

    /// Puts the mock back as it started, between test cases: the policy,
    /// accounts, mailboxes and wire texts of the builder, the faults it
    /// started with, no captured messages or transcripts (and no drop
    /// counts), mail delivered since the start deleted, and the clock
    /// back to real time. Connections open at the time are closed (IMAP
    /// clients get `* BYE`), since the state they served is gone; the
    /// listeners, ports and CA stay.
    pub fn reset(&self) {
        self.shared.reset(&self.initial);
    }

    /// Stops accepting, closes sessions (IMAP clients get `* BYE`), and
    /// waits for every task to finish.
    pub async fn shutdown(self) {
        self.token.cancel();
        self.tracker.close();
        self.tracker.wait().await;
    }
}

impl Drop for MockHandle {
    fn drop(&mut self) {
        self.token.cancel();
    }
}
