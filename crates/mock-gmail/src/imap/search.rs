//! SEARCH evaluation against the session's snapshot and the store.

use gmail_wire::imap::SearchKey;

use super::selected::Selected;
use crate::store::{Entry, Store};

/// A key the mock cannot evaluate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unsupported;

/// Sequence numbers (or UIDs) of messages matching every key.
pub(crate) fn run(
    sel: &Selected,
    store: &Store,
    keys: &[SearchKey],
    uid: bool,
) -> Result<Vec<u32>, Unsupported> {
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

fn matches(
    sel: &Selected,
    store: &Store,
    e: Entry,
    seq: u32,
    key: &SearchKey,
) -> Result<bool, Unsupported> {
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
        SearchKey::Header(name, value) => header_contains(&msg.raw, name, value),
        SearchKey::From(v) => header_contains(&msg.raw, "From", v),
        SearchKey::To(v) => header_contains(&msg.raw, "To", v),
        SearchKey::Cc(v) => header_contains(&msg.raw, "Cc", v),
        SearchKey::Bcc(v) => header_contains(&msg.raw, "Bcc", v),
        SearchKey::Subject(v) => header_contains(&msg.raw, "Subject", v),
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

/// RFC 3501 HEADER search: the field exists and its (unfolded) value
/// contains `needle`, case-insensitively; an empty needle matches any
/// message that has the field.
fn header_contains(raw: &[u8], name: &str, needle: &str) -> bool {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| p + 2)
        .unwrap_or(raw.len());
    let header = String::from_utf8_lossy(&raw[..end]);
    let needle = needle.to_lowercase();
    let mut current: Option<String> = None;
    let mut hit = false;
    let mut check = |field: &Option<String>| {
        if let Some(f) = field {
            if let Some((n, v)) = f.split_once(':') {
                if n.trim().eq_ignore_ascii_case(name) && v.to_lowercase().contains(&needle) {
                    hit = true;
                }
            }
        }
    };
    for line in header.split("\r\n") {
        if line.starts_with(' ') || line.starts_with('\t') {
            if let Some(c) = &mut current {
                c.push_str(line);
            }
            continue;
        }
        check(&current);
        current = Some(line.to_owned());
    }
    check(&current);
    hit
}
