//! Decoded text for SEARCH (TEXT, BODY, HEADER keys and X-GM-RAW): header
//! fields with RFC 2047 words decoded, and every `text/*` part (also
//! inside forwarded messages) with its transfer encoding undone and its
//! charset converted to UTF-8. Best effort, never failing.

use super::content::Content;
use super::decode::{charset_to_utf8, decode_words, transfer_decode};
use super::scan;
use super::tree::{parse, Kind, Part};

/// Header fields (`Name: decoded value` lines) then the decoded text of
/// every text part: what IMAP `TEXT` searches.
pub(crate) fn text_for_search(raw: &[u8]) -> String {
    let tree = parse(raw);
    let mut out = header_text(raw, &tree);
    body_text(raw, &tree, &mut out);
    out
}

/// Only the decoded text parts: what IMAP `BODY` searches.
pub(crate) fn body_for_search(raw: &[u8]) -> String {
    let mut out = String::new();
    body_text(raw, &parse(raw), &mut out);
    out
}

/// The top-level header fields, one `Name: decoded value` line each.
pub(crate) fn header_text(raw: &[u8], msg: &Part) -> String {
    let mut out = String::new();
    for f in scan::fields(raw, msg.header.clone()) {
        out.push_str(&String::from_utf8_lossy(&raw[f.name.clone()]));
        out.push_str(": ");
        out.push_str(&decode_words(&scan::unfold(&raw[f.value.clone()])));
        out.push('\n');
    }
    out
}

/// The top-level header fields as (name, decoded value) pairs, in order:
/// what a console shows (captured messages), decoded as for SEARCH.
pub(crate) fn header_fields(raw: &[u8]) -> Vec<(String, String)> {
    let tree = parse(raw);
    scan::fields(raw, tree.header.clone())
        .into_iter()
        .map(|f| {
            (
                String::from_utf8_lossy(&raw[f.name.clone()]).into_owned(),
                decode_words(&scan::unfold(&raw[f.value.clone()])),
            )
        })
        .collect()
}

/// Whether any part is an attachment (Gmail's `has:attachment`): a
/// `Content-Disposition: attachment`, or a non-text leaf with a file name.
pub(crate) fn has_attachment(raw: &[u8]) -> bool {
    fn walk(p: &Part) -> bool {
        let c: &Content = &p.content;
        let named = c.param("name").is_some()
            || c.disposition
                .as_ref()
                .is_some_and(|(_, ps)| ps.iter().any(|(n, _)| n == "filename"));
        let attached = c
            .disposition
            .as_ref()
            .is_some_and(|(k, _)| k == "attachment");
        match &p.kind {
            Kind::Multipart(children) => children.iter().any(walk),
            Kind::Message(_) => true,
            Kind::Leaf => attached || (named && c.media_type != "text"),
        }
    }
    let tree = parse(raw);
    // The top-level entity of a plain message is its body, not an attachment.
    match &tree.kind {
        Kind::Multipart(children) => children.iter().any(walk),
        _ => false,
    }
}

fn body_text(raw: &[u8], part: &Part, out: &mut String) {
    match &part.kind {
        Kind::Multipart(children) => {
            for c in children {
                body_text(raw, c, out);
            }
        }
        Kind::Message(inner) => {
            out.push_str(&header_text(raw, inner));
            body_text(raw, inner, out);
        }
        Kind::Leaf if part.content.media_type == "text" => {
            let c = &part.content;
            let bytes = transfer_decode(c.encoding.as_deref(), &raw[part.body.clone()]);
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&charset_to_utf8(c.param("charset").unwrap_or(""), &bytes));
        }
        Kind::Leaf => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_headers_and_text_parts() {
        let raw = b"Subject: =?ISO-8859-2?Q?Zg=B3oszenie?=\r\n\
Content-Type: multipart/mixed; boundary=b\r\n\r\n\
--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
Za=C5=BC=C3=B3=C5=82=C4=87\r\n\
--b\r\nContent-Type: application/pdf; name=x.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nSEVMTE8=\r\n\
--b\r\nContent-Type: text/html; charset=windows-1250\r\nContent-Transfer-Encoding: base64\r\n\r\nuQ==\r\n--b--\r\n";
        let t = text_for_search(raw);
        assert!(t.contains("Subject: Zgłoszenie\n"), "{t}");
        assert!(t.contains("Zażółć"), "{t}");
        assert!(t.contains('ą'), "{t}");
        assert!(!t.contains("HELLO"), "{t}");
        let b = body_for_search(raw);
        assert!(!b.contains("Zgłoszenie") && b.contains("Zażółć"));
        assert!(has_attachment(raw));
        assert!(!has_attachment(b"Subject: x\r\n\r\nbody"));
    }
}
