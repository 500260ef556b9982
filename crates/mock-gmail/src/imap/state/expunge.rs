//! `EXPUNGE`, `UID EXPUNGE` (RFC 4315) and `CLOSE`.
//!
//! What expunging does to a message follows Gmail's default IMAP settings
//! ("Auto-Expunge off" so `\Deleted` waits for EXPUNGE as RFC 3501 clients
//! expect; "expunged from the last visible folder: archive"): see
//! `Store::expunge` — a label folder loses the label, All Mail sends the
//! message to Trash, Trash and Spam delete it forever.

use gmail_wire::imap::{SequenceSet, Tag};

use super::selected::with_selected;
use crate::imap::session::{Output, Phase, Session};
use crate::responses::imap as text;
use crate::store::Store;

/// Expunges the `\Deleted` messages of `folder` (those in `only`, by UID,
/// for UID EXPUNGE).
fn expunge_deleted(store: &mut Store, folder: &str, only: Option<&SequenceSet>) {
    let Some(mb) = store.mailbox(folder) else {
        return;
    };
    let max_uid = mb.entries.last().map(|e| e.uid).unwrap_or(0);
    let victims: Vec<u64> = mb
        .entries
        .iter()
        .filter(|e| only.is_none_or(|set| set.contains(e.uid, max_uid)))
        .filter(|e| {
            store
                .message(e.msgid)
                .is_some_and(|m| m.flags.contains("\\Deleted"))
        })
        .map(|e| e.msgid)
        .collect();
    for msgid in victims {
        store.expunge(folder, msgid);
    }
}

pub(crate) fn expunge(s: &mut Session, tag: &Tag, only: Option<&SequenceSet>) -> Output {
    if matches!(&s.phase, Phase::Selected(_, sel) if sel.read_only) {
        return Output::one(text::read_only(tag, "EXPUNGE"));
    }
    with_selected(s, |sel, entry| {
        let folder = sel.name.clone();
        expunge_deleted(&mut entry.store, &folder, only);
        let mut out = sel.refresh(&entry.store, true);
        out.push(text::success(tag));
        Output::many(out)
    })
    .unwrap_or_else(|| Output::one(text::invalid_state(tag)))
}

/// CLOSE: expunges silently if the folder was selected read-write, then
/// returns to the authenticated state.
pub(crate) fn close(s: &mut Session, tag: &Tag) -> Output {
    let writable = matches!(&s.phase, Phase::Selected(_, sel) if !sel.read_only);
    if writable {
        with_selected(s, |sel, entry| {
            let folder = sel.name.clone();
            expunge_deleted(&mut entry.store, &folder, None);
        });
    }
    if let Phase::Selected(a, _) = std::mem::replace(&mut s.phase, Phase::Logout) {
        s.phase = Phase::Authenticated(a);
    }
    Output::one(text::returned_to_authenticated(tag))
}
