//! `[UID] COPY` and `[UID] MOVE` (RFC 6851) with Gmail's label semantics.
//!
//! COPY adds the destination's label (the message is not duplicated; it
//! gets a UID in the destination, or keeps the one it has there). MOVE adds
//! the destination's label and removes the source's: from a label folder
//! that is a relabel, from All Mail it only adds the label (All Mail cannot
//! be left except for Trash or Spam), to Trash or Spam it removes every
//! other label. Like Gmail, the reply carries COPYUID in the tagged OK,
//! after the `* n EXPUNGE` lines of a MOVE.

use gmail_wire::imap::{SequenceSet, Tag};

use super::selected::with_selected;
use crate::imap::session::{Output, Phase, Session};
use crate::responses::imap as text;

pub(crate) fn copy(
    s: &mut Session,
    tag: &Tag,
    uid: bool,
    set: &SequenceSet,
    mailbox: &str,
    is_move: bool,
) -> Output {
    if is_move && matches!(&s.phase, Phase::Selected(_, sel) if sel.read_only) {
        return Output::one(text::read_only(tag, "MOVE"));
    }
    with_selected(s, |sel, entry| {
        let store = &mut entry.store;
        let Some(dest) = store
            .mailbox(mailbox)
            .filter(|m| m.selectable)
            .map(|m| (m.name.clone(), m.uid_validity))
        else {
            return Output::one(text::try_create(tag));
        };
        let (dest, dest_validity) = dest;
        let source = sel.name.clone();
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        for (_, e) in sel.resolve(set, uid) {
            if let Some(new_uid) = store.add_label(&dest, e.msgid) {
                pairs.push((e.uid, new_uid));
                if is_move && !dest.eq_ignore_ascii_case(&source) {
                    store.remove_label(&source, e.msgid);
                }
            }
        }
        // A MOVE is expunging; so is a UID COPY to Trash. A sequence-number
        // COPY reports no EXPUNGE (clients address messages by number).
        let mut out = sel.refresh(store, is_move || uid);
        out.push(if pairs.is_empty() {
            text::success(tag)
        } else {
            let src: Vec<u32> = pairs.iter().map(|p| p.0).collect();
            let dst: Vec<u32> = pairs.iter().map(|p| p.1).collect();
            text::copy_ok(tag, dest_validity, &uid_set(&src), &uid_set(&dst))
        });
        Output::many(out)
    })
    .unwrap_or_else(|| Output::one(text::invalid_state(tag)))
}

/// A UID list as an RFC 4315 `uid-set`, keeping its order and writing runs
/// of consecutive UIDs as ranges: `[1, 2, 3, 7, 5]` → `1:3,7,5`.
pub(crate) fn uid_set(uids: &[u32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < uids.len() {
        let mut j = i;
        while j + 1 < uids.len() && uids[j + 1] == uids[j] + 1 {
            j += 1;
        }
        parts.push(if i == j {
            uids[i].to_string()
        } else {
            format!("{}:{}", uids[i], uids[j])
        });
        i = j + 1;
    }
    parts.join(",")
}

#[cfg(test)]
mod tests {
    #[test]
    fn uid_sets_keep_order() {
        assert_eq!(super::uid_set(&[1, 2, 3, 7, 5]), "1:3,7,5");
        assert_eq!(super::uid_set(&[4]), "4");
    }
}
