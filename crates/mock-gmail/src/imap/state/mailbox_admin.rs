//! CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE: Gmail labels as
//! folders (see `store::mailbox` for the rules). Each change wakes the
//! account's other sessions, whose selected folder may have lost messages.

use gmail_wire::imap::Tag;

use super::authenticated::authed;
use crate::imap::session::{Output, Session};
use crate::responses::imap as text;
use crate::store::{MailboxError, Store};

/// Runs a folder command on the signed-in account's store.
fn on_store(
    s: &mut Session,
    tag: &Tag,
    name: &str,
    f: impl FnOnce(&mut Store) -> Result<(), MailboxError>,
) -> Output {
    let Some(key) = authed(s).map(|a| a.key().to_owned()) else {
        return Output::one(text::unknown_command(tag, &s.id));
    };
    let result = {
        let mut w = s.shared.world();
        let Some(entry) = w.accounts.get_mut(&key) else {
            return Output::one(text::unknown_mailbox(tag, name));
        };
        let r = f(&mut entry.store);
        if r.is_ok() {
            entry.notify();
        }
        r
    };
    Output::one(match result {
        Ok(()) => text::success(tag),
        Err(MailboxError::AlreadyExists) => text::already_exists(tag),
        Err(MailboxError::NonExistent) => text::unknown_mailbox(tag, name),
        Err(MailboxError::System) => text::system_folder(tag),
        Err(MailboxError::InvalidName) => text::invalid_folder_name(tag),
    })
}

pub(crate) fn create(s: &mut Session, tag: &Tag, name: &str) -> Output {
    on_store(s, tag, name, |st| st.create_mailbox(name))
}

pub(crate) fn delete(s: &mut Session, tag: &Tag, name: &str) -> Output {
    on_store(s, tag, name, |st| st.delete_mailbox(name))
}

pub(crate) fn rename(s: &mut Session, tag: &Tag, from: &str, to: &str) -> Output {
    on_store(s, tag, from, |st| st.rename_mailbox(from, to))
}

pub(crate) fn subscribe(s: &mut Session, tag: &Tag, name: &str, on: bool) -> Output {
    on_store(s, tag, name, |st| st.set_subscribed(name, on))
}
