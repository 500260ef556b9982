//! BODYSTRUCTURE / BODY (RFC 3501 §7.4.2) of a part tree, in Gmail's
//! spelling.
//!
//! Gmail writes media types, subtypes, encodings, disposition types and
//! parameter names in upper case and keeps parameter values as sent
//! (`("CHARSET" "utf-8")`, `("BOUNDARY" "000000000000…")`). It sends the
//! MD5, disposition and language extension fields (`NIL NIL NIL`) and no
//! location; the encoder adds a location only when a part has one.
//! Parameter values that are not ASCII after RFC 2231 decoding go out as
//! one RFC 2047 word (a quoted IMAP string is 7-bit); this mock's choice,
//! the form clients decode best.

use gmail_wire::imap::body::{BodyExtension, BodyStructure, Disposition, SinglePartKind};

use super::content::Content;
use super::decode::encode_word_if_needed;
use super::envelope::envelope;
use super::tree::{Kind, Part};

/// The structure of `part` (the top level: the message itself).
pub(crate) fn structure(raw: &[u8], part: &Part) -> BodyStructure {
    let c = &part.content;
    match &part.kind {
        Kind::Multipart(children) => BodyStructure::Multi {
            parts: children.iter().map(|p| structure(raw, p)).collect(),
            subtype: c.subtype.to_ascii_uppercase(),
            params: params(&c.params),
            ext: extension(c),
        },
        kind => {
            let body = &raw[part.body.clone()];
            let kind = match kind {
                Kind::Message(inner) => SinglePartKind::Message {
                    envelope: Box::new(envelope(raw, inner)),
                    body: Box::new(structure(raw, inner)),
                    lines: lines(body),
                },
                _ if c.media_type == "text" => SinglePartKind::Text { lines: lines(body) },
                _ => SinglePartKind::Basic,
            };
            BodyStructure::Single {
                media_type: c.media_type.to_ascii_uppercase(),
                subtype: c.subtype.to_ascii_uppercase(),
                params: params(&c.params),
                id: c.id.clone(),
                description: c.description.clone(),
                encoding: c.encoding.as_deref().unwrap_or("7bit").to_ascii_uppercase(),
                size: u32::try_from(body.len()).unwrap_or(u32::MAX),
                kind,
                md5: c.md5.clone(),
                ext: extension(c),
            }
        }
    }
}

/// Text lines in a body: line ends, plus a last line without one.
pub(crate) fn lines(body: &[u8]) -> u32 {
    let n = body.iter().filter(|&&b| b == b'\n').count();
    let partial = usize::from(!body.is_empty() && !body.ends_with(b"\n"));
    u32::try_from(n + partial).unwrap_or(u32::MAX)
}

fn params(list: &[(String, String)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(n, v)| (n.to_ascii_uppercase(), encode_word_if_needed(v)))
        .collect()
}

fn extension(c: &Content) -> BodyExtension {
    BodyExtension {
        disposition: c.disposition.as_ref().map(|(kind, p)| Disposition {
            kind: kind.to_ascii_uppercase(),
            params: params(p),
        }),
        language: c.language.clone(),
        location: c.location.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mime::tree::parse;

    fn wire(raw: &[u8], extended: bool) -> String {
        let mut out = Vec::new();
        structure(raw, &parse(raw)).encode(&mut out, extended);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn alternative_like_gmail() {
        let raw = b"Content-Type: multipart/alternative; boundary=\"000b\"\r\n\r\n\
--000b\r\nContent-Type: text/plain; charset=\"UTF-8\"\r\n\r\nHi\r\n\r\n\
--000b\r\nContent-Type: text/html; charset=\"UTF-8\"\r\n\r\n<div>Hi</div>\r\n\r\n--000b--\r\n";
        assert_eq!(
            wire(raw, true),
            "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"UTF-8\") NIL NIL \"7BIT\" 4 1 NIL NIL NIL)\
(\"TEXT\" \"HTML\" (\"CHARSET\" \"UTF-8\") NIL NIL \"7BIT\" 15 1 NIL NIL NIL) \
\"ALTERNATIVE\" (\"BOUNDARY\" \"000b\") NIL NIL)"
        );
        assert_eq!(
            wire(raw, false),
            "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"UTF-8\") NIL NIL \"7BIT\" 4 1)\
(\"TEXT\" \"HTML\" (\"CHARSET\" \"UTF-8\") NIL NIL \"7BIT\" 15 1) \"ALTERNATIVE\")"
        );
    }

    #[test]
    fn attachment_with_rfc2231_name() {
        let raw = b"Content-Type: application/pdf; name=\"a.pdf\"\r\n\
Content-Disposition: attachment; filename*=utf-8''%C5%BC.pdf\r\n\
Content-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n";
        assert_eq!(
            wire(raw, true),
            "(\"APPLICATION\" \"PDF\" (\"NAME\" \"a.pdf\") NIL NIL \"BASE64\" 10 NIL \
(\"ATTACHMENT\" (\"FILENAME\" \"=?UTF-8?B?xbwucGRm?=\")) NIL)"
        );
    }

    #[test]
    fn line_counts() {
        assert_eq!(lines(b""), 0);
        assert_eq!(lines(b"a"), 1);
        assert_eq!(lines(b"a\r\n"), 1);
        assert_eq!(lines(b"a\r\nb"), 2);
    }
}
