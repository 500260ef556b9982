//! Authenticated state: mailbox-level commands (also valid when selected).

use gmail_wire::imap::{CommandBody, Data, ListKind, Response, StatusItem, Tag};

use crate::imap::folder_view::FolderView;
use crate::imap::session::{Authed, Output, Phase, Session};
use crate::responses::imap as text;
use crate::store::names;

pub(crate) fn handle(s: &mut Session, tag: Tag, body: CommandBody) -> Output {
    match body {
        CommandBody::Enable(caps) => {
            // Only UTF8=ACCEPT is enable-able here (CONDSTORE is not offered).
            let enabled: Vec<String> = caps
                .into_iter()
                .filter(|c| c.eq_ignore_ascii_case("UTF8=ACCEPT"))
                .collect();
            Output::many(vec![
                Response::Data(Data::Enabled(enabled)),
                text::success(&tag),
            ])
        }
        CommandBody::Namespace => Output::many(vec![
            Response::Data(Data::Namespace {
                personal: vec![(String::new(), Some('/'))],
            }),
            text::success(&tag),
        ]),
        CommandBody::List {
            kind,
            reference,
            pattern,
        } => list(s, &tag, kind, &reference, &pattern),
        CommandBody::Status { mailbox, items } => status(s, &tag, &mailbox, &items),
        CommandBody::Select { mailbox, read_only } => select(s, tag, &mailbox, read_only),
        CommandBody::Create(name) => super::mailbox_admin::create(s, &tag, &name),
        CommandBody::Delete(name) => super::mailbox_admin::delete(s, &tag, &name),
        CommandBody::Rename { from, to } => super::mailbox_admin::rename(s, &tag, &from, &to),
        CommandBody::Subscribe(name) => super::mailbox_admin::subscribe(s, &tag, &name, true),
        CommandBody::Unsubscribe(name) => super::mailbox_admin::subscribe(s, &tag, &name, false),
        CommandBody::Append {
            mailbox,
            flags,
            date,
            message,
        } => super::append::append(
            s,
            &tag,
            super::append::Request {
                mailbox: &mailbox,
                flags: &flags,
                date,
                message,
            },
        ),
        CommandBody::GetQuotaRoot(mailbox) => super::quota::get_quota_root(s, &tag, &mailbox),
        CommandBody::GetQuota(root) => super::quota::get_quota(s, &tag, &root),
        CommandBody::Idle => super::idle::start(s, tag),
        // Selected-state commands with no folder selected.
        CommandBody::Fetch { .. }
        | CommandBody::Search { .. }
        | CommandBody::Store { .. }
        | CommandBody::Copy { .. }
        | CommandBody::Move { .. }
        | CommandBody::Expunge
        | CommandBody::UidExpunge(_)
        | CommandBody::Close
        | CommandBody::Unselect
        | CommandBody::Check => Output::one(text::invalid_state(&tag)),
        // LOGIN/AUTHENTICATE/STARTTLS after login: Gmail's "Unknown command".
        _ => Output::one(text::unknown_command(&tag, &s.id)),
    }
}

/// RFC 3501 LIST wildcard match: `*` matches anything, `%` anything but the
/// hierarchy delimiter. INBOX matches case-insensitively.
pub(crate) fn list_matches(name: &str, pattern: &str) -> bool {
    fn go(n: &[u8], p: &[u8]) -> bool {
        match p.split_first() {
            None => n.is_empty(),
            Some((b'*', rest)) => (0..=n.len()).any(|i| go(&n[i..], rest)),
            Some((b'%', rest)) => (0..=n.len())
                .take_while(|&i| i == 0 || n[i - 1] != b'/')
                .any(|i| go(&n[i..], rest)),
            Some((c, rest)) => n.first() == Some(c) && go(&n[1..], rest),
        }
    }
    if name == names::INBOX && pattern.eq_ignore_ascii_case("INBOX") {
        return true;
    }
    go(name.as_bytes(), pattern.as_bytes())
}

fn list(s: &mut Session, tag: &Tag, kind: ListKind, reference: &str, pattern: &str) -> Output {
    let Some(key) = authed(s).map(|a| a.key().to_owned()) else {
        return Output::one(text::unknown_command(tag, &s.id));
    };
    if pattern.is_empty() {
        // `LIST "" ""` asks for the hierarchy delimiter.
        return Output::many(vec![
            Response::Data(Data::List {
                kind,
                attributes: vec!["\\Noselect".into()],
                delimiter: Some('/'),
                mailbox: String::new(),
            }),
            text::success(tag),
        ]);
    }
    let full = format!("{reference}{pattern}");
    let w = s.shared.world();
    let Some(entry) = w.accounts.get(&key) else {
        return Output::one(text::success(tag));
    };
    let store = &entry.store;
    let mut out = Vec::new();
    for mb in store.mailboxes() {
        if kind == ListKind::Lsub && !mb.subscribed {
            continue;
        }
        if !list_matches(&mb.name, &full) {
            continue;
        }
        let prefix = format!("{}/", mb.name);
        let has_children = store.mailboxes().any(|m| m.name.starts_with(&prefix));
        let attributes = text::list_attributes(
            mb.special_use,
            has_children,
            !mb.selectable,
            kind == ListKind::Xlist,
            mb.name == names::INBOX,
        );
        let mailbox = if kind == ListKind::Xlist && mb.name == names::INBOX {
            "Inbox".to_owned()
        } else {
            mb.name.clone()
        };
        out.push(Response::Data(Data::List {
            kind,
            attributes,
            delimiter: Some('/'),
            mailbox,
        }));
    }
    out.push(text::success(tag));
    Output::many(out)
}

fn status(s: &mut Session, tag: &Tag, mailbox: &str, items: &[StatusItem]) -> Output {
    let Some(key) = authed(s).map(|a| a.key().to_owned()) else {
        return Output::one(text::unknown_command(tag, &s.id));
    };
    let w = s.shared.world();
    let store = match w.accounts.get(&key) {
        Some(e) => &e.store,
        None => return Output::one(text::success(tag)),
    };
    let Some(mb) = store.mailbox(mailbox).filter(|m| m.selectable) else {
        return Output::one(text::unknown_mailbox(tag, mailbox));
    };
    let (messages, unseen) = store.counts(mailbox).unwrap_or((0, 0));
    let values = items
        .iter()
        .map(|i| {
            let v = match i {
                StatusItem::Messages => messages,
                StatusItem::Recent => 0,
                StatusItem::UidNext => mb.uid_next,
                StatusItem::UidValidity => mb.uid_validity,
                StatusItem::Unseen => unseen,
            };
            (*i, v)
        })
        .collect();
    Output::many(vec![
        Response::Data(Data::Status {
            mailbox: mb.name.clone(),
            items: values,
        }),
        text::success(tag),
    ])
}

fn select(s: &mut Session, tag: Tag, mailbox: &str, read_only: bool) -> Output {
    let authed = match std::mem::replace(&mut s.phase, Phase::Logout) {
        Phase::Authenticated(a) | Phase::Selected(a, _) => a,
        other => {
            s.phase = other;
            return Output::one(text::unknown_command(&tag, &s.id));
        }
    };
    let opened = {
        let w = s.shared.world();
        w.accounts
            .get(authed.key())
            .and_then(|e| FolderView::open(&e.store, mailbox, read_only))
    };
    match opened {
        Some((sel, mut responses)) => {
            responses.push(text::selected(&tag, &sel.name, read_only));
            s.phase = Phase::Selected(authed, sel);
            Output::many(responses)
        }
        None => {
            // A failed SELECT leaves the session authenticated (RFC 3501).
            s.phase = Phase::Authenticated(authed);
            Output::one(text::select_failed(&tag, mailbox))
        }
    }
}

/// The signed-in user, in any authenticated phase.
pub(crate) fn authed(s: &Session) -> Option<&Authed> {
    match &s.phase {
        Phase::Authenticated(a) | Phase::Selected(a, _) => Some(a),
        Phase::Idle { authed, .. } => Some(authed),
        _ => None,
    }
}
