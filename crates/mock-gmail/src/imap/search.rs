//! SEARCH evaluation against the session's snapshot and the store: the
//! RFC 3501 keys plus Gmail's X-GM-RAW, X-GM-MSGID, X-GM-THRID and
//! X-GM-LABELS.
//!
//! Dates: SINCE/BEFORE/ON compare the INTERNALDATE's calendar day and
//! SENTSINCE/SENTBEFORE/SENTON the `Date` header's (each in its own time
//! zone, "disregarding time and timezone" as RFC 3501 says); a message
//! without a readable `Date` uses its INTERNALDATE. Strings match
//! case-insensitively as substrings.

use chrono::{DateTime, FixedOffset, NaiveDate};
use gmail_wire::imap::SearchKey;

use super::folder_view::FolderView;
use super::gmraw::{self, Ctx};
use super::search_text as st;
use crate::store::{header, Entry, Message, Store};

/// An X-GM-RAW query the mock cannot read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BadQuery;

/// What a search needs beyond the messages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context<'a> {
    /// The mock's wall clock (`newer_than:`).
    pub now: DateTime<FixedOffset>,
    /// The signed-in address (`from:me`).
    pub me: &'a str,
}

/// Sequence numbers (or UIDs) of messages matching every key.
pub(crate) fn run(
    sel: &FolderView,
    store: &Store,
    keys: &[SearchKey],
    uid: bool,
    ctx: &Context<'_>,
) -> Result<Vec<u32>, BadQuery> {
    // Reject a bad X-GM-RAW even when the folder is empty.
    check(keys)?;
    let mut out = Vec::new();
    for (i, e) in sel.entries.iter().enumerate() {
        let seq = i as u32 + 1;
        let Some(msg) = store.message(e.msgid) else {
            continue;
        };
        let m = Candidate {
            sel,
            store,
            ctx,
            entry: *e,
            seq,
            msg,
        };
        if keys.iter().all(|k| m.matches(k)) {
            out.push(if uid { e.uid } else { seq });
        }
    }
    Ok(out)
}

fn check(keys: &[SearchKey]) -> Result<(), BadQuery> {
    for k in keys {
        match k {
            SearchKey::XGmRaw(q) => {
                gmraw::parse(q).map_err(|_| BadQuery)?;
            }
            SearchKey::Not(k) => check(std::slice::from_ref(k))?,
            SearchKey::Or(a, b) => check(&[(**a).clone(), (**b).clone()])?,
            SearchKey::And(v) => check(v)?,
            _ => {}
        }
    }
    Ok(())
}

/// One message being tested.
struct Candidate<'a> {
    sel: &'a FolderView,
    store: &'a Store,
    ctx: &'a Context<'a>,
    entry: Entry,
    seq: u32,
    msg: &'a Message,
}

impl Candidate<'_> {
    fn flag(&self, f: &str) -> bool {
        self.msg.flags.iter().any(|x| x.eq_ignore_ascii_case(f))
    }

    fn internal_day(&self) -> NaiveDate {
        self.msg.internal_date.date_naive()
    }

    fn sent_day(&self) -> NaiveDate {
        header::date(&self.msg.raw)
            .map(|d| d.date_naive())
            .unwrap_or_else(|| self.internal_day())
    }

    fn matches(&self, key: &SearchKey) -> bool {
        let msg = self.msg;
        let raw = &msg.raw;
        match key {
            SearchKey::All => true,
            SearchKey::Seen => self.flag("\\Seen"),
            SearchKey::Unseen => !self.flag("\\Seen"),
            SearchKey::Flagged => self.flag("\\Flagged"),
            SearchKey::Unflagged => !self.flag("\\Flagged"),
            SearchKey::Answered => self.flag("\\Answered"),
            SearchKey::Unanswered => !self.flag("\\Answered"),
            SearchKey::Deleted => self.flag("\\Deleted"),
            SearchKey::Undeleted => !self.flag("\\Deleted"),
            SearchKey::Draft => self.flag("\\Draft"),
            SearchKey::Undraft => !self.flag("\\Draft"),
            SearchKey::Keyword(k) => self.flag(k),
            SearchKey::Unkeyword(k) => !self.flag(k),
            // Gmail never reports \Recent (SELECT says `0 RECENT`).
            SearchKey::Recent | SearchKey::New => false,
            SearchKey::Old => true,
            SearchKey::Larger(n) => raw.len() as u64 > u64::from(*n),
            SearchKey::Smaller(n) => (raw.len() as u64) < u64::from(*n),
            SearchKey::Uid(set) => set.contains(self.entry.uid, self.sel.max_uid()),
            SearchKey::SequenceSet(set) => set.contains(self.seq, self.sel.entries.len() as u32),
            SearchKey::Since(d) => self.internal_day() >= *d,
            SearchKey::Before(d) => self.internal_day() < *d,
            SearchKey::On(d) => self.internal_day() == *d,
            SearchKey::SentSince(d) => self.sent_day() >= *d,
            SearchKey::SentBefore(d) => self.sent_day() < *d,
            SearchKey::SentOn(d) => self.sent_day() == *d,
            SearchKey::Header(name, value) => st::header_contains(raw, name, value),
            SearchKey::From(v) => st::header_contains(raw, "From", v),
            SearchKey::To(v) => st::header_contains(raw, "To", v),
            SearchKey::Cc(v) => st::header_contains(raw, "Cc", v),
            SearchKey::Bcc(v) => st::header_contains(raw, "Bcc", v),
            SearchKey::Subject(v) => st::header_contains(raw, "Subject", v),
            SearchKey::Body(v) => st::contains(&st::body_text(raw), v),
            SearchKey::Text(v) => st::contains(&st::full_text(raw), v),
            SearchKey::XGmMsgId(id) => msg.msgid == *id,
            SearchKey::XGmThrId(id) => msg.thrid == *id,
            SearchKey::XGmLabels(label) => {
                let folder = self.store.folder_for_label(label);
                self.store
                    .mailbox(&folder)
                    .is_some_and(|m| m.contains(msg.msgid))
            }
            SearchKey::XGmRaw(q) => gmraw::parse(q)
                .is_ok_and(|q| q.matches(&Ctx::new(self.store, msg, self.ctx.now, self.ctx.me))),
            SearchKey::Not(k) => !self.matches(k),
            SearchKey::Or(a, b) => self.matches(a) || self.matches(b),
            SearchKey::And(keys) => keys.iter().all(|k| self.matches(k)),
        }
    }
}
