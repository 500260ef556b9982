//! FETCH data items computed from a stored message.
//!
//! Message bytes are shared (`Bytes::slice`), never copied per session.

use bytes::Bytes;
use gmail_wire::imap::{FetchAttr, FetchValue, Section, SectionText};

use crate::store::{Entry, Message, Store};

/// Why an item cannot be served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unsupported(pub String);

/// The values for one message, in request order, and whether the fetch
/// sets `\Seen` (a non-PEEK body section).
pub(crate) fn values(
    store: &Store,
    entry: Entry,
    attrs: &[FetchAttr],
    uid_mode: bool,
) -> Result<(Vec<FetchValue>, bool), Unsupported> {
    let Some(msg) = store.message(entry.msgid) else {
        return Ok((Vec::new(), false));
    };
    let mut out = Vec::with_capacity(attrs.len() + 1);
    let mut sets_seen = false;
    if uid_mode && !attrs.contains(&FetchAttr::Uid) {
        out.push(FetchValue::Uid(entry.uid));
    }
    for a in attrs {
        let v = match a {
            FetchAttr::Uid => FetchValue::Uid(entry.uid),
            FetchAttr::Flags => FetchValue::Flags(msg.flags.iter().cloned().collect()),
            FetchAttr::Rfc822Size => FetchValue::Rfc822Size(msg.raw.len() as u32),
            FetchAttr::InternalDate => FetchValue::InternalDate(msg.internal_date),
            FetchAttr::XGmMsgId => FetchValue::XGmMsgId(msg.msgid),
            FetchAttr::XGmThrId => FetchValue::XGmThrId(msg.thrid),
            FetchAttr::XGmLabels => FetchValue::XGmLabels(labels(store, msg.msgid)),
            FetchAttr::Rfc822 => {
                sets_seen = true;
                section_value("RFC822".into(), None, msg.raw.clone())
            }
            FetchAttr::Rfc822Header => section_value("RFC822.HEADER".into(), None, header(msg)),
            FetchAttr::Rfc822Text => {
                sets_seen = true;
                section_value("RFC822.TEXT".into(), None, body_text(msg))
            }
            FetchAttr::BodySection {
                peek,
                section,
                partial,
            } => {
                if !peek {
                    sets_seen = true;
                }
                let data = section_bytes(msg, section)
                    .ok_or_else(|| Unsupported(format!("BODY[{section}]")))?;
                let (data, origin) = match partial {
                    Some((o, n)) => {
                        let start = (*o as usize).min(data.len());
                        let end = start.saturating_add(*n as usize).min(data.len());
                        (data.slice(start..end), Some(*o))
                    }
                    None => (data, None),
                };
                section_value(format!("BODY[{section}]"), origin, data)
            }
            FetchAttr::Envelope | FetchAttr::Body | FetchAttr::BodyStructure => {
                return Err(Unsupported(gmail_wire::imap::encode::fetch_attr_name(a)));
            }
        };
        out.push(v);
    }
    Ok((out, sets_seen))
}

fn section_value(name: String, origin: Option<u32>, data: Bytes) -> FetchValue {
    FetchValue::Section {
        name,
        origin,
        data: Some(data),
    }
}

/// Offset just past the blank line that ends the header (or the end).
fn header_end(raw: &[u8]) -> usize {
    if let Some(p) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
        return p + 4;
    }
    if let Some(p) = raw.windows(2).position(|w| w == b"\n\n") {
        return p + 2;
    }
    raw.len()
}

fn header(msg: &Message) -> Bytes {
    msg.raw.slice(..header_end(&msg.raw))
}

fn body_text(msg: &Message) -> Bytes {
    msg.raw.slice(header_end(&msg.raw)..)
}

/// The bytes of a section of the top-level message. Part numbers need the
/// MIME tree and are not served here.
fn section_bytes(msg: &Message, section: &Section) -> Option<Bytes> {
    if !section.part.is_empty() {
        return None;
    }
    Some(match &section.text {
        None => msg.raw.clone(),
        Some(SectionText::Header) => header(msg),
        Some(SectionText::Text) => body_text(msg),
        Some(SectionText::HeaderFields(names)) => header_fields(&header(msg), names, false),
        Some(SectionText::HeaderFieldsNot(names)) => header_fields(&header(msg), names, true),
        Some(SectionText::Mime) => return None,
    })
}

/// Selects (or, with `not`, drops) header fields by name, keeping folded
/// continuation lines with their field and ending with the blank line.
pub(crate) fn header_fields(header: &[u8], names: &[String], not: bool) -> Bytes {
    let mut out = Vec::new();
    let mut keep = false;
    for line in header.split_inclusive(|&b| b == b'\n') {
        if line == b"\r\n" || line == b"\n" {
            break;
        }
        if !line.starts_with(b" ") && !line.starts_with(b"\t") {
            let name = line.split(|&b| b == b':').next().unwrap_or(b"");
            let name = String::from_utf8_lossy(name);
            let listed = names.iter().any(|n| n.eq_ignore_ascii_case(name.trim()));
            keep = listed != not;
        }
        if keep {
            out.extend_from_slice(line);
        }
    }
    out.extend_from_slice(b"\r\n");
    Bytes::from(out)
}

/// X-GM-LABELS: every folder holding the message, as Gmail names labels.
pub(crate) fn labels(store: &Store, msgid: u64) -> Vec<String> {
    use crate::store::names;
    store
        .mailboxes()
        .filter(|m| m.name != names::ALL_MAIL && m.entries.iter().any(|e| e.msgid == msgid))
        .map(|m| match m.name.as_str() {
            names::INBOX => "\\Inbox".to_owned(),
            names::SENT => "\\Sent".to_owned(),
            names::DRAFTS => "\\Draft".to_owned(),
            names::IMPORTANT => "\\Important".to_owned(),
            names::STARRED => "\\Starred".to_owned(),
            names::SPAM => "\\Spam".to_owned(),
            names::TRASH => "\\Trash".to_owned(),
            other => other.to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_field_selection() {
        let h = b"From: a@b\r\nSubject: hi\r\n there\r\nTo: c@d\r\n\r\n";
        let got = header_fields(h, &["subject".into()], false);
        assert_eq!(&got[..], b"Subject: hi\r\n there\r\n\r\n");
        let got = header_fields(h, &["Subject".into()], true);
        assert_eq!(&got[..], b"From: a@b\r\nTo: c@d\r\n\r\n");
    }
}
