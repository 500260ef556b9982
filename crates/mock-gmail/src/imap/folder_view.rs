//! The session's view of its selected mailbox.
//!
//! IMAP sequence numbers belong to the session: they change only when the
//! server tells the client (`* n EXPUNGE`, `* n EXISTS`). So the session
//! keeps its own list of the folder's entries and reconciles it with the
//! store when it may report changes, emitting one `EXISTS` per batch of
//! new messages (not one per message, and not again on the next NOOP) as
//! real servers do. Flag changes are found by the store version stamped on
//! each message, so a session holds 16 bytes per message, never a copy of
//! flags or bytes.

use std::collections::HashMap;

use gmail_wire::imap::{Data, FetchValue, Response, SequenceSet};

use crate::responses::imap as text;
use crate::store::{Entry, Store};

/// A selected folder as this session knows it.
#[derive(Debug, Clone)]
pub(crate) struct FolderView {
    pub name: String,
    pub read_only: bool,
    pub uid_validity: u32,
    /// Entries in sequence order (seq = index + 1).
    pub entries: Vec<Entry>,
    /// Store version up to which membership is reconciled.
    pub version: u64,
    /// Store version up to which flag changes have been reported.
    flags_seen: u64,
    /// Flag changes this session reported itself (STORE, FETCH setting
    /// `\Seen`): X-GM-MSGID → the message's `flags_changed` then.
    own: HashMap<u64, u64>,
}

impl FolderView {
    /// Opens `name` and returns the snapshot plus SELECT's untagged data, or
    /// `None` if the folder does not exist or cannot be selected.
    pub fn open(store: &Store, name: &str, read_only: bool) -> Option<(FolderView, Vec<Response>)> {
        let mb = store.mailbox(name).filter(|m| m.selectable)?;
        let first_unseen = mb
            .entries
            .iter()
            .position(|e| {
                store
                    .message(e.msgid)
                    .is_some_and(|m| !m.flags.contains("\\Seen"))
            })
            .map(|p| p as u32 + 1);
        let sel = FolderView {
            name: mb.name.clone(),
            read_only,
            uid_validity: mb.uid_validity,
            entries: mb.entries.clone(),
            version: store.version(),
            flags_seen: store.version(),
            own: HashMap::new(),
        };
        let out = text::select_data(
            read_only,
            mb.uid_validity,
            mb.entries.len() as u32,
            first_unseen,
            mb.uid_next,
        );
        Some((sel, out))
    }

    /// The largest UID known to the session (for `*` in UID sets).
    pub fn max_uid(&self) -> u32 {
        self.entries.last().map(|e| e.uid).unwrap_or(0)
    }

    /// Resolves a sequence or UID set to `(seq, entry)` pairs in order.
    pub fn resolve(&self, set: &SequenceSet, uid: bool) -> Vec<(u32, Entry)> {
        let count = self.entries.len() as u32;
        let max_uid = self.max_uid();
        self.entries
            .iter()
            .enumerate()
            .filter(|(i, e)| {
                if uid {
                    set.contains(e.uid, max_uid) || uid_star_matches_last(set, e.uid, max_uid)
                } else {
                    set.contains(*i as u32 + 1, count)
                }
            })
            .map(|(i, e)| (i as u32 + 1, *e))
            .collect()
    }

    /// Reconciles with the store. `allow_expunge` is false during FETCH,
    /// STORE and SEARCH by sequence number (RFC 3501 §7.4.1 forbids
    /// EXPUNGE responses then).
    pub fn refresh(&mut self, store: &Store, allow_expunge: bool) -> Vec<Response> {
        if store.version() == self.version && store.version() == self.flags_seen {
            return Vec::new();
        }
        // A folder that was deleted and re-created under the same name has
        // a new UIDVALIDITY: its UIDs are not the ones this snapshot knows,
        // so there is nothing to reconcile.
        let Some(mb) = store
            .mailbox(&self.name)
            .filter(|m| m.uid_validity == self.uid_validity)
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        if allow_expunge {
            let mut kept = Vec::with_capacity(self.entries.len());
            for e in &self.entries {
                if mb.uid_of(e.msgid) == Some(e.uid) {
                    kept.push(*e);
                } else {
                    // Its number now: the entries kept before it, plus one.
                    out.push(Response::Data(Data::Expunge(kept.len() as u32 + 1)));
                }
            }
            self.entries = kept;
        }
        // Flag changes made elsewhere, for messages the client knows.
        for (i, e) in self.entries.iter().enumerate() {
            let Some(m) = store.message(e.msgid) else {
                continue;
            };
            if m.flags_changed > self.flags_seen && self.own.get(&e.msgid) != Some(&m.flags_changed)
            {
                out.push(Response::Data(Data::Fetch {
                    seq: i as u32 + 1,
                    items: vec![
                        FetchValue::Uid(e.uid),
                        FetchValue::Flags(m.flags.iter().cloned().collect()),
                    ],
                }));
            }
        }
        self.flags_seen = store.version();
        self.own.clear();
        let max = self.max_uid();
        let before = self.entries.len();
        self.entries
            .extend(mb.entries.iter().filter(|e| e.uid > max).copied());
        if self.entries.len() != before {
            out.push(Response::Data(Data::Exists(self.entries.len() as u32)));
        }
        if allow_expunge || self.entries.len() == mb.entries.len() {
            self.version = store.version();
        }
        out
    }

    /// Notes that this session has just reported `msgid`'s current flags
    /// itself, so [`FolderView::refresh`] does not report them again.
    pub fn reported_flags(&mut self, store: &Store, msgid: u64) {
        if let Some(m) = store.message(msgid) {
            self.own.insert(msgid, m.flags_changed);
        }
    }
}

/// RFC 3501 §6.4.8: in a UID range `n:*`, `*` is the largest UID in use,
/// so `UID FETCH 100:*` with max UID 50 still returns the last message.
fn uid_star_matches_last(set: &SequenceSet, uid: u32, max_uid: u32) -> bool {
    use gmail_wire::imap::SeqNum;
    uid == max_uid
        && set
            .0
            .iter()
            .any(|r| matches!(r.end, Some(SeqNum::Largest)) || matches!(r.start, SeqNum::Largest))
}
