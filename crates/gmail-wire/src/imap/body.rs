//! ENVELOPE and BODYSTRUCTURE values (RFC 3501 §7.4.2) and their encoders.
//!
//! The mock derives them from a message's MIME tree; this module only knows
//! the wire shapes. Gmail writes media types and encodings in upper case and
//! quotes every string, which the encoder follows.

use super::response::{put_literal, put_string as put_quoted};

/// A `string` in a structure: quoted when 7-bit safe, else a literal
/// (RFC 3501 `quoted` holds only 7-bit `TEXT-CHAR`s; raw UTF-8 header
/// text, common in display names and subjects, must go as a literal).
fn put_string(out: &mut Vec<u8>, s: &[u8]) {
    if s.iter().any(|&b| b >= 0x80) {
        put_literal(out, s);
    } else {
        put_quoted(out, s);
    }
}

/// An `nstring` in a structure (see [`put_string`]).
fn put_nstring(out: &mut Vec<u8>, s: Option<&[u8]>) {
    match s {
        Some(s) => put_string(out, s),
        None => out.extend_from_slice(b"NIL"),
    }
}

/// `envelope = "(" env-date SP env-subject SP env-from SP env-sender SP
/// env-reply-to SP env-to SP env-cc SP env-bcc SP env-in-reply-to SP
/// env-message-id ")"`
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Envelope {
    /// Raw `Date:` header value.
    pub date: Option<Vec<u8>>,
    /// Raw `Subject:` (still RFC 2047 encoded, as servers send it).
    pub subject: Option<Vec<u8>>,
    /// `From:`
    pub from: Vec<Address>,
    /// `Sender:` (defaults to From).
    pub sender: Vec<Address>,
    /// `Reply-To:` (defaults to From).
    pub reply_to: Vec<Address>,
    /// `To:`
    pub to: Vec<Address>,
    /// `Cc:`
    pub cc: Vec<Address>,
    /// `Bcc:`
    pub bcc: Vec<Address>,
    /// `In-Reply-To:`
    pub in_reply_to: Option<Vec<u8>>,
    /// `Message-ID:`
    pub message_id: Option<Vec<u8>>,
}

/// `address = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")"`
///
/// Group syntax is encoded as RFC 3501 describes: a start marker with
/// `host = None` and `mailbox = group name`, and an end marker with both
/// `None`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Address {
    /// Display name (raw, possibly RFC 2047 encoded).
    pub name: Option<Vec<u8>>,
    /// Source route (obsolete; always NIL from Gmail).
    pub adl: Option<Vec<u8>>,
    /// Local part (or group name).
    pub mailbox: Option<Vec<u8>>,
    /// Domain.
    pub host: Option<Vec<u8>>,
}

impl Envelope {
    /// Appends the parenthesised envelope.
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.push(b'(');
        put_nstring(out, self.date.as_deref());
        out.push(b' ');
        put_nstring(out, self.subject.as_deref());
        for list in [
            &self.from,
            &self.sender,
            &self.reply_to,
            &self.to,
            &self.cc,
            &self.bcc,
        ] {
            out.push(b' ');
            put_addresses(out, list);
        }
        out.push(b' ');
        put_nstring(out, self.in_reply_to.as_deref());
        out.push(b' ');
        put_nstring(out, self.message_id.as_deref());
        out.push(b')');
    }
}

fn put_addresses(out: &mut Vec<u8>, list: &[Address]) {
    if list.is_empty() {
        out.extend_from_slice(b"NIL");
        return;
    }
    out.push(b'(');
    for a in list {
        out.push(b'(');
        put_nstring(out, a.name.as_deref());
        out.push(b' ');
        put_nstring(out, a.adl.as_deref());
        out.push(b' ');
        put_nstring(out, a.mailbox.as_deref());
        out.push(b' ');
        put_nstring(out, a.host.as_deref());
        out.push(b')');
    }
    out.push(b')');
}

/// `body-fld-dsp`: disposition type and parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disposition {
    /// `INLINE`, `ATTACHMENT`, …
    pub kind: String,
    /// Parameters such as `FILENAME`.
    pub params: Vec<(String, String)>,
}

/// Extension data shared by single and multipart bodies.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BodyExtension {
    /// `Content-Disposition`.
    pub disposition: Option<Disposition>,
    /// `Content-Language` values.
    pub language: Vec<String>,
    /// `Content-Location` (written only when present, as the last
    /// extension field; Gmail omits it).
    pub location: Option<String>,
}

/// A non-multipart part's type-specific fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SinglePartKind {
    /// Any type but TEXT and MESSAGE/RFC822.
    Basic,
    /// `TEXT/*`: adds the line count.
    Text {
        /// Lines in the (encoded) body.
        lines: u32,
    },
    /// `MESSAGE/RFC822`: adds the inner envelope, structure and lines.
    Message {
        /// Envelope of the enclosed message.
        envelope: Box<Envelope>,
        /// Structure of the enclosed message.
        body: Box<BodyStructure>,
        /// Lines in the (encoded) body.
        lines: u32,
    },
}

/// `body = "(" (body-type-1part / body-type-mpart) ")"`
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyStructure {
    /// A leaf part.
    Single {
        /// Media type, e.g. `TEXT`.
        media_type: String,
        /// Subtype, e.g. `PLAIN`.
        subtype: String,
        /// Content-Type parameters (`CHARSET`, `NAME`, …).
        params: Vec<(String, String)>,
        /// `Content-ID`.
        id: Option<String>,
        /// `Content-Description`.
        description: Option<String>,
        /// `Content-Transfer-Encoding` (default `7BIT`).
        encoding: String,
        /// Size of the encoded body in bytes.
        size: u32,
        /// Type-specific fields.
        kind: SinglePartKind,
        /// `Content-MD5`.
        md5: Option<String>,
        /// Disposition, language, location.
        ext: BodyExtension,
    },
    /// A multipart container.
    Multi {
        /// The parts, in order.
        parts: Vec<BodyStructure>,
        /// Subtype, e.g. `MIXED`.
        subtype: String,
        /// Content-Type parameters (`BOUNDARY`, …).
        params: Vec<(String, String)>,
        /// Disposition, language, location.
        ext: BodyExtension,
    },
}

fn put_params(out: &mut Vec<u8>, params: &[(String, String)]) {
    if params.is_empty() {
        out.extend_from_slice(b"NIL");
        return;
    }
    out.push(b'(');
    for (n, (k, v)) in params.iter().enumerate() {
        if n > 0 {
            out.push(b' ');
        }
        put_string(out, k.as_bytes());
        out.push(b' ');
        put_string(out, v.as_bytes());
    }
    out.push(b')');
}

fn put_ext(out: &mut Vec<u8>, ext: &BodyExtension) {
    out.push(b' ');
    match &ext.disposition {
        None => out.extend_from_slice(b"NIL"),
        Some(d) => {
            out.push(b'(');
            put_string(out, d.kind.as_bytes());
            out.push(b' ');
            put_params(out, &d.params);
            out.push(b')');
        }
    }
    out.push(b' ');
    match ext.language.as_slice() {
        [] => out.extend_from_slice(b"NIL"),
        [one] => put_string(out, one.as_bytes()),
        many => {
            out.push(b'(');
            for (n, l) in many.iter().enumerate() {
                if n > 0 {
                    out.push(b' ');
                }
                put_string(out, l.as_bytes());
            }
            out.push(b')');
        }
    }
    // `body-fld-loc` is optional; Gmail never sends it, so it goes out
    // only when a part has a Content-Location.
    if let Some(loc) = &ext.location {
        out.push(b' ');
        put_string(out, loc.as_bytes());
    }
}

impl BodyStructure {
    /// Appends the parenthesised structure; `extended` adds extension data
    /// (BODYSTRUCTURE) — without it this is the `BODY` form.
    pub fn encode(&self, out: &mut Vec<u8>, extended: bool) {
        out.push(b'(');
        match self {
            BodyStructure::Single {
                media_type,
                subtype,
                params,
                id,
                description,
                encoding,
                size,
                kind,
                md5,
                ext,
            } => {
                put_string(out, media_type.as_bytes());
                out.push(b' ');
                put_string(out, subtype.as_bytes());
                out.push(b' ');
                put_params(out, params);
                out.push(b' ');
                put_nstring(out, id.as_deref().map(str::as_bytes));
                out.push(b' ');
                put_nstring(out, description.as_deref().map(str::as_bytes));
                out.push(b' ');
                put_string(out, encoding.as_bytes());
                out.extend_from_slice(format!(" {size}").as_bytes());
                match kind {
                    SinglePartKind::Basic => {}
                    SinglePartKind::Text { lines } => {
                        out.extend_from_slice(format!(" {lines}").as_bytes())
                    }
                    SinglePartKind::Message {
                        envelope,
                        body,
                        lines,
                    } => {
                        out.push(b' ');
                        envelope.encode(out);
                        out.push(b' ');
                        body.encode(out, extended);
                        out.extend_from_slice(format!(" {lines}").as_bytes());
                    }
                }
                if extended {
                    out.push(b' ');
                    put_nstring(out, md5.as_deref().map(str::as_bytes));
                    put_ext(out, ext);
                }
            }
            BodyStructure::Multi {
                parts,
                subtype,
                params,
                ext,
            } => {
                for p in parts {
                    p.encode(out, extended);
                }
                out.push(b' ');
                put_string(out, subtype.as_bytes());
                if extended {
                    out.push(b' ');
                    put_params(out, params);
                    put_ext(out, ext);
                }
            }
        }
        out.push(b')');
    }
}
