//! SEARCH evaluation against the session's snapshot and the store.

use gmail_wire::imap::SearchKey;

use super::selected::Selected;
use crate::store::{Entry, Store};

/// A key the mock cannot evaluate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unsupported;

/// Sequence numbers (or UIDs) of messages matching every key.
pub(crate) fn run(sel: &Selected, store: &Store, keys: &[SearchKey], uid: bool) -> Result<Vec<u32>, Unsupported> {
    let mut out = Vec::new();
    for (i, e) in sel.entries.iter().enumerate() {
        let seq = i as u32 + 1;
        let mut all = true;
        for k in keys {
            if !matches(sel, store, *e, seq, k)? {
                all = false;
                break;
            }
        }
        if all {
            out.push(if uid { e.uid } else { seq });
        }
    }
    Ok(out)
}

fn matches(sel: &Selected, store: &Store, e: Entry, seq: u32, key: &SearchKey) -> Result<bool, Unsupported> {
    let Some(msg) = store.message(e.msgid) else {
        return Ok(false);
    };
    let has = |f: &str| msg.flags.iter().any(|x| x.eq_ignore_ascii_case(f));
    let count = sel.entries.len() as u32;
    Ok(match key {
        SearchKey::All => true,
        SearchKey::Seen => has("\\Seen"),
        SearchKey::Unseen => !has("\\Seen"),
        SearchKey::Flagged => has("\\Flagged"),
        SearchKey::Unflagged => !has("\\Flagged"),
        SearchKey::Answered => has("\\Answered"),
        SearchKey::Unanswered => !has("\\Answered"),
        SearchKey::Deleted => has("\\Deleted"),
        SearchKey::Undeleted => !has("\\Deleted"),
        SearchKey::Draft => has("\\Draft"),
        SearchKey::Undraft => !has("\\Draft"),
        SearchKey::Keyword(k) => has(k),
        SearchKey::Unkeyword(k) => !has(k),
        // The mock never reports \Recent (like Gmail, which always says 0).
        SearchKey::Recent | SearchKey::New => false,
        SearchKey::Old => true,
        SearchKey::Larger(n) => msg.raw.len() as u64 > u64::from(*n),
        SearchKey::Smaller(n) => (msg.raw.len() as u64) < u64::from(*n),
        SearchKey::Uid(set) => set.contains(e.uid, sel.max_uid()),
        SearchKey::SequenceSet(set) => set.contains(seq, count),
        SearchKey::XGmMsgId(id) => msg.msgid == *id,
        SearchKey::XGmThrId(id) => msg.thrid == *id,
        SearchKey::Not(k) => !matches(sel, store, e, seq, k)?,
        SearchKey::Or(a, b) => matches(sel, store, e, seq, a)? || matches(sel, store, e, seq, b)?,
        SearchKey::And(keys) => {
            for k in keys {
                if !matches(sel, store, e, seq, k)? {
                    return Ok(false);
                }
            }
            true
        }
        _ => return Err(Unsupported),
    })
}
