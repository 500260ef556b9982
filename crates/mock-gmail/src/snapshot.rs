//! The world as the mock started ([`Snapshot`]), so `MockHandle::reset`
//! can put everything back without restarting listeners.

use crate::model::faults::Fault;
use crate::model::{Account, Policy, PolicyState};
use crate::retention::Ring;
use crate::store::Store;
use crate::wire_style::WireStyle;
use crate::world::{AccountEntry, World};

/// The world as the mock started (and the faults it started with), kept
/// by the handle so `MockHandle::reset` can restore it. Messages are
/// shared `Bytes`, so the copy costs the indexes, not the mail.
#[derive(Debug, Clone)]
pub(crate) struct Snapshot {
    policy: Policy,
    accounts: Vec<(String, Account, Store)>,
    wire: WireStyle,
    open_mode: bool,
    oauth: crate::oauth_state::OAuthState,
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
            oauth: self.oauth.durable(),
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
            oauth: s.oauth.durable(),
            generation,
        }
    }
}
