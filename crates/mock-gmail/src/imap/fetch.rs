//! FETCH data items computed from a stored message (RFC 3501 §6.4.5,
//! §7.4.2; Gmail's X-GM-* items).
//!
//! Message bytes are shared (`Bytes::slice`), never copied per session;
//! only `HEADER.FIELDS` builds new bytes. The MIME tree is built at most
//! once per message per FETCH, and only for items that need it
//! (ENVELOPE and the `HEADER`/`TEXT` sections need just the top-level
//! header split).

use bytes::Bytes;
use gmail_wire::imap::{FetchAttr, FetchValue, Section};

use crate::mime::{self, Part};
use crate::store::{Entry, Message, Store};

/// The values for one message, in request order, and whether the fetch
/// sets `\Seen` (RFC822, RFC822.TEXT, or a non-PEEK body section).
/// `selected` is the folder the session has open: X-GM-LABELS leaves its
/// label out, as Gmail does.
pub(crate) fn values(
    store: &Store,
    selected: &str,
    entry: Entry,
    attrs: &[FetchAttr],
    uid_mode: bool,
) -> (Vec<FetchValue>, bool) {
    let Some(msg) = store.message(entry.msgid) else {
        return (Vec::new(), false);
    };
    let mut view = View::new(msg);
    let mut out = Vec::with_capacity(attrs.len() + 1);
    let mut sets_seen = false;
    if uid_mode && !attrs.contains(&FetchAttr::Uid) {
        out.push(FetchValue::Uid(entry.uid));
    }
    for a in attrs {
        let v = match a {
            FetchAttr::Uid => FetchValue::Uid(entry.uid),
            FetchAttr::Flags => FetchValue::Flags(msg.flags.iter().cloned().collect()),
            FetchAttr::Rfc822Size => {
                FetchValue::Rfc822Size(u32::try_from(msg.raw.len()).unwrap_or(u32::MAX))
            }
            FetchAttr::InternalDate => FetchValue::InternalDate(msg.internal_date),
            FetchAttr::XGmMsgId => FetchValue::XGmMsgId(msg.msgid),
            FetchAttr::XGmThrId => FetchValue::XGmThrId(msg.thrid),
            FetchAttr::XGmLabels => {
                FetchValue::XGmLabels(store.gm_labels_seen_from(msg.msgid, selected))
            }
            FetchAttr::Envelope => {
                FetchValue::Envelope(Box::new(mime::envelope(&msg.raw, view.top())))
            }
            FetchAttr::Body | FetchAttr::BodyStructure => FetchValue::BodyStructure {
                structure: Box::new(mime::structure(&msg.raw, view.tree())),
                extended: *a == FetchAttr::BodyStructure,
            },
            FetchAttr::Rfc822 => {
                sets_seen = true;
                section_value("RFC822".into(), None, msg.raw.clone())
            }
            FetchAttr::Rfc822Header => {
                let top = view.top();
                section_value(
                    "RFC822.HEADER".into(),
                    None,
                    msg.raw.slice(top.header.clone()),
                )
            }
            FetchAttr::Rfc822Text => {
                sets_seen = true;
                let top = view.top();
                section_value("RFC822.TEXT".into(), None, msg.raw.slice(top.body.clone()))
            }
            FetchAttr::BodySection {
                peek,
                section,
                partial,
            } => {
                sets_seen |= !peek;
                // A part that does not exist is an empty string, as Gmail
                // and Dovecot answer (not NIL, not an error).
                let data = view.section(section).unwrap_or_default();
                let (data, origin) = match partial {
                    Some((o, n)) => {
                        let start = usize::try_from(*o).unwrap_or(usize::MAX).min(data.len());
                        let end = start.saturating_add(*n as usize).min(data.len());
                        (data.slice(start..end), Some(*o))
                    }
                    None => (data, None),
                };
                section_value(format!("BODY[{section}]"), origin, data)
            }
        };
        out.push(v);
    }
    (out, sets_seen)
}

/// One message with its MIME structure computed on first use.
struct View<'a> {
    msg: &'a Message,
    top: Option<Part>,
    tree: Option<Part>,
}

impl<'a> View<'a> {
    fn new(msg: &'a Message) -> Self {
        View {
            msg,
            top: None,
            tree: None,
        }
    }

    /// The top-level header/body split (no MIME parsing).
    fn top(&mut self) -> &Part {
        if let Some(t) = &self.tree {
            return t;
        }
        self.top
            .get_or_insert_with(|| mime::top_level(&self.msg.raw))
    }

    /// The whole part tree.
    fn tree(&mut self) -> &Part {
        self.tree.get_or_insert_with(|| mime::parse(&self.msg.raw))
    }

    fn section(&mut self, section: &Section) -> Option<Bytes> {
        let msg = self.msg;
        let root = if section.part.is_empty() {
            self.top()
        } else {
            self.tree()
        };
        mime::section_bytes(&msg.raw, root, section)
    }
}

fn section_value(name: String, origin: Option<u32>, data: Bytes) -> FetchValue {
    FetchValue::Section {
        name,
        origin,
        data: Some(data),
    }
}

#[cfg(test)]
mod tests;
