//! MIME structure of stored messages: the part tree with exact byte
//! ranges, and what IMAP derives from it (ENVELOPE, BODYSTRUCTURE,
//! `BODY[section]`, decoded text for SEARCH).
//!
//! A stored message is one [`bytes::Bytes`]; every section is a
//! `Bytes::slice` of it (zero-copy), so sessions never copy message bytes.
//! The tree is cheap to build (one pass over the lines per nesting level,
//! no decoding) and is built on demand per FETCH.
//!
//! # Why hand-written, not `mail-parser`
//!
//! `mail-parser` 0.11 (the newest that builds on this project's Rust; 1.x
//! needs a newer compiler) was evaluated first: its `MessagePart` offsets
//! match IMAP's ranges for ordinary multipart mail. It cannot serve
//! `BODY[section]` byte-exactly in three cases found by testing it:
//! - a base64 or quoted-printable `message/rfc822` part is decoded and its
//!   inner offsets point into the *decoded* buffer, not the stored bytes,
//!   with nothing marking them as such;
//! - a part whose header runs into the next boundary (no blank line) is
//!   dropped, which renumbers every later part;
//! - any line starting with `--boundary` ends a part (`--boundary-x`
//!   too), so an inner boundary that extends the outer one splits wrong.
//!
//! It also decodes every body while parsing (a 20 MB attachment is
//! decoded to answer `FETCH BODYSTRUCTURE`). IMAP needs only offsets, so
//! the tree here is offset-only; decoding happens for SEARCH text only,
//! with `encoding_rs` for charsets.
//!
//! # Layout
//! - `scan`: lines, header blocks and fields as byte ranges.
//! - `content`: `Content-*` fields, parameters, RFC 2231.
//! - `tree`: the part tree (boundaries, `message/rfc822`, limits).
//! - `section`: `BODY[section]` → bytes.
//! - `address`, `envelope`: ENVELOPE.
//! - `structure`: BODYSTRUCTURE / BODY.
//! - `decode`: transfer encodings, charsets, RFC 2047 words.
//! - `search_text`: decoded text for SEARCH.

mod address;
mod content;
mod decode;
mod envelope;
pub(crate) mod from_header;
mod scan;
mod search_text;
mod section;
mod structure;
mod tree;

#[cfg(test)]
mod proptests;

pub(crate) use envelope::envelope;
pub(crate) use search_text::{
    body_for_search, has_attachment, header_fields, header_text, text_for_search,
};
pub(crate) use section::bytes as section_bytes;
pub(crate) use structure::structure;
pub(crate) use tree::{parse, Kind, Part};

/// The top-level header range and body start of `raw`, without building
/// the tree (for RFC822.HEADER, RFC822.TEXT, `BODY[HEADER…]`).
pub(crate) fn top_level(raw: &[u8]) -> Part {
    let (header, body_start) = scan::split_header(raw, 0, raw.len());
    Part {
        header,
        body: body_start..raw.len(),
        content: content::Content::from_fields(raw, &[], content::DefaultType::TextPlain),
        kind: Kind::Leaf,
    }
}
