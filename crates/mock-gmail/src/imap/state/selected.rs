//! Selected state: message-level commands, IDLE and unsolicited updates.

use gmail_wire::imap::{CommandBody, Data, FetchItems, FetchValue, Response, StatusKind, Tag};

use crate::imap::fetch;
use crate::imap::search;
use crate::imap::selected::Selected;
use crate::imap::session::{Authed, Output, Phase, Session};
use crate::responses::imap as text;

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
                    return Output::one(text::no_text(
                        &tag,
                        Some(gmail_wire::imap::Code::Other(
                            "BADCHARSET".into(),
                            Some("(UTF-8 US-ASCII)".into()),
                        )),
                        "Unsupported charset",
                    ));
                }
            }
            search_cmd(s, &tag, uid, &criteria)
        }
        CommandBody::Check => {
            let mut out = unsolicited(s);
            out.responses.push(text::success(&tag));
            out
        }
        CommandBody::Close | CommandBody::Unselect => {
            if let Phase::Selected(a, _) = std::mem::replace(&mut s.phase, Phase::Logout) {
                s.phase = Phase::Authenticated(a);
            }
            Output::one(text::ok_text(
                &tag,
                None,
                "Returned to authenticated state.",
            ))
        }
        CommandBody::Idle => start_idle(s, tag),
        other => super::authenticated::handle(s, tag, other),
    }
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
    let mut out = Vec::new();
    let mut changed = false;
    for (seq, e) in sel.resolve(set, uid) {
        let (mut values, sets_seen) = match fetch::values(&entry.store, e, &attrs, uid) {
            Ok(v) => v,
            Err(fetch::Unsupported(item)) => {
                return Output::one(text::tagged(
                    tag,
                    StatusKind::Bad,
                    None,
                    format!("Could not parse command ({item} is not supported by this mock)"),
                ));
            }
        };
        if sets_seen && !sel.read_only {
            if let Some(m) = entry.store.message(e.msgid) {
                if !m.flags.contains("\\Seen") {
                    if let Some(m) = entry.store.message_mut(e.msgid) {
                        m.flags.insert("\\Seen".to_owned());
                        let flags: Vec<String> = m.flags.iter().cloned().collect();
                        sel.flags.insert(e.msgid, m.flags.clone());
                        // RFC 3501 §6.4.5: the changed flags are part of
                        // this FETCH response; a requested FLAGS item must
                        // not show the state from before the fetch.
                        match values
                            .iter_mut()
                            .find(|v| matches!(v, FetchValue::Flags(_)))
                        {
                            Some(v) => *v = FetchValue::Flags(flags),
                            None => values.push(FetchValue::Flags(flags)),
                        }
                        changed = true;
                    }
                }
            }
        }
        out.push(Response::Data(Data::Fetch { seq, items: values }));
    }
    if changed {
        entry.notify();
    }
    // Only EXISTS may be reported during a sequence-number FETCH.
    let mut updates = sel.refresh(&entry.store, uid);
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
    let shared = s.shared.clone();
    let Phase::Selected(authed, sel) = &mut s.phase else {
        return Output::one(text::unknown_command(tag, &s.id));
    };
    let w = shared.world();
    let Some(entry) = w.accounts.get(authed.key()) else {
        return Output::one(text::success(tag));
    };
    let mut out = sel.refresh(&entry.store, uid);
    match search::run(sel, &entry.store, criteria, uid) {
        Ok(ids) => {
            out.push(Response::Data(Data::Search(ids)));
            out.push(text::ok_text(tag, None, "SEARCH completed"));
            Output::many(out)
        }
        Err(search::Unsupported) => Output::one(text::could_not_parse(tag)),
    }
}

/// `IDLE`: `+ idling`, then updates as they happen until `DONE`.
pub(crate) fn start_idle(s: &mut Session, tag: Tag) -> Output {
    match std::mem::replace(&mut s.phase, Phase::Logout) {
        Phase::Selected(authed, selected) => {
            s.phase = Phase::Idle {
                tag,
                authed,
                selected: Some(selected),
            };
        }
        Phase::Authenticated(authed) => {
            s.phase = Phase::Idle {
                tag,
                authed,
                selected: None,
            };
        }
        other => {
            s.phase = other;
            return Output::one(text::unknown_command(&tag, &s.id));
        }
    }
    let mut out = unsolicited(s);
    out.responses.insert(0, Response::Continue("idling".into()));
    out
}

/// A line during IDLE: `DONE` ends it; anything else is a protocol error.
pub(crate) fn idle_line(
    s: &mut Session,
    tag: Tag,
    authed: Authed,
    selected: Option<Selected>,
    line: &[u8],
) -> Output {
    let done = line.trim_ascii().eq_ignore_ascii_case(b"DONE");
    s.rec.client_raw(line);
    s.phase = match selected {
        Some(sel) => Phase::Selected(authed, sel),
        None => Phase::Authenticated(authed),
    };
    if done {
        Output::one(text::ok_text(&tag, None, "IDLE terminated"))
    } else {
        Output::one(text::tagged(
            &tag,
            StatusKind::Bad,
            None,
            "Could not parse command",
        ))
    }
}

/// Changes other sessions made to the selected folder, as untagged data.
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
