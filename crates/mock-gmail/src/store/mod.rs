//! One account's mail, with Gmail's label semantics.
//!
//! Gmail stores each message once; IMAP folders are labels. A message
//! appears in every folder whose label it carries, with a separate UID per
//! folder, and `[Gmail]/All Mail` holds every message that is not in Trash
//! or Spam. The store therefore keeps messages by their X-GM-MSGID and, per
//! folder, the ordered list of `(uid, msgid)` entries.
//!
//! Message bytes are [`Bytes`]: sessions and FETCH responses share them
//! without copying.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use bytes::Bytes;
use chrono::{DateTime, FixedOffset};

/// Gmail's folder names.
pub mod names {
    /// The inbox.
    pub const INBOX: &str = "INBOX";
    /// The non-selectable parent of the system folders.
    pub const GMAIL: &str = "[Gmail]";
    /// Every message not in Trash or Spam.
    pub const ALL_MAIL: &str = "[Gmail]/All Mail";
    /// Drafts.
    pub const DRAFTS: &str = "[Gmail]/Drafts";
    /// Important.
    pub const IMPORTANT: &str = "[Gmail]/Important";
    /// Sent Mail.
    pub const SENT: &str = "[Gmail]/Sent Mail";
    /// Spam.
    pub const SPAM: &str = "[Gmail]/Spam";
    /// Starred (mirrors `\Flagged`).
    pub const STARRED: &str = "[Gmail]/Starred";
    /// Trash.
    pub const TRASH: &str = "[Gmail]/Trash";
}

/// A stored message.
#[derive(Debug, Clone)]
pub struct Message {
    /// X-GM-MSGID.
    pub msgid: u64,
    /// X-GM-THRID.
    pub thrid: u64,
    /// The exact bytes.
    pub raw: Bytes,
    /// INTERNALDATE.
    pub internal_date: DateTime<FixedOffset>,
    /// IMAP flags (shared across folders, as on Gmail).
    pub flags: BTreeSet<String>,
}

/// One entry of a folder: a message under a folder-specific UID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The UID in this folder.
    pub uid: u32,
    /// The message.
    pub msgid: u64,
}

/// A folder (label).
#[derive(Debug, Clone)]
pub struct Mailbox {
    /// Full name, e.g. `[Gmail]/Sent Mail`.
    pub name: String,
    /// RFC 6154 attribute (`\Sent`, `\All`, …).
    pub special_use: Option<&'static str>,
    /// Selectable (`[Gmail]` itself is not).
    pub selectable: bool,
    /// UIDVALIDITY.
    pub uid_validity: u32,
    /// The next UID to assign.
    pub uid_next: u32,
    /// Entries in UID order.
    pub entries: Vec<Entry>,
    /// In LSUB.
    pub subscribed: bool,
}

impl Mailbox {
    fn new(name: &str, special_use: Option<&'static str>, uid_validity: u32) -> Self {
        Mailbox {
            name: name.to_owned(),
            special_use,
            selectable: true,
            uid_validity,
            uid_next: 1,
            entries: Vec::new(),
            subscribed: true,
        }
    }
}

/// An account's mail store.
#[derive(Debug, Clone)]
pub struct Store {
    messages: HashMap<u64, Message>,
    mailboxes: BTreeMap<String, Mailbox>,
    next_msgid: u64,
    next_uid_validity: u32,
    /// Bumped on every change; sessions compare it to know when to look.
    version: u64,
}

/// Gmail's message ids are large 64-bit numbers; start in that range so
/// clients that store them as strings or i64 see realistic values.
const FIRST_MSGID: u64 = 1_700_000_000_000_000_000;

impl Default for Store {
    fn default() -> Self {
        Store::new()
    }
}

impl Store {
    /// An empty mailbox with Gmail's system folders.
    pub fn new() -> Self {
        let mut s = Store {
            messages: HashMap::new(),
            mailboxes: BTreeMap::new(),
            next_msgid: FIRST_MSGID,
            next_uid_validity: 1,
            version: 0,
        };
        s.create_system(names::INBOX, None);
        s.create_system(names::GMAIL, None);
        if let Some(g) = s.mailboxes.get_mut(names::GMAIL) {
            g.selectable = false;
        }
        for (name, su) in [
            (names::ALL_MAIL, "\\All"),
            (names::DRAFTS, "\\Drafts"),
            (names::IMPORTANT, "\\Important"),
            (names::SENT, "\\Sent"),
            (names::SPAM, "\\Junk"),
            (names::STARRED, "\\Flagged"),
            (names::TRASH, "\\Trash"),
        ] {
            s.create_system(name, Some(su));
        }
        s
    }

    fn create_system(&mut self, name: &str, su: Option<&'static str>) {
        let v = self.next_uid_validity;
        self.next_uid_validity += 1;
        self.mailboxes
            .insert(name.to_owned(), Mailbox::new(name, su, v));
    }

    /// The change counter.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// All folders in name order (INBOX first, as Gmail lists it).
    pub fn mailboxes(&self) -> impl Iterator<Item = &Mailbox> {
        self.mailboxes
            .get(names::INBOX)
            .into_iter()
            .chain(self.mailboxes.values().filter(|m| m.name != names::INBOX))
    }

    /// A folder by name (`INBOX` is case-insensitive).
    pub fn mailbox(&self, name: &str) -> Option<&Mailbox> {
        if name.eq_ignore_ascii_case(names::INBOX) {
            return self.mailboxes.get(names::INBOX);
        }
        self.mailboxes.get(name)
    }

    /// A message by X-GM-MSGID.
    pub fn message(&self, msgid: u64) -> Option<&Message> {
        self.messages.get(&msgid)
    }

    /// Mutable access to a message's flags; bumps the version.
    pub fn message_mut(&mut self, msgid: u64) -> Option<&mut Message> {
        self.version += 1;
        self.messages.get_mut(&msgid)
    }

    /// Stores a new message and files it in `folders` (and in All Mail,
    /// unless it goes to Trash or Spam). Returns its X-GM-MSGID.
    pub fn insert(
        &mut self,
        raw: Bytes,
        internal_date: DateTime<FixedOffset>,
        flags: BTreeSet<String>,
        folders: &[&str],
    ) -> u64 {
        let msgid = self.next_msgid;
        self.next_msgid += 1;
        self.messages.insert(
            msgid,
            Message {
                msgid,
                thrid: msgid,
                raw,
                internal_date,
                flags,
            },
        );
        let hidden = folders
            .iter()
            .any(|f| *f == names::TRASH || *f == names::SPAM);
        if !hidden {
            self.add_label(names::ALL_MAIL, msgid);
        }
        for f in folders {
            self.add_label(f, msgid);
        }
        self.version += 1;
        msgid
    }

    /// Files `msgid` in folder `name` under a new UID (no-op if present).
    /// Returns the UID, or `None` if the folder does not exist.
    pub fn add_label(&mut self, name: &str, msgid: u64) -> Option<u32> {
        let key = if name.eq_ignore_ascii_case(names::INBOX) {
            names::INBOX
        } else {
            name
        };
        let mb = self.mailboxes.get_mut(key)?;
        if let Some(e) = mb.entries.iter().find(|e| e.msgid == msgid) {
            return Some(e.uid);
        }
        let uid = mb.uid_next;
        mb.uid_next += 1;
        mb.entries.push(Entry { uid, msgid });
        self.version += 1;
        Some(uid)
    }

    /// Number of messages in a folder and of those without `\Seen`.
    pub fn counts(&self, name: &str) -> Option<(u32, u32)> {
        let mb = self.mailbox(name)?;
        let unseen = mb
            .entries
            .iter()
            .filter(|e| {
                self.messages
                    .get(&e.msgid)
                    .is_some_and(|m| !m.flags.contains("\\Seen"))
            })
            .count();
        Some((mb.entries.len() as u32, unseen as u32))
    }

    /// Total bytes stored (for QUOTA).
    pub fn total_bytes(&self) -> u64 {
        self.messages.values().map(|m| m.raw.len() as u64).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2020-06-01T10:00:00+02:00").unwrap()
    }

    #[test]
    fn labels_and_uids() {
        let mut s = Store::new();
        let a = s.insert(
            Bytes::from_static(b"a"),
            date(),
            BTreeSet::new(),
            &[names::INBOX],
        );
        let b = s.insert(
            Bytes::from_static(b"b"),
            date(),
            BTreeSet::new(),
            &[names::SENT],
        );
        assert_eq!(
            s.mailbox("inbox").unwrap().entries,
            vec![Entry { uid: 1, msgid: a }]
        );
        assert_eq!(
            s.mailbox(names::SENT).unwrap().entries,
            vec![Entry { uid: 1, msgid: b }]
        );
        let all: Vec<_> = s
            .mailbox(names::ALL_MAIL)
            .unwrap()
            .entries
            .iter()
            .map(|e| (e.uid, e.msgid))
            .collect();
        assert_eq!(all, vec![(1, a), (2, b)]);
        assert_eq!(s.add_label(names::INBOX, a), Some(1));
        assert_eq!(s.counts(names::INBOX), Some((1, 1)));
        let t = s.insert(
            Bytes::from_static(b"t"),
            date(),
            BTreeSet::new(),
            &[names::TRASH],
        );
        assert!(!s
            .mailbox(names::ALL_MAIL)
            .unwrap()
            .entries
            .iter()
            .any(|e| e.msgid == t));
    }
}
