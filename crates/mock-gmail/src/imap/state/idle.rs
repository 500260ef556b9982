//! IDLE (RFC 2177): `+ idling`, then updates as they happen until `DONE`.
//!
//! The connection wakes an idling session when its account's store
//! changes (see `connection.rs`, which also coalesces bursts); the session
//! then reports what changed in its folder: `* n EXPUNGE`, `* n EXISTS`,
//! `* n FETCH (UID … FLAGS …)`.

use gmail_wire::imap::Tag;

use crate::imap::folder_view::FolderView;
use crate::imap::session::{Authed, Output, Phase, Session};
use crate::responses::imap as text;

/// `IDLE` in the authenticated or selected state.
pub(crate) fn start(s: &mut Session, tag: Tag) -> Output {
    match std::mem::replace(&mut s.phase, Phase::Logout) {
        Phase::Selected(mut authed, selected) => {
            // Changes up to now are reported below; wake only for later ones.
            authed.watch.borrow_and_update();
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
    let mut out = super::selected::unsolicited(s);
    out.responses.insert(0, text::idling());
    out
}

/// A line during IDLE: `DONE` ends it; anything else is a protocol error.
pub(crate) fn line(
    s: &mut Session,
    tag: Tag,
    authed: Authed,
    selected: Option<FolderView>,
    line: &[u8],
) -> Output {
    let done = line.trim_ascii().eq_ignore_ascii_case(b"DONE");
    s.rec.client_raw(line);
    s.phase = match selected {
        Some(sel) => Phase::Selected(authed, sel),
        None => Phase::Authenticated(authed),
    };
    if done {
        Output::one(text::idle_terminated(&tag))
    } else {
        Output::one(text::could_not_parse(&tag))
    }
}

/// The store changed while idling: what this session's folder gained or
/// lost since it last looked.
pub(crate) fn store_changed(s: &mut Session) -> Output {
    super::selected::unsolicited(s)
}
