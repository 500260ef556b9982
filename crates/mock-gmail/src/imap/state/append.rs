//! `APPEND mailbox [(flags)] [date-time] literal` with APPENDUID (RFC 4315).
//!
//! The literal may be synchronising (`{n}`: the connection sends `+ go
//! ahead`) or non-synchronising (`{n+}`); the framer refuses literals over
//! `APPENDLIMIT` before any byte is buffered. Gmail advertises `LITERAL-`
//! (non-synchronising literals up to 4096 bytes); the mock accepts `{n+}`
//! of any size up to the limit, as a LITERAL+ server would. The message
//! keeps its exact bytes (the literal's buffer becomes the shared `Bytes`).

use bytes::Bytes;
use chrono::{DateTime, FixedOffset};
use gmail_wire::imap::Tag;

use super::authenticated::authed;
use super::store_cmd::canonical_flags;
use crate::imap::session::{Output, Session};
use crate::responses::imap as text;

/// The arguments of one APPEND.
#[derive(Debug)]
pub(crate) struct Request<'a> {
    pub mailbox: &'a str,
    pub flags: &'a [String],
    pub date: Option<DateTime<FixedOffset>>,
    pub message: Vec<u8>,
}

pub(crate) fn append(s: &mut Session, tag: &Tag, req: Request<'_>) -> Output {
    let Some(key) = authed(s).map(|a| a.key().to_owned()) else {
        return Output::one(text::unknown_command(tag, &s.id));
    };
    let now = s.shared.wall_now();
    let done = {
        let mut w = s.shared.world();
        let Some(entry) = w.accounts.get_mut(&key) else {
            return Output::one(text::try_create(tag));
        };
        let store = &mut entry.store;
        let Some(folder) = store
            .mailbox(req.mailbox)
            .filter(|m| m.selectable)
            .map(|m| m.name.clone())
        else {
            return Output::one(text::try_create(tag));
        };
        let msgid = store.insert(
            Bytes::from(req.message),
            req.date.unwrap_or(now),
            canonical_flags(req.flags),
            &[&folder],
        );
        let mb = store.mailbox(&folder);
        let uid = mb.and_then(|m| m.uid_of(msgid));
        let validity = mb.map(|m| m.uid_validity).unwrap_or(0);
        entry.notify();
        uid.map(|u| (validity, u))
    };
    // Appending to the selected folder: its EXISTS comes with the reply.
    let mut out = super::selected::unsolicited(s);
    out.responses.push(match done {
        Some((validity, uid)) => text::append_ok(tag, validity, uid),
        // Appended to Trash/Spam while the message went elsewhere: no UID.
        None => text::success(tag),
    });
    out
}
