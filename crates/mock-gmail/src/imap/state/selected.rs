//! Selected state: message-level commands and unsolicited updates. Each
//! command family has its own file (`store_cmd`, `copy_move`, `expunge`,
//! `idle`); this file dispatches and holds FETCH and SEARCH.

use gmail_wire::imap::{CommandBody, Data, FetchItems, FetchValue, Response, Tag};

use crate::imap::fetch;
use crate::imap::folder_view::FolderView;
use crate::imap::search;
use crate::imap::session::{Output, Phase, Session};
use crate::responses::imap as text;
use crate::shared::AccountEntry;

pub(crate) fn handle(s: &mut Session, tag: Tag, body: CommandBody) -> Output {
    match body {
        CommandBody::Fetch { uid, set, items } => fetch_cmd(s, &tag, uid, &set, &items),
        CommandBody::Search {
            uid,
            charset,
            criteria,
        } => {
            if let Some(c) = &charset {
                if !c.eq_ignore_ascii_case("UTF-8") && !c.eq_ignore_ascii_case("US-ASCII") {
                    return Output::one(text::bad_charset(&tag));
                }
            }
            search_cmd(s, &tag, uid, &criteria)
        }
        CommandBody::Store {
            uid,
            set,
            mode,
            silent,
            target,
            values,
        } => super::store_cmd::store(
            s,
            &tag,
            super::store_cmd::Request {
                uid,
                set: &set,
                mode,
                silent,
                target,
                values: &values,
            },
        ),
        CommandBody::Copy { uid, set, mailbox } => {
            super::copy_move::copy(s, &tag, uid, &set, &mailbox, false)
        }
        CommandBody::Move { uid, set, mailbox } => {
            super::copy_move::copy(s, &tag, uid, &set, &mailbox, true)
        }
        CommandBody::Expunge => super::expunge::expunge(s, &tag, None),
        CommandBody::UidExpunge(set) => super::expunge::expunge(s, &tag, Some(&set)),
        CommandBody::Check => {
            let mut out = unsolicited(s);
            out.responses.push(text::success(&tag));
            out
        }
        CommandBody::Close => super::expunge::close(s, &tag),
        CommandBody::Unselect => {
            if let Phase::Selected(a, _) = std::mem::replace(&mut s.phase, Phase::Logout) {
                s.phase = Phase::Authenticated(a);
            }
            Output::one(text::returned_to_authenticated(&tag))
        }
        CommandBody::Idle => super::idle::start(s, tag),
        other => super::authenticated::handle(s, tag, other),
    }
}

/// Runs `f` on the selected folder's snapshot and the account, under the
/// world lock; `None` when not selected or the account is gone. Tells the
/// account's other sessions if `f` changed the store.
pub(crate) fn with_selected<T>(
    s: &mut Session,
    f: impl FnOnce(&mut FolderView, &mut AccountEntry) -> T,
) -> Option<T> {
    let shared = s.shared.clone();
    let Phase::Selected(authed, sel) = &mut s.phase else {
        return None;
    };
    let mut w = shared.world();
    let entry = w.accounts.get_mut(authed.key())?;
    let before = entry.store.version();
    let out = f(sel, entry);
    if entry.store.version() != before {
        entry.notify();
    }
    Some(out)
}

fn fetch_cmd(
    s: &mut Session,
    tag: &Tag,
    uid: bool,
    set: &gmail_wire::imap::SequenceSet,
    items: &FetchItems,
) -> Output {
    let shared = s.shared.clone();
    let Phase::Selected(authed, sel) = &mut s.phase else {
        return Output::one(text::unknown_command(tag, &s.id));
    };
    let attrs = items.expand();
    let mut w = shared.world();
    let Some(entry) = w.accounts.get_mut(authed.key()) else {
        return Output::one(text::success(tag));
    };
    // Report changes first (only EXISTS during a sequence-number FETCH),
    // so `*` covers messages that have just arrived.
    let mut updates = sel.refresh(&entry.store, uid);
    let mut out = Vec::new();
    let mut changed = false;
    for (seq, e) in sel.resolve(set, uid) {
        let (mut values, sets_seen) = fetch::values(&entry.store, &sel.name, e, &attrs, uid);
        if sets_seen && !sel.read_only {
            let unseen = entry
                .store
                .message(e.msgid)
                .map(|m| m.flags.clone())
                .filter(|f| !f.contains("\\Seen"));
            if let Some(mut flags) = unseen {
                flags.insert("\\Seen".to_owned());
                entry.store.set_flags(e.msgid, flags.clone());
                sel.reported_flags(&entry.store, e.msgid);
                // RFC 3501 §6.4.5: the changed flags are part of this FETCH
                // response; a requested FLAGS item must not show the state
                // from before the fetch.
                let flags = FetchValue::Flags(flags.into_iter().collect());
                match values
                    .iter_mut()
                    .find(|v| matches!(v, FetchValue::Flags(_)))
                {
                    Some(v) => *v = flags,
                    None => values.push(flags),
                }
                changed = true;
            }
        }
        out.push(Response::Data(Data::Fetch { seq, items: values }));
    }
    if changed {
        entry.notify();
    }
    updates.append(&mut out);
    updates.push(text::success(tag));
    Output::many(updates)
}

fn search_cmd(
    s: &mut Session,
    tag: &Tag,
    uid: bool,
    criteria: &[gmail_wire::imap::SearchKey],
) -> Output {
    let now = s.shared.wall_now();
    let me = super::authenticated::authed(s)
        .map(|a| a.email.clone())
        .unwrap_or_default();
    let ctx = search::Context { now, me: &me };
    with_selected(s, |sel, entry| {
        // EXPUNGE may not be reported during a sequence-number SEARCH.
        let mut out = sel.refresh(&entry.store, uid);
        match search::run(sel, &entry.store, criteria, uid, &ctx) {
            Ok(ids) => {
                out.push(Response::Data(Data::Search(ids)));
                out.push(text::search_completed(tag));
                Output::many(out)
            }
            Err(search::BadQuery) => Output::one(text::bad_search_query(tag)),
        }
    })
    .unwrap_or_else(|| Output::one(text::invalid_state(tag)))
}

/// Changes other sessions made to the selected folder, as untagged data.
/// Called only while a command is in progress (NOOP, CHECK, APPEND, IDLE),
/// so EXPUNGE may be reported (RFC 3501 §7.4.1).
pub(crate) fn unsolicited(s: &mut Session) -> Output {
    let shared = s.shared.clone();
    let (authed, sel) = match &mut s.phase {
        Phase::Selected(a, sel) => (a, sel),
        Phase::Idle {
            authed,
            selected: Some(sel),
            ..
        } => (authed, sel),
        _ => return Output::many(Vec::new()),
    };
    let w = shared.world();
    let responses = w
        .accounts
        .get(authed.key())
        .map(|e| sel.refresh(&e.store, true))
        .unwrap_or_default();
    Output::many(responses)
}
