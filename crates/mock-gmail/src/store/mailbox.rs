//! Folders (labels): their UIDs, and the admin commands on them (CREATE,
//! DELETE, RENAME, SUBSCRIBE).
//!
//! Gmail label names are case-insensitive (`Work` and `work` are one
//! label), nested with `/`, and may live under `[Gmail]/` (Gmail lists
//! user labels such as `[Gmail]/Receipts` there); the system folders can be
//! neither deleted nor renamed.

use std::collections::HashMap;

use super::Store;

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
    /// A system folder: cannot be deleted or renamed.
    pub system: bool,
    /// UIDVALIDITY.
    pub uid_validity: u32,
    /// The next UID to assign.
    pub uid_next: u32,
    /// Entries in UID order.
    pub entries: Vec<Entry>,
    /// In LSUB.
    pub subscribed: bool,
    /// X-GM-MSGID → UID, for O(1) membership.
    index: HashMap<u64, u32>,
}

impl Mailbox {
    pub(super) fn new(name: &str, special_use: Option<&'static str>, uid_validity: u32) -> Self {
        Mailbox {
            name: name.to_owned(),
            special_use,
            selectable: true,
            system: false,
            uid_validity,
            uid_next: 1,
            entries: Vec::new(),
            subscribed: true,
            index: HashMap::new(),
        }
    }

    /// Whether the message carries this label.
    pub fn contains(&self, msgid: u64) -> bool {
        self.index.contains_key(&msgid)
    }

    /// The message's UID here.
    pub fn uid_of(&self, msgid: u64) -> Option<u32> {
        self.index.get(&msgid).copied()
    }

    /// Files a message under the next UID (or returns its UID if present).
    pub(super) fn push(&mut self, msgid: u64) -> (u32, bool) {
        if let Some(uid) = self.index.get(&msgid) {
            return (*uid, false);
        }
        let uid = self.uid_next;
        self.uid_next += 1;
        self.entries.push(Entry { uid, msgid });
        self.index.insert(msgid, uid);
        (uid, true)
    }

    /// Empties the folder; `uid_next` stays, so UIDs are never reused
    /// under the same UIDVALIDITY (RFC 3501 §2.3.1.1).
    pub(super) fn clear(&mut self) {
        self.entries = Vec::new();
        self.index = HashMap::new();
    }

    /// Removes a message; returns whether it was here.
    pub(super) fn remove(&mut self, msgid: u64) -> bool {
        let Some(uid) = self.index.remove(&msgid) else {
            return false;
        };
        if let Ok(pos) = self.entries.binary_search_by_key(&uid, |e| e.uid) {
            self.entries.remove(pos);
        }
        true
    }
}

/// Why a folder command failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailboxError {
    /// The name (or, for RENAME, the target) is already taken.
    AlreadyExists,
    /// No such folder.
    NonExistent,
    /// A system folder cannot be deleted or renamed.
    System,
    /// An empty name or an empty hierarchy level (`a//b`).
    InvalidName,
}

impl Store {
    pub(super) fn create_system(&mut self, name: &str, su: Option<&'static str>) {
        let mut mb = Mailbox::new(name, su, self.take_uid_validity());
        mb.system = true;
        self.mailboxes.insert(name.to_owned(), mb);
    }

    fn take_uid_validity(&mut self) -> u32 {
        let v = self.next_uid_validity;
        self.next_uid_validity += 1;
        v
    }

    /// The stored name of a folder, matched case-insensitively (Gmail's
    /// labels are; `INBOX` is in IMAP too).
    pub fn resolve(&self, name: &str) -> Option<&str> {
        if let Some((k, _)) = self.mailboxes.get_key_value(name) {
            return Some(k.as_str());
        }
        self.mailboxes
            .keys()
            .find(|k| k.eq_ignore_ascii_case(name))
            .map(String::as_str)
    }

    pub(super) fn mailbox_mut(&mut self, name: &str) -> Option<&mut Mailbox> {
        let key = self.resolve(name)?.to_owned();
        self.mailboxes.get_mut(&key)
    }

    /// CREATE: a new user label, with any missing parents (RFC 3501 §6.3.3:
    /// the server SHOULD create superior names). A trailing `/` is dropped.
    pub fn create_mailbox(&mut self, name: &str) -> Result<(), MailboxError> {
        let name = valid_name(name)?;
        if self.resolve(name).is_some() {
            return Err(MailboxError::AlreadyExists);
        }
        let mut prefix = String::new();
        for part in name.split('/') {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(part);
            if self.resolve(&prefix).is_none() {
                let v = self.take_uid_validity();
                self.mailboxes
                    .insert(prefix.clone(), Mailbox::new(&prefix, None, v));
            }
        }
        self.version += 1;
        Ok(())
    }

    /// DELETE: removes a user label. Its messages lose the label and stay
    /// wherever else they are (at least in All Mail); nested labels stay.
    pub fn delete_mailbox(&mut self, name: &str) -> Result<(), MailboxError> {
        let key = self.resolve(name).ok_or(MailboxError::NonExistent)?;
        if self.mailboxes[key].system {
            return Err(MailboxError::System);
        }
        let key = key.to_owned();
        self.mailboxes.remove(&key);
        self.version += 1;
        Ok(())
    }

    /// RENAME: a user label and every label nested under it keep their
    /// messages, UIDs and UIDVALIDITY under the new name.
    pub fn rename_mailbox(&mut self, from: &str, to: &str) -> Result<(), MailboxError> {
        let to = valid_name(to)?;
        let key = self.resolve(from).ok_or(MailboxError::NonExistent)?;
        if self.mailboxes[key].system {
            return Err(MailboxError::System);
        }
        let key = key.to_owned();
        let child_prefix = format!("{key}/");
        if to.starts_with(&child_prefix) {
            return Err(MailboxError::InvalidName);
        }
        // A change of case only is a rename of the same label.
        if self.resolve(to).is_some_and(|k| k != key) {
            return Err(MailboxError::AlreadyExists);
        }
        let moving: Vec<String> = self
            .mailboxes
            .keys()
            .filter(|k| **k == key || k.starts_with(&child_prefix))
            .cloned()
            .collect();
        for old in moving {
            if let Some(mut mb) = self.mailboxes.remove(&old) {
                let new = format!("{to}{}", &old[key.len()..]);
                mb.name = new.clone();
                self.mailboxes.insert(new, mb);
            }
        }
        // Parents of the new name, as CREATE would make them.
        if let Some((parent, _)) = to.rsplit_once('/') {
            if self.resolve(parent).is_none() {
                self.create_mailbox(parent)?;
            }
        }
        self.version += 1;
        Ok(())
    }

    /// SUBSCRIBE / UNSUBSCRIBE.
    pub fn set_subscribed(&mut self, name: &str, on: bool) -> Result<(), MailboxError> {
        let mb = self.mailbox_mut(name).ok_or(MailboxError::NonExistent)?;
        mb.subscribed = on;
        Ok(())
    }
}

/// Checks a new folder name: not empty, no empty hierarchy level.
fn valid_name(name: &str) -> Result<&str, MailboxError> {
    let name = name.strip_suffix('/').unwrap_or(name);
    if name.is_empty() || name.split('/').any(|p| p.trim().is_empty()) {
        return Err(MailboxError::InvalidName);
    }
    Ok(name)
}
