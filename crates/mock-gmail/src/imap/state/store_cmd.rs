//! `[UID] STORE set [+|-]FLAGS[.SILENT] (…)` and `… X-GM-LABELS (…)`.
//!
//! Flags are the message's own (shared by every folder it is in); setting
//! `\Flagged` stars it and adding `\Starred` flags it (the store keeps the
//! two in step). Labels that do not exist yet are created, as Gmail does.
//! X-GM-LABELS are read and written relative to the selected folder, whose
//! own label the selection implies (see `store_labels`).
//! No EXPUNGE is reported during STORE (RFC 3501 §7.4.1), even when a
//! label change takes a message out of the selected folder: the next NOOP
//! or IDLE reports it.

use std::collections::BTreeSet;

use gmail_wire::imap::{Data, FetchValue, Response, SequenceSet, StoreMode, StoreTarget, Tag};

use super::selected::with_selected;
use crate::imap::folder_view::FolderView;
use crate::imap::session::{Output, Session};
use crate::responses::imap as text;
use crate::store::Store;

/// The arguments of one STORE.
#[derive(Debug)]
pub(crate) struct Request<'a> {
    pub uid: bool,
    pub set: &'a SequenceSet,
    pub mode: StoreMode,
    pub silent: bool,
    pub target: StoreTarget,
    pub values: &'a [String],
}

/// The system flags, in their canonical spelling.
const SYSTEM_FLAGS: &[&str] = &["\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft"];

/// Canonical spelling of a flag; `None` for `\Recent`, which clients cannot
/// set.
fn canonical_flag(f: &str) -> Option<String> {
    if f.eq_ignore_ascii_case("\\Recent") {
        return None;
    }
    Some(
        SYSTEM_FLAGS
            .iter()
            .find(|s| s.eq_ignore_ascii_case(f))
            .map(|s| (*s).to_owned())
            .unwrap_or_else(|| f.to_owned()),
    )
}

/// Canonical flags from a client's list (APPEND uses this too).
pub(crate) fn canonical_flags(values: &[String]) -> BTreeSet<String> {
    values.iter().filter_map(|v| canonical_flag(v)).collect()
}

pub(crate) fn store(s: &mut Session, tag: &Tag, req: Request<'_>) -> Output {
    if matches!(&s.phase, crate::imap::session::Phase::Selected(_, sel) if sel.read_only) {
        return Output::one(text::read_only(tag, "STORE"));
    }
    with_selected(s, |sel, entry| {
        let mut out = Vec::new();
        for (seq, e) in sel.resolve(req.set, req.uid) {
            if entry.store.message(e.msgid).is_none() {
                continue;
            }
            let value = match req.target {
                StoreTarget::Flags => store_flags(&mut entry.store, sel, e.msgid, &req),
                StoreTarget::GmLabels => store_labels(&mut entry.store, &sel.name, e.msgid, &req),
            };
            if !req.silent {
                let mut items = Vec::with_capacity(2);
                if req.uid {
                    items.push(FetchValue::Uid(e.uid));
                }
                items.push(value);
                out.push(Response::Data(Data::Fetch { seq, items }));
            }
        }
        // Whatever else changed (a label store may flag or add messages).
        out.extend(sel.refresh(&entry.store, false));
        out.push(text::success(tag));
        Output::many(out)
    })
    .unwrap_or_else(|| Output::one(text::invalid_state(tag)))
}

fn store_flags(
    store: &mut Store,
    sel: &mut FolderView,
    msgid: u64,
    req: &Request<'_>,
) -> FetchValue {
    let given = canonical_flags(req.values);
    let mut flags = store
        .message(msgid)
        .map(|m| m.flags.clone())
        .unwrap_or_default();
    match req.mode {
        StoreMode::Replace => flags = given,
        StoreMode::Add => flags.extend(given),
        StoreMode::Remove => flags.retain(|f| !given.contains(f)),
    }
    store.set_flags(msgid, flags.clone());
    // This session reports the change itself.
    sel.reported_flags(store, msgid);
    FetchValue::Flags(flags.into_iter().collect())
}

/// STORE X-GM-LABELS as Gmail applies it from the selected folder, whose
/// label is implied: FETCH leaves it out of X-GM-LABELS, so a client that
/// writes back what it read must not drop the message from the folder it
/// is looking at.
///
/// - replace: sets the message's *other* labels; the selected label stays
///   (found against Gmail with a Python IMAP client, issue 12; no public
///   transcript shows a replace inside a label folder);
/// - `+`: adds the labels;
/// - `-`: removes them, the selected label too when named: that is how a
///   client archives from INBOX (`-X-GM-LABELS (\Inbox)`, as Discourse's
///   Gmail provider does), and the message then leaves the folder, reported
///   by EXPUNGE on the next command that may carry one.
///
/// The untagged FETCH answer shows the labels with the same omission.
fn store_labels(store: &mut Store, selected: &str, msgid: u64, req: &Request<'_>) -> FetchValue {
    let wanted: Vec<String> = req
        .values
        .iter()
        .map(|v| store.folder_for_label(v))
        .collect();
    if req.mode == StoreMode::Replace {
        let implied = store.folder_for_label(selected);
        let current: Vec<String> = store
            .gm_labels(msgid)
            .iter()
            .map(|l| store.folder_for_label(l))
            .collect();
        for f in current
            .iter()
            .filter(|f| !wanted.contains(f) && **f != implied)
        {
            store.remove_label(f, msgid);
        }
    }
    for f in &wanted {
        if req.mode == StoreMode::Remove {
            store.remove_label(f, msgid);
        } else {
            if store.mailbox(f).is_none() {
                // Gmail creates a label on first use.
                let _ = store.create_mailbox(f);
            }
            store.add_label(f, msgid);
        }
    }
    FetchValue::XGmLabels(store.gm_labels_seen_from(msgid, selected))
}
