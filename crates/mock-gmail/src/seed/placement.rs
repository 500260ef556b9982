//! Where a seeded message goes and with which flags, and filing it.
//!
//! By default a seeded message is new mail: in INBOX (and so All Mail),
//! unread. A message exported by Google Takeout carries its Gmail state in
//! an `X-Gmail-Labels` header (`Inbox,Important,Opened,Category Updates,
//! Kunden/2020`); that state is restored, so a Takeout mbox seeds the
//! mailbox it came from:
//!
//! | label | effect |
//! |---|---|
//! | `Inbox`, `Sent`, `Drafts`, `Important`, `Spam`, `Trash` | that system folder (`Drafts` also sets `\Draft`) |
//! | `Starred` | `\Flagged` (so also `[Gmail]/Starred`) |
//! | `Unread` | no `\Seen`; without it the message is read, as Takeout marks only unread mail |
//! | `Opened`, `Archived`, `Chat`, `Category …` | no folder (IMAP shows no categories or chats) |
//! | anything else | a user label, created if missing (nested with `/`) |
//!
//! The header stays in the message bytes: seeding never rewrites a message.

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset};

use super::SeedMessage;
use crate::store::{header, names, Store};

/// Folders and flags for one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// Folders (labels) besides All Mail.
    pub folders: Vec<String>,
    /// IMAP flags.
    pub flags: BTreeSet<String>,
}

impl Placement {
    /// New mail: INBOX, unread.
    pub fn inbox() -> Self {
        Placement {
            folders: vec![names::INBOX.to_owned()],
            flags: BTreeSet::new(),
        }
    }

    /// From Takeout's `X-Gmail-Labels`, or [`Placement::inbox`] without it.
    pub fn of(raw: &[u8]) -> Self {
        match header::field(raw, "X-Gmail-Labels") {
            Some(v) => Placement::from_labels(&v),
            None => Placement::inbox(),
        }
    }

    /// Reads a Takeout label list (comma-separated; `"…"` may quote a label
    /// containing a comma).
    pub fn from_labels(value: &str) -> Self {
        let mut folders = Vec::new();
        let mut flags = BTreeSet::new();
        let mut unread = false;
        for label in split_labels(value) {
            let system = match label.to_ascii_lowercase().as_str() {
                "inbox" => Some(names::INBOX),
                "sent" => Some(names::SENT),
                "drafts" | "draft" => {
                    flags.insert("\\Draft".to_owned());
                    Some(names::DRAFTS)
                }
                "important" => Some(names::IMPORTANT),
                "spam" => Some(names::SPAM),
                "trash" => Some(names::TRASH),
                "starred" => {
                    flags.insert("\\Flagged".to_owned());
                    continue;
                }
                "unread" => {
                    unread = true;
                    continue;
                }
                "opened" | "archived" | "chat" => continue,
                l if l.starts_with("category ") => continue,
                _ => None,
            };
            folders.push(system.map_or(label, str::to_owned));
        }
        if !unread {
            flags.insert("\\Seen".to_owned());
        }
        Placement { folders, flags }
    }
}

/// Splits at commas outside double quotes; trims and unquotes; drops empty
/// entries.
fn split_labels(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in value.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Files seeded messages into a store in order, creating the user labels
/// they name. INTERNALDATE: the `Date` header, else the mbox date, else
/// `now`. Returns their X-GM-MSGIDs.
pub fn file_into(
    store: &mut Store,
    messages: &[SeedMessage],
    now: DateTime<FixedOffset>,
) -> Vec<u64> {
    messages
        .iter()
        .map(|m| {
            let place = Placement::of(&m.raw);
            file_one(store, m, &place, now)
        })
        .collect()
}

/// Files one message with an explicit placement (the built-in sample's
/// table, or Takeout labels).
pub(crate) fn file_one(
    store: &mut Store,
    m: &SeedMessage,
    place: &Placement,
    now: DateTime<FixedOffset>,
) -> u64 {
    for f in &place.folders {
        if store.resolve(f).is_none() {
            // An unusable name (`a//b`) is skipped rather than failing the
            // whole seed: the message still lands in All Mail.
            let _ = store.create_mailbox(f);
        }
    }
    let date = header::date(&m.raw).or(m.envelope_date).unwrap_or(now);
    let folders: Vec<&str> = place.folders.iter().map(String::as_str).collect();
    store.insert(m.raw.clone(), date, place.flags.clone(), &folders)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takeout_labels() {
        let p = Placement::from_labels(
            "Inbox,Important,Starred,Unread,Category Updates,\"Klienci, 2020\",Opened, Projekty/CRM",
        );
        assert_eq!(
            p.folders,
            [
                names::INBOX,
                names::IMPORTANT,
                "Klienci, 2020",
                "Projekty/CRM"
            ]
        );
        assert_eq!(p.flags, BTreeSet::from(["\\Flagged".to_owned()]));
        let sent = Placement::from_labels("Sent,Opened");
        assert_eq!(sent.folders, [names::SENT]);
        assert_eq!(sent.flags, BTreeSet::from(["\\Seen".to_owned()]));
        assert!(Placement::from_labels("Archived").folders.is_empty());
        assert_eq!(Placement::of(b"Subject: x\r\n\r\n"), Placement::inbox());
    }
}
