//! Typed IMAP responses and their encoder.
//!
//! The mock builds these and calls [`Response::encode`]; no handler formats
//! protocol text by hand. The doctor parses server bytes back into the same
//! types with [`super::parse_response::parse_response`].

use bytes::Bytes;
use chrono::{DateTime, FixedOffset};

use super::body::{BodyStructure, Envelope};
use super::code::Code;
use super::types::{ListKind, StatusItem, Tag};

/// One server response.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// `OK`/`NO`/`BAD` (tagged or untagged), `PREAUTH` or `BYE`.
    Status(StatusResponse),
    /// Untagged data (`* CAPABILITY …`, `* 3 EXISTS`, …).
    Data(Data),
    /// `+ text`: a command continuation request or SASL challenge.
    Continue(String),
}

/// The kind of a status response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    /// `OK`
    Ok,
    /// `NO`
    No,
    /// `BAD`
    Bad,
    /// `PREAUTH` (untagged only)
    PreAuth,
    /// `BYE` (untagged only)
    Bye,
}

impl StatusKind {
    /// Wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            StatusKind::Ok => "OK",
            StatusKind::No => "NO",
            StatusKind::Bad => "BAD",
            StatusKind::PreAuth => "PREAUTH",
            StatusKind::Bye => "BYE",
        }
    }
}

/// `resp-cond-state`, `resp-cond-bye`, `resp-cond-auth` with optional tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusResponse {
    /// `None` for untagged (`*`).
    pub tag: Option<Tag>,
    /// OK / NO / BAD / PREAUTH / BYE.
    pub kind: StatusKind,
    /// The bracketed code, if any.
    pub code: Option<Code>,
    /// Human-readable text after the code.
    pub text: String,
}

impl StatusResponse {
    /// A tagged response.
    pub fn tagged(
        tag: &Tag,
        kind: StatusKind,
        code: Option<Code>,
        text: impl Into<String>,
    ) -> Self {
        StatusResponse {
            tag: Some(tag.clone()),
            kind,
            code,
            text: text.into(),
        }
    }

    /// An untagged response.
    pub fn untagged(kind: StatusKind, code: Option<Code>, text: impl Into<String>) -> Self {
        StatusResponse {
            tag: None,
            kind,
            code,
            text: text.into(),
        }
    }
}

/// Untagged server data.
#[derive(Debug, Clone, PartialEq)]
pub enum Data {
    /// `* CAPABILITY …`
    Capability(Vec<String>),
    /// `* LIST (attrs) "/" mailbox` (also LSUB, XLIST).
    List {
        /// LIST, LSUB or XLIST.
        kind: ListKind,
        /// Mailbox attributes such as `\HasNoChildren`, `\Sent`.
        attributes: Vec<String>,
        /// Hierarchy delimiter (`/` on Gmail); `None` = NIL.
        delimiter: Option<char>,
        /// The mailbox name.
        mailbox: String,
    },
    /// `* STATUS mailbox (item n …)`
    Status {
        /// The mailbox.
        mailbox: String,
        /// Requested counters with their values.
        items: Vec<(StatusItem, u32)>,
    },
    /// `* SEARCH n…`
    Search(Vec<u32>),
    /// `* FLAGS (…)`
    Flags(Vec<String>),
    /// `* n EXISTS`
    Exists(u32),
    /// `* n RECENT`
    Recent(u32),
    /// `* n EXPUNGE`
    Expunge(u32),
    /// `* n FETCH (…)`
    Fetch {
        /// Message sequence number.
        seq: u32,
        /// The returned items, in order.
        items: Vec<FetchValue>,
    },
    /// `* ENABLED caps…`
    Enabled(Vec<String>),
    /// `* ID (…)` or `* ID NIL`
    Id(Option<Vec<(String, Option<String>)>>),
    /// `* NAMESPACE` with only a personal namespace (Gmail's shape:
    /// `(("" "/")) NIL NIL`).
    Namespace {
        /// Personal namespace prefix and delimiter.
        personal: Vec<(String, Option<char>)>,
    },
    /// `* QUOTA root (STORAGE used limit)` (KiB).
    Quota {
        /// Quota root name.
        root: String,
        /// `(name, usage, limit)` triples.
        resources: Vec<(String, u64, u64)>,
    },
    /// `* QUOTAROOT mailbox root…`
    QuotaRoot {
        /// The mailbox asked about.
        mailbox: String,
        /// Its quota roots.
        roots: Vec<String>,
    },
    /// Any untagged line this grammar does not type (kept verbatim, without
    /// `* ` and CRLF) — the doctor still quotes it.
    Other(String),
}

/// One item of a FETCH response.
#[derive(Debug, Clone, PartialEq)]
pub enum FetchValue {
    /// `FLAGS (…)`
    Flags(Vec<String>),
    /// `UID n`
    Uid(u32),
    /// `RFC822.SIZE n`
    Rfc822Size(u32),
    /// `INTERNALDATE "…"`
    InternalDate(DateTime<FixedOffset>),
    /// `BODY[section]<origin> data`, `RFC822 data`, `RFC822.HEADER data`,
    /// `RFC822.TEXT data`. `name` is the item name as sent back
    /// (`BODY[HEADER.FIELDS (FROM)]`, `RFC822`, …).
    Section {
        /// Item name without the origin.
        name: String,
        /// `<origin>` for partial fetches.
        origin: Option<u32>,
        /// The bytes; `None` renders as NIL.
        data: Option<Bytes>,
    },
    /// `ENVELOPE (…)`
    Envelope(Box<Envelope>),
    /// `BODYSTRUCTURE (…)` (`extended = true`) or `BODY (…)`.
    BodyStructure {
        /// The structure.
        structure: Box<BodyStructure>,
        /// Include extension data (BODYSTRUCTURE) or not (BODY).
        extended: bool,
    },
    /// `X-GM-MSGID n`
    XGmMsgId(u64),
    /// `X-GM-THRID n`
    XGmThrId(u64),
    /// `X-GM-LABELS (…)`
    XGmLabels(Vec<String>),
}

impl Response {
    /// Appends the wire form (with CRLF) to `out`.
    pub fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Response::Status(s) => s.encode(out),
            Response::Data(d) => {
                out.extend_from_slice(b"* ");
                d.encode(out);
                out.extend_from_slice(b"\r\n");
            }
            Response::Continue(text) => {
                out.extend_from_slice(b"+ ");
                out.extend_from_slice(text.as_bytes());
                out.extend_from_slice(b"\r\n");
            }
        }
    }

    /// The wire form as a new buffer.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = Vec::new();
        self.encode(&mut v);
        v
    }
}

impl StatusResponse {
    /// Appends the wire form (with CRLF) to `out`.
    pub fn encode(&self, out: &mut Vec<u8>) {
        match &self.tag {
            Some(t) => out.extend_from_slice(t.0.as_bytes()),
            None => out.push(b'*'),
        }
        out.push(b' ');
        out.extend_from_slice(self.kind.as_str().as_bytes());
        if let Some(code) = &self.code {
            out.extend_from_slice(format!(" [{code}]").as_bytes());
        }
        if !self.text.is_empty() || self.code.is_none() {
            out.push(b' ');
            out.extend_from_slice(self.text.as_bytes());
        }
        out.extend_from_slice(b"\r\n");
    }
}

/// Writes `s` as an IMAP `string` (quoted when safe, else a literal).
pub(crate) fn put_string(out: &mut Vec<u8>, s: &[u8]) {
    if s.iter().any(|&b| matches!(b, b'\r' | b'\n' | 0)) {
        put_literal(out, s);
        return;
    }
    out.push(b'"');
    for &b in s {
        if b == b'"' || b == b'\\' {
            out.push(b'\\');
        }
        out.push(b);
    }
    out.push(b'"');
}

/// Writes `s` as an `nstring`.
pub(crate) fn put_nstring(out: &mut Vec<u8>, s: Option<&[u8]>) {
    match s {
        Some(s) => put_string(out, s),
        None => out.extend_from_slice(b"NIL"),
    }
}

/// Writes a literal `{n}\r\n` + data.
pub(crate) fn put_literal(out: &mut Vec<u8>, s: &[u8]) {
    out.extend_from_slice(format!("{{{}}}\r\n", s.len()).as_bytes());
    out.extend_from_slice(s);
}

/// Writes an `astring` (atom form when possible).
pub(crate) fn put_astring(out: &mut Vec<u8>, s: &str) {
    if !s.is_empty() && s.bytes().all(super::parse::is_astring_char) {
        out.extend_from_slice(s.as_bytes());
    } else {
        put_string(out, s.as_bytes());
    }
}

fn put_list(out: &mut Vec<u8>, items: &[String]) {
    out.push(b'(');
    out.extend_from_slice(items.join(" ").as_bytes());
    out.push(b')');
}

impl Data {
    /// Appends the wire form after `* ` (without CRLF).
    pub fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Data::Capability(caps) => {
                out.extend_from_slice(b"CAPABILITY");
                for c in caps {
                    out.push(b' ');
                    out.extend_from_slice(c.as_bytes());
                }
            }
            Data::List {
                kind,
                attributes,
                delimiter,
                mailbox,
            } => {
                out.extend_from_slice(kind.as_str().as_bytes());
                out.push(b' ');
                put_list(out, attributes);
                out.push(b' ');
                match delimiter {
                    Some(d) => put_string(out, d.to_string().as_bytes()),
                    None => out.extend_from_slice(b"NIL"),
                }
                out.push(b' ');
                // Gmail quotes every mailbox name in LIST responses.
                put_string(out, mailbox.as_bytes());
            }
            Data::Status { mailbox, items } => {
                out.extend_from_slice(b"STATUS ");
                put_string(out, mailbox.as_bytes());
                out.extend_from_slice(b" (");
                let parts: Vec<String> = items
                    .iter()
                    .map(|(i, n)| format!("{} {n}", i.as_str()))
                    .collect();
                out.extend_from_slice(parts.join(" ").as_bytes());
                out.push(b')');
            }
            Data::Search(ids) => {
                out.extend_from_slice(b"SEARCH");
                for id in ids {
                    out.extend_from_slice(format!(" {id}").as_bytes());
                }
            }
            Data::Flags(flags) => {
                out.extend_from_slice(b"FLAGS ");
                put_list(out, flags);
            }
            Data::Exists(n) => out.extend_from_slice(format!("{n} EXISTS").as_bytes()),
            Data::Recent(n) => out.extend_from_slice(format!("{n} RECENT").as_bytes()),
            Data::Expunge(n) => out.extend_from_slice(format!("{n} EXPUNGE").as_bytes()),
            Data::Fetch { seq, items } => {
                out.extend_from_slice(format!("{seq} FETCH (").as_bytes());
                for (n, item) in items.iter().enumerate() {
                    if n > 0 {
                        out.push(b' ');
                    }
                    item.encode(out);
                }
                out.push(b')');
            }
            Data::Enabled(caps) => {
                out.extend_from_slice(b"ENABLED");
                for c in caps {
                    out.push(b' ');
                    out.extend_from_slice(c.as_bytes());
                }
            }
            Data::Id(None) => out.extend_from_slice(b"ID NIL"),
            Data::Id(Some(params)) => {
                out.extend_from_slice(b"ID (");
                for (n, (k, v)) in params.iter().enumerate() {
                    if n > 0 {
                        out.push(b' ');
                    }
                    put_string(out, k.as_bytes());
                    out.push(b' ');
                    put_nstring(out, v.as_deref().map(str::as_bytes));
                }
                out.push(b')');
            }
            Data::Namespace { personal } => {
                out.extend_from_slice(b"NAMESPACE ");
                if personal.is_empty() {
                    out.extend_from_slice(b"NIL");
                } else {
                    out.push(b'(');
                    for (prefix, delim) in personal {
                        out.push(b'(');
                        put_string(out, prefix.as_bytes());
                        out.push(b' ');
                        match delim {
                            Some(d) => put_string(out, d.to_string().as_bytes()),
                            None => out.extend_from_slice(b"NIL"),
                        }
                        out.push(b')');
                    }
                    out.push(b')');
                }
                out.extend_from_slice(b" NIL NIL");
            }
            Data::Quota { root, resources } => {
                out.extend_from_slice(b"QUOTA ");
                put_astring(out, root);
                out.extend_from_slice(b" (");
                let parts: Vec<String> = resources
                    .iter()
                    .map(|(n, u, l)| format!("{n} {u} {l}"))
                    .collect();
                out.extend_from_slice(parts.join(" ").as_bytes());
                out.push(b')');
            }
            Data::QuotaRoot { mailbox, roots } => {
                out.extend_from_slice(b"QUOTAROOT ");
                put_astring(out, mailbox);
                for r in roots {
                    out.push(b' ');
                    put_astring(out, r);
                }
            }
            Data::Other(text) => out.extend_from_slice(text.as_bytes()),
        }
    }
}

impl FetchValue {
    /// Appends `NAME value`.
    pub fn encode(&self, out: &mut Vec<u8>) {
        match self {
            FetchValue::Flags(f) => {
                out.extend_from_slice(b"FLAGS ");
                put_list(out, f);
            }
            FetchValue::Uid(u) => out.extend_from_slice(format!("UID {u}").as_bytes()),
            FetchValue::Rfc822Size(n) => {
                out.extend_from_slice(format!("RFC822.SIZE {n}").as_bytes())
            }
            FetchValue::InternalDate(d) => out.extend_from_slice(
                format!("INTERNALDATE \"{}\"", d.format("%d-%b-%Y %H:%M:%S %z")).as_bytes(),
            ),
            FetchValue::Section { name, origin, data } => {
                out.extend_from_slice(name.as_bytes());
                if let Some(o) = origin {
                    out.extend_from_slice(format!("<{o}>").as_bytes());
                }
                out.push(b' ');
                match data {
                    // Gmail always sends message data as literals.
                    Some(d) => put_literal(out, d),
                    None => out.extend_from_slice(b"NIL"),
                }
            }
            FetchValue::Envelope(env) => {
                out.extend_from_slice(b"ENVELOPE ");
                env.encode(out);
            }
            FetchValue::BodyStructure {
                structure,
                extended,
            } => {
                out.extend_from_slice(if *extended {
                    b"BODYSTRUCTURE "
                } else {
                    b"BODY "
                });
                structure.encode(out, *extended);
            }
            FetchValue::XGmMsgId(n) => out.extend_from_slice(format!("X-GM-MSGID {n}").as_bytes()),
            FetchValue::XGmThrId(n) => out.extend_from_slice(format!("X-GM-THRID {n}").as_bytes()),
            FetchValue::XGmLabels(labels) => {
                out.extend_from_slice(b"X-GM-LABELS (");
                for (n, l) in labels.iter().enumerate() {
                    if n > 0 {
                        out.push(b' ');
                    }
                    // Flag form only for `\Atom`; any other label is an
                    // astring, else `\foo bar` would go out as two items.
                    if super::parse::is_flag_label(l) {
                        out.extend_from_slice(l.as_bytes());
                    } else {
                        put_astring(out, l);
                    }
                }
                out.push(b')');
            }
        }
    }
}
