//! `GETQUOTAROOT mailbox` and `GETQUOTA root` (RFC 2087): one account-wide
//! root `""` whose STORAGE is the size of every stored message in KiB
//! against Gmail's free 15 GB. SETQUOTA is not offered (Gmail does not).

use gmail_wire::imap::Tag;

use super::authenticated::authed;
use crate::imap::session::{Output, Session};
use crate::responses::imap as text;

/// Used storage in KiB, rounded up, and whether `mailbox` exists.
fn usage(s: &Session, mailbox: Option<&str>) -> Option<(u64, bool)> {
    let key = authed(s)?.key().to_owned();
    let w = s.shared.world();
    let store = &w.accounts.get(&key)?.store;
    let exists = mailbox.is_none_or(|m| store.mailbox(m).is_some());
    Some((store.total_bytes().div_ceil(1024), exists))
}

pub(crate) fn get_quota_root(s: &mut Session, tag: &Tag, mailbox: &str) -> Output {
    match usage(s, Some(mailbox)) {
        Some((used, true)) => Output::many(vec![
            text::quota_root(mailbox),
            text::quota(used),
            text::success(tag),
        ]),
        Some((_, false)) => Output::one(text::unknown_mailbox(tag, mailbox)),
        None => Output::one(text::unknown_command(tag, &s.id)),
    }
}

pub(crate) fn get_quota(s: &mut Session, tag: &Tag, root: &str) -> Output {
    if root != text::QUOTA_ROOT {
        return Output::one(text::unknown_quota_root(tag));
    }
    match usage(s, None) {
        Some((used, _)) => Output::many(vec![text::quota(used), text::success(tag)]),
        None => Output::one(text::unknown_command(tag, &s.id)),
    }
}
