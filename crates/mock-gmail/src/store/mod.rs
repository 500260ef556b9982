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
//!
//! # Layout
//! - `mailbox`: folders, UIDs, CREATE / DELETE / RENAME / SUBSCRIBE.
//! - `labels`: adding and removing labels, `\Flagged` ↔ Starred, Trash and
//!   Spam, EXPUNGE, X-GM-LABELS.
//! - `thread`: X-GM-THRID.
//! - [`header`]: the few header fields threading and SEARCH read.
//!
//! # Choices where Gmail's behaviour is not public
//! - `\Recent` is never set: Gmail reports `0 RECENT` on every SELECT, so
//!   `RECENT`/`NEW` match nothing and `OLD` everything.
//! - Flags are per message (shared by every folder), as on Gmail; an
//!   expunge clears `\Deleted` on what remains of the message.
//! - X-GM-LABELS leaves out the selected folder's label for every folder
//!   but All Mail; public sources show it for INBOX and user labels only
//!   (`labels.rs`, `gm_labels_seen_from`).
//! - UIDVALIDITY comes from a per-account counter: system folders get
//!   1…9 in creation order, each new label the next number, so a label
//!   deleted and re-created has a new UIDVALIDITY.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use bytes::Bytes;
use chrono::{DateTime, FixedOffset};

pub mod header;
mod labels;
mod mailbox;
mod thread;

pub use mailbox::{names, Entry, Mailbox, MailboxError};
pub use thread::normalize_subject;

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
    /// IMAP flags (shared across folders, as on Gmail). Change them with
    /// [`Store::set_flags`], which keeps Starred in step.
    pub flags: BTreeSet<String>,
    /// The store version at which the flags last changed (0: never).
    /// Sessions report flag changes newer than what they last saw, without
    /// keeping a copy of every message's flags.
    pub flags_changed: u64,
}

/// An account's mail store.
#[derive(Debug, Clone)]
pub struct Store {
    messages: HashMap<u64, Message>,
    mailboxes: BTreeMap<String, Mailbox>,
    threads: thread::Threads,
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
            threads: thread::Threads::default(),
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

    /// A folder by name (case-insensitive, like Gmail's labels).
    pub fn mailbox(&self, name: &str) -> Option<&Mailbox> {
        self.mailboxes.get(self.resolve(name)?)
    }

    /// A message by X-GM-MSGID.
    pub fn message(&self, msgid: u64) -> Option<&Message> {
        self.messages.get(&msgid)
    }

    /// Stores a new message and files it in `folders` with Gmail's label
    /// rules (so also in All Mail unless it goes to Trash or Spam, and in
    /// Starred if flagged). Folders that do not exist are skipped. Returns
    /// its X-GM-MSGID.
    pub fn insert(
        &mut self,
        raw: Bytes,
        internal_date: DateTime<FixedOffset>,
        flags: BTreeSet<String>,
        folders: &[&str],
    ) -> u64 {
        let msgid = self.next_msgid;
        self.next_msgid += 1;
        let thrid = self.threads.assign(msgid, &raw);
        let flagged = flags.contains("\\Flagged");
        self.messages.insert(
            msgid,
            Message {
                msgid,
                thrid,
                raw,
                internal_date,
                flags,
                flags_changed: 0,
            },
        );
        if !folders
            .iter()
            .any(|f| *f == names::TRASH || *f == names::SPAM)
        {
            self.add_label(names::ALL_MAIL, msgid);
            if flagged {
                self.add_label(names::STARRED, msgid);
            }
        }
        for f in folders {
            self.add_label(f, msgid);
        }
        self.version += 1;
        msgid
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
mod tests;
