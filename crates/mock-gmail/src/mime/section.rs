//! `BODY[section]`: which bytes a section specifier names (RFC 3501
//! §6.4.5), as zero-copy slices of the stored message.
//!
//! Part numbers walk the tree: in a message (the top level, or one
//! encapsulated by a `message/rfc822` part) part `n` is the n-th child of
//! a multipart body, and part `1` of a non-multipart message is its body.
//! `HEADER`, `TEXT` and `HEADER.FIELDS[.NOT]` after a part number need a
//! `message/rfc822` part and name the encapsulated message's header or
//! text; `MIME` names the part's own MIME header.

use bytes::Bytes;
use gmail_wire::imap::{Section, SectionText};

use super::scan;
use super::tree::{Kind, Part};

/// The bytes of `section` of the message `raw` (whose tree is `root`), or
/// `None` when the section does not exist (servers answer an empty string).
pub(crate) fn bytes(raw: &Bytes, root: &Part, section: &Section) -> Option<Bytes> {
    if section.part.is_empty() {
        return message_text(raw, root, section.text.as_ref());
    }
    let part = walk(root, &section.part)?;
    match &section.text {
        None => Some(raw.slice(part.body.clone())),
        Some(SectionText::Mime) => Some(raw.slice(part.header.clone())),
        Some(t) => match &part.kind {
            Kind::Message(inner) => message_text(raw, inner, Some(t)),
            _ => None,
        },
    }
}

/// The part that a non-empty part path names.
pub(crate) fn walk<'a>(root: &'a Part, path: &[u32]) -> Option<&'a Part> {
    // `msg` is Some while the cursor is a message (part numbers index its
    // body); `None` once it is a body part.
    let mut cur = root;
    let mut in_message = true;
    for &n in path {
        let n = usize::try_from(n).ok()?.checked_sub(1)?;
        if !in_message {
            match &cur.kind {
                Kind::Multipart(_) => {}
                Kind::Message(inner) => cur = inner,
                Kind::Leaf => return None,
            }
        }
        // `cur` is now a message or a multipart part.
        cur = match &cur.kind {
            Kind::Multipart(children) => children.get(n)?,
            _ if n == 0 => cur,
            _ => return None,
        };
        in_message = false;
    }
    Some(cur)
}

/// A message's `HEADER` / `TEXT` / `HEADER.FIELDS…`, or the whole
/// message when `text` is `None`.
fn message_text(raw: &Bytes, msg: &Part, text: Option<&SectionText>) -> Option<Bytes> {
    let whole = msg.header.start..msg.body.end;
    Some(match text {
        None => raw.slice(whole),
        Some(SectionText::Header) => raw.slice(msg.header.clone()),
        Some(SectionText::Text) => raw.slice(msg.body.clone()),
        Some(SectionText::HeaderFields(names)) => header_fields(raw, msg, names, false),
        Some(SectionText::HeaderFieldsNot(names)) => header_fields(raw, msg, names, true),
        Some(SectionText::Mime) => return None,
    })
}

/// The fields of `msg`'s header that are (or, with `not`, are not) in
/// `names`, each with its continuation lines, then the blank line (CRLF).
pub(crate) fn header_fields(raw: &Bytes, msg: &Part, names: &[String], not: bool) -> Bytes {
    let mut out = Vec::new();
    for f in scan::fields(raw, msg.header.clone()) {
        let name = &raw[f.name.clone()];
        let listed = names
            .iter()
            .any(|n| n.as_bytes().eq_ignore_ascii_case(name));
        if listed != not {
            out.extend_from_slice(&raw[f.whole.clone()]);
            if !out.ends_with(b"\n") {
                out.extend_from_slice(b"\r\n");
            }
        }
    }
    out.extend_from_slice(b"\r\n");
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mime::tree::parse;

    fn get(raw: &'static [u8], spec: &str) -> Option<String> {
        let raw = Bytes::from_static(raw);
        let tree = parse(&raw);
        bytes(&raw, &tree, &spec_of(spec)).map(|b| String::from_utf8(b.to_vec()).unwrap())
    }

    /// A section specifier, parsed by the real command grammar.
    pub(crate) fn spec_of(spec: &str) -> Section {
        let line = format!("a FETCH 1 BODY.PEEK[{spec}]\r\n");
        let cmd = gmail_wire::imap::parse_command(line.as_bytes()).expect("valid section");
        match cmd.body {
            gmail_wire::imap::CommandBody::Fetch { items, .. } => match items.expand().pop() {
                Some(gmail_wire::imap::FetchAttr::BodySection { section, .. }) => section,
                other => panic!("not a section: {other:?}"),
            },
            other => panic!("not a FETCH: {other:?}"),
        }
    }

    const NESTED: &[u8] = b"Subject: top\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n\
--b\r\nContent-Type: text/plain\r\n\r\nfirst\r\n\
--b\r\nContent-Type: message/rfc822\r\nContent-Description: fwd\r\n\r\n\
Subject: inner\r\nFrom: a@b\r\nContent-Type: multipart/alternative; boundary=c\r\n\r\n\
--c\r\n\r\nplain\r\n--c\r\nContent-Type: text/html\r\n\r\n<p>html</p>\r\n--c--\r\n\
--b--\r\n";

    #[test]
    fn sections_of_nested_parts() {
        assert_eq!(get(NESTED, "1").unwrap(), "first");
        assert_eq!(
            get(NESTED, "1.MIME").unwrap(),
            "Content-Type: text/plain\r\n\r\n"
        );
        assert_eq!(
            get(NESTED, "2.HEADER").unwrap(),
            "Subject: inner\r\nFrom: a@b\r\nContent-Type: multipart/alternative; boundary=c\r\n\r\n"
        );
        assert_eq!(
            get(NESTED, "2.MIME").unwrap(),
            "Content-Type: message/rfc822\r\nContent-Description: fwd\r\n\r\n"
        );
        assert_eq!(get(NESTED, "2.1").unwrap(), "plain");
        assert_eq!(get(NESTED, "2.2").unwrap(), "<p>html</p>");
        assert_eq!(
            get(NESTED, "2.2.MIME").unwrap(),
            "Content-Type: text/html\r\n\r\n"
        );
        assert_eq!(
            get(NESTED, "2.HEADER.FIELDS (from subject)").unwrap(),
            "Subject: inner\r\nFrom: a@b\r\n\r\n"
        );
        assert!(get(NESTED, "2.TEXT").unwrap().starts_with("--c\r\n"));
        assert!(get(NESTED, "2.TEXT").unwrap().ends_with("--c--"));
        assert_eq!(get(NESTED, "3"), None);
        assert_eq!(get(NESTED, "1.1"), None);
        assert_eq!(get(NESTED, "1.HEADER"), None);
        assert_eq!(get(NESTED, "2.3"), None);
    }

    #[test]
    fn single_part_message() {
        let raw = b"Subject: s\r\n\r\nbody\r\n";
        assert_eq!(get(raw, "1").unwrap(), "body\r\n");
        assert_eq!(get(raw, "TEXT").unwrap(), "body\r\n");
        assert_eq!(get(raw, "1.MIME").unwrap(), "Subject: s\r\n\r\n");
        assert_eq!(get(raw, "2"), None);
        assert_eq!(get(raw, "HEADER.FIELDS.NOT (SUBJECT)").unwrap(), "\r\n");
    }

    #[test]
    fn header_fields_keep_folding() {
        let raw = b"From: a@b\r\nSubject: hi\r\n there\r\nTo: c@d\r\n\r\nx";
        assert_eq!(
            get(raw, "HEADER.FIELDS (subject)").unwrap(),
            "Subject: hi\r\n there\r\n\r\n"
        );
        assert_eq!(
            get(raw, "HEADER.FIELDS.NOT (Subject)").unwrap(),
            "From: a@b\r\nTo: c@d\r\n\r\n"
        );
    }
}
