//! The part tree: headers, bodies and children as byte ranges of the raw
//! message (RFC 2046 §5.1 boundaries, RFC 3501 §6.4.5 part ranges).
//!
//! Ranges follow IMAP: a part's body ends before the line end that
//! precedes the next boundary delimiter (that line end belongs to the
//! delimiter); the preamble and epilogue belong to no part; a missing
//! close delimiter ends the last part at the end of its parent.

use std::ops::Range;

use super::content::{Content, DefaultType};
use super::scan;

/// Deepest nesting of multiparts and messages that is split into parts;
/// a part deeper than this is kept whole, as an opaque leaf. Real mail
/// nests a handful of levels (forwarded mail inside a digest inside a
/// bounce); 32 keeps a pathological message from costing more than a
/// little stack in every recursive walk over the tree.
pub(crate) const MAX_DEPTH: usize = 32;

/// Most parts one message is split into. Past it, remaining multiparts
/// stay whole (opaque). Gmail itself rejects mail with thousands of
/// parts; 2,000 bounds the tree of a hostile message to a few hundred KiB.
pub(crate) const MAX_PARTS: usize = 2_000;

/// One MIME entity: a whole message or a body part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    /// The header, including the blank line that ends it (if any).
    pub header: Range<usize>,
    /// The body.
    pub body: Range<usize>,
    /// What the `Content-*` fields say (or the defaults).
    pub content: Content,
    /// Children, an encapsulated message, or nothing.
    pub kind: Kind,
}

/// What a part contains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A leaf (any type but multipart and message/rfc822, or a part that
    /// could not or should not be split).
    Leaf,
    /// `multipart/*`: at least one child.
    Multipart(Vec<Part>),
    /// `message/rfc822`: the encapsulated message.
    Message(Box<Part>),
}

#[cfg(test)]
impl Part {
    /// The children of a multipart (empty otherwise).
    pub(crate) fn children(&self) -> &[Part] {
        match &self.kind {
            Kind::Multipart(c) => c,
            _ => &[],
        }
    }
}

/// Parses a whole message. Never panics; cost is linear in the size
/// times the nesting depth (at most [`MAX_DEPTH`]).
pub(crate) fn parse(raw: &[u8]) -> Part {
    let mut budget = MAX_PARTS;
    parse_entity(raw, 0..raw.len(), DefaultType::TextPlain, 0, &mut budget)
}

fn parse_entity(
    raw: &[u8],
    range: Range<usize>,
    default: DefaultType,
    depth: usize,
    budget: &mut usize,
) -> Part {
    let (header, body_start) = scan::split_header(raw, range.start, range.end);
    let fields = scan::fields(raw, header.clone());
    let mut content = Content::from_fields(raw, &fields, default);
    let body = body_start..range.end;
    let deeper_ok = depth < MAX_DEPTH && *budget > 0;
    let kind = if content.media_type == "multipart" {
        let boundary = content.param("boundary").map(|b| b.as_bytes().to_vec());
        match boundary.filter(|b| !b.is_empty()) {
            Some(b) if deeper_ok && content.identity_encoding() => {
                let child_default = if content.subtype == "digest" {
                    DefaultType::MessageRfc822
                } else {
                    DefaultType::TextPlain
                };
                let ranges = split_parts(raw, body.clone(), &b);
                let mut children = Vec::with_capacity(ranges.len().max(1));
                for r in ranges {
                    if *budget == 0 {
                        break;
                    }
                    *budget -= 1;
                    children.push(parse_entity(raw, r, child_default, depth + 1, budget));
                }
                if children.is_empty() {
                    // No delimiter at all: one empty text part, so the
                    // structure stays grammatical (`1*body`).
                    let at = body.end;
                    children.push(parse_entity(
                        raw,
                        at..at,
                        DefaultType::TextPlain,
                        depth + 1,
                        budget,
                    ));
                }
                Kind::Multipart(children)
            }
            _ => {
                // Unsplittable multipart (no boundary, encoded, too deep):
                // RFC 2045 §5.2 — treat an invalid type as the default.
                content.media_type = "text".into();
                content.subtype = "plain".into();
                content.params = vec![("charset".into(), "us-ascii".into())];
                content.defaulted = true;
                Kind::Leaf
            }
        }
    } else if content.is("message", "rfc822") && deeper_ok {
        *budget -= 1;
        let inner = parse_entity(raw, body.clone(), DefaultType::TextPlain, depth + 1, budget);
        Kind::Message(Box::new(inner))
    } else {
        Kind::Leaf
    };
    Part {
        header,
        body,
        content,
        kind,
    }
}

/// The ranges of the body parts of a multipart body, per RFC 2046 §5.1.1:
/// a delimiter line is `--boundary` (optionally followed by `--` for the
/// last one) and then only linear whitespace up to the line end.
fn split_parts(raw: &[u8], body: Range<usize>, boundary: &[u8]) -> Vec<Range<usize>> {
    let mut parts = Vec::new();
    let mut open: Option<usize> = None; // start of the current part
    let mut pos = body.start;
    while pos < body.end {
        let le = scan::line_end(raw, pos, body.end);
        if let Some(close) = delimiter(&raw[pos..le], boundary) {
            if let Some(start) = open.take() {
                parts.push(start..part_end(raw, start, pos));
            }
            if close {
                return parts;
            }
            open = Some(le);
        }
        pos = le;
    }
    if let Some(start) = open {
        parts.push(start..body.end);
    }
    parts
}

/// The end of a part whose next delimiter line starts at `delim`: before
/// the line end preceding it, but never before the part's start.
fn part_end(raw: &[u8], start: usize, delim: usize) -> usize {
    let mut end = delim;
    if end > start && raw[end - 1] == b'\n' {
        end -= 1;
        if end > start && raw[end - 1] == b'\r' {
            end -= 1;
        }
    }
    end
}

/// `Some(is_close)` if `line` is a delimiter line for `boundary`.
fn delimiter(line: &[u8], boundary: &[u8]) -> Option<bool> {
    let rest = line.strip_prefix(b"--")?.strip_prefix(boundary)?;
    let (close, rest) = match rest.strip_prefix(b"--") {
        Some(r) => (true, r),
        None => (false, rest),
    };
    rest.iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        .then_some(close)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(raw: &[u8], r: &Range<usize>) -> String {
        String::from_utf8_lossy(&raw[r.clone()]).into_owned()
    }

    #[test]
    fn multipart_ranges() {
        let raw = b"Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\npre\r\n\
--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b\r\n\r\nno headers\r\n\
--b\r\nContent-Type: multipart/alternative; boundary=c\r\n\r\ninner pre\r\n--c\r\n\r\nA\r\n--c--\r\ninner epi\r\n\
--b \t\r\nContent-Type: message/rfc822\r\n\r\nSubject: in\r\n\r\nbody in\r\n--b--\r\nepi\r\n";
        let t = parse(raw);
        let c = t.children();
        assert_eq!(c.len(), 4);
        assert_eq!(s(raw, &c[0].header), "Content-Type: text/plain\r\n\r\n");
        assert_eq!(s(raw, &c[0].body), "hello");
        assert_eq!(s(raw, &c[1].header), "\r\n");
        assert_eq!(s(raw, &c[1].body), "no headers");
        assert_eq!(
            s(raw, &c[2].body),
            "inner pre\r\n--c\r\n\r\nA\r\n--c--\r\ninner epi"
        );
        assert_eq!(s(raw, &c[2].children()[0].body), "A");
        let Kind::Message(inner) = &c[3].kind else {
            panic!("not a message")
        };
        assert_eq!(s(raw, &inner.header), "Subject: in\r\n\r\n");
        assert_eq!(s(raw, &inner.body), "body in");
    }

    #[test]
    fn lf_missing_close_and_boundary_prefix() {
        let raw = b"Content-Type: multipart/mixed; boundary=b\n\n--b\n\nhello\n--bogus\n--b\n\nunterminated";
        let t = parse(raw);
        let c = t.children();
        assert_eq!(c.len(), 2);
        assert_eq!(s(raw, &c[0].body), "hello\n--bogus");
        assert_eq!(s(raw, &c[1].body), "unterminated");
    }

    #[test]
    fn digest_default_and_header_only_part() {
        let raw = b"Content-Type: multipart/digest; boundary=d\r\n\r\n--d\r\n\r\nSubject: dig\r\n\r\nd1\r\n\
--d\r\nContent-Type: text/plain\r\nX: y\r\n--d--\r\n";
        let t = parse(raw);
        let c = t.children();
        assert_eq!(c.len(), 2);
        assert!(matches!(c[0].kind, Kind::Message(_)));
        assert_eq!(s(raw, &c[1].header), "Content-Type: text/plain\r\nX: y");
        assert_eq!(c[1].body, c[1].header.end..c[1].header.end);
    }

    #[test]
    fn no_delimiter_and_no_boundary() {
        let raw = b"Content-Type: multipart/mixed; boundary=b\r\n\r\njust text\r\n";
        let t = parse(raw);
        assert_eq!(t.children().len(), 1);
        assert!(t.children()[0].body.is_empty());
        let raw = b"Content-Type: multipart/mixed\r\n\r\ntext\r\n";
        let t = parse(raw);
        assert!(matches!(t.kind, Kind::Leaf));
        assert!(t.content.is("text", "plain"));
    }

    #[test]
    fn limits_hold() {
        let mut deep = Vec::new();
        for i in 0..500 {
            deep.extend_from_slice(
                format!("Content-Type: multipart/mixed; boundary=b{i}\r\n\r\n--b{i}\r\n")
                    .as_bytes(),
            );
        }
        let t = parse(&deep);
        let mut d = 0;
        let mut p = &t;
        while let Some(c) = p.children().first() {
            p = c;
            d += 1;
        }
        assert_eq!(d, MAX_DEPTH);
        let mut wide = b"Content-Type: multipart/mixed; boundary=b\r\n\r\n".to_vec();
        for _ in 0..5000 {
            wide.extend_from_slice(b"--b\r\n\r\nx\r\n");
        }
        assert_eq!(parse(&wide).children().len(), MAX_PARTS);
    }
}
