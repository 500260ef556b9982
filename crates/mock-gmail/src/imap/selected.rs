//! The session's view of its selected mailbox.
//!
//! IMAP sequence numbers belong to the session: they change only when the
//! server tells the client (`* n EXPUNGE`, `* n EXISTS`). So the session
//! keeps its own snapshot of the folder's entries and flags and reconciles
//! it with the store when it may report changes, emitting one `EXISTS` per
//! batch of new messages (not one per message, and not again on the next
//! NOOP) as real servers do.

use std::collections::{BTreeSet, HashMap};

use gmail_wire::imap::{Code, Data, FetchValue, Response, SequenceSet, StatusKind};

use crate::responses::imap as text;
use crate::store::{Entry, Store};

/// A selected folder as this session knows it.
#[derive(Debug, Clone)]
pub(crate) struct Selected {
    pub name: String,
    pub read_only: bool,
    pub uid_validity: u32,
    /// Entries in sequence order (seq = index + 1).
    pub entries: Vec<Entry>,
    /// Flags last reported per message.
    pub flags: HashMap<u64, BTreeSet<String>>,
    /// Store version last reconciled.
    pub version: u64,
}

impl Selected {
    /// Opens `name` and returns the snapshot plus SELECT's untagged data, or
    /// `None` if the folder does not exist or cannot be selected.
    pub fn open(store: &Store, name: &str, read_only: bool) -> Option<(Selected, Vec<Response>)> {
        let mb = store.mailbox(name).filter(|m| m.selectable)?;
        let flags: HashMap<u64, BTreeSet<String>> = mb
            .entries
            .iter()
            .filter_map(|e| store.message(e.msgid).map(|m| (e.msgid, m.flags.clone())))
            .collect();
        let first_unseen = mb
            .entries
            .iter()
            .position(|e| flags.get(&e.msgid).is_some_and(|f| !f.contains("\\Seen")))
            .map(|p| p as u32 + 1);
        let sel = Selected {
            name: mb.name.clone(),
            read_only,
            uid_validity: mb.uid_validity,
            entries: mb.entries.clone(),
            flags,
            version: store.version(),
        };
        let flag_list: Vec<String> = text::FLAGS.iter().map(|s| (*s).to_owned()).collect();
        let mut perm = flag_list.clone();
        perm.push("\\*".to_owned());
        let mut out = vec![
            Response::Data(Data::Flags(flag_list)),
            text::untagged(
                StatusKind::Ok,
                Some(Code::PermanentFlags(if read_only {
                    Vec::new()
                } else {
                    perm
                })),
                "Flags permitted.",
            ),
            text::untagged(
                StatusKind::Ok,
                Some(Code::UidValidity(mb.uid_validity)),
                "UIDs valid.",
            ),
            Response::Data(Data::Exists(mb.entries.len() as u32)),
            Response::Data(Data::Recent(0)),
            text::untagged(
                StatusKind::Ok,
                Some(Code::UidNext(mb.uid_next)),
                "Predicted next UID.",
            ),
        ];
        if let Some(u) = first_unseen {
            out.insert(
                5,
                text::untagged(
                    StatusKind::Ok,
                    Some(Code::Unseen(u)),
                    format!("Message {u} is first unseen"),
                ),
            );
        }
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
        if store.version() == self.version {
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
            let mut i = 0;
            while i < self.entries.len() {
                let e = self.entries[i];
                if mb.entries.binary_search_by_key(&e.uid, |x| x.uid).is_err() {
                    self.entries.remove(i);
                    self.flags.remove(&e.msgid);
                    out.push(Response::Data(Data::Expunge(i as u32 + 1)));
                } else {
                    i += 1;
                }
            }
        }
        let max = self.max_uid();
        let before = self.entries.len();
        for e in mb.entries.iter().filter(|e| e.uid > max) {
            self.entries.push(*e);
            if let Some(m) = store.message(e.msgid) {
                self.flags.insert(e.msgid, m.flags.clone());
            }
        }
        // Flag changes made by other sessions, for messages already known.
        for (i, e) in self.entries[..before].iter().enumerate() {
            if let Some(m) = store.message(e.msgid) {
                if self.flags.get(&e.msgid) != Some(&m.flags) {
                    self.flags.insert(e.msgid, m.flags.clone());
                    out.push(Response::Data(Data::Fetch {
                        seq: i as u32 + 1,
                        items: vec![
                            FetchValue::Uid(e.uid),
                            FetchValue::Flags(m.flags.iter().cloned().collect()),
                        ],
                    }));
                }
            }
        }
        if self.entries.len() != before {
            out.push(Response::Data(Data::Exists(self.entries.len() as u32)));
        }
        if allow_expunge || self.entries.len() == mb.entries.len() {
            self.version = store.version();
        }
        out
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
