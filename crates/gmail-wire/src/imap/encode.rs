//! Encoding typed IMAP commands to the wire (used by the doctor's probes and
//! by the round-trip property tests).
//!
//! A command may contain synchronising literals, after which the client must
//! wait for the server's `+` before sending the data. So the encoder yields
//! [`Fragment`]s: lines (ending in CRLF, possibly announcing a literal) and
//! literal data. [`Command::to_bytes`] concatenates them for tests and
//! non-interactive use. [`Command::transcript_line`] renders the same text
//! with secrets replaced by `[REDACTED]`, for transcripts and logs.

use std::fmt::Write as _;

use super::parse::{is_astring_char, is_flag_label, is_list_char};
use super::types::*;
use crate::secret::REDACTED;

/// A piece of an encoded command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fragment {
    /// Text up to and including CRLF. If it announces a literal (`{n}`), the
    /// next fragment is the literal's data.
    Line(Vec<u8>),
    /// Literal data; send only after the server's continuation.
    Literal(Vec<u8>),
}

impl Command {
    /// The wire form as fragments (literal data separated out).
    pub fn fragments(&self) -> Vec<Fragment> {
        let mut e = Encoder::new(false);
        write!(e, "{} ", self.tag).ok();
        encode_body(&self.body, &mut e);
        e.finish()
    }

    /// The whole wire form, literals inline (no continuation handling).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for f in self.fragments() {
            match f {
                Fragment::Line(b) | Fragment::Literal(b) => out.extend_from_slice(&b),
            }
        }
        out
    }

    /// A one-line rendering for transcripts: secrets become `[REDACTED]` and
    /// literal data is summarised as `{n}`; no CRLF.
    pub fn transcript_line(&self) -> String {
        let mut e = Encoder::new(true);
        write!(e, "{} ", self.tag).ok();
        encode_body(&self.body, &mut e);
        let mut out = String::new();
        for f in e.finish() {
            match f {
                Fragment::Line(b) => out.push_str(&String::from_utf8_lossy(&b)),
                Fragment::Literal(b) => {
                    let _ = write!(out, "<{} bytes>", b.len());
                }
            }
        }
        out.trim_end_matches(['\r', '\n']).to_owned()
    }
}

/// Accumulates fragments; `redact` switches secrets to a placeholder.
struct Encoder {
    frags: Vec<Fragment>,
    line: Vec<u8>,
    redact: bool,
}

impl Encoder {
    fn new(redact: bool) -> Self {
        Encoder {
            frags: Vec::new(),
            line: Vec::new(),
            redact,
        }
    }

    fn raw(&mut self, s: &str) {
        self.line.extend_from_slice(s.as_bytes());
    }

    fn literal(&mut self, data: &[u8]) {
        let _ = write!(self, "{{{}}}\r\n", data.len());
        self.frags
            .push(Fragment::Line(std::mem::take(&mut self.line)));
        self.frags.push(Fragment::Literal(data.to_vec()));
    }

    /// `astring`: atom form if possible, else quoted, else literal.
    fn astring(&mut self, s: &str) {
        if !s.is_empty() && s.bytes().all(is_astring_char) {
            self.raw(s);
        } else {
            self.string(s);
        }
    }

    /// An X-GM-LABELS value: flag form for `\Atom` system labels, else an
    /// astring (a label such as `\foo bar` must be quoted, not sent raw).
    fn label(&mut self, s: &str) {
        if is_flag_label(s) {
            self.raw(s);
        } else {
            self.astring(s);
        }
    }

    /// `list-mailbox`: wildcards may stay bare.
    fn list_mailbox(&mut self, s: &str) {
        if !s.is_empty() && s.bytes().all(is_list_char) {
            self.raw(s);
        } else {
            self.string(s);
        }
    }

    /// `string`: quoted if every byte may be quoted, else a literal.
    fn string(&mut self, s: &str) {
        if s.bytes().any(|b| matches!(b, b'\r' | b'\n' | 0)) {
            self.literal(s.as_bytes());
            return;
        }
        self.line.push(b'"');
        for b in s.bytes() {
            if b == b'"' || b == b'\\' {
                self.line.push(b'\\');
            }
            self.line.push(b);
        }
        self.line.push(b'"');
    }

    fn secret(&mut self, s: &str) {
        if self.redact {
            self.raw(REDACTED);
        } else {
            self.astring(s);
        }
    }

    fn finish(mut self) -> Vec<Fragment> {
        self.line.extend_from_slice(b"\r\n");
        self.frags.push(Fragment::Line(self.line));
        self.frags
    }
}

impl std::fmt::Write for Encoder {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.line.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

fn encode_body(body: &CommandBody, e: &mut Encoder) {
    use CommandBody as B;
    match body {
        B::Capability
        | B::Noop
        | B::Logout
        | B::StartTls
        | B::Namespace
        | B::Idle
        | B::Check
        | B::Close
        | B::Unselect
        | B::Expunge => e.raw(body.name()),
        B::Id(None) => e.raw("ID NIL"),
        B::Id(Some(params)) => {
            e.raw("ID (");
            for (n, (k, v)) in params.iter().enumerate() {
                if n > 0 {
                    e.raw(" ");
                }
                e.string(k);
                e.raw(" ");
                match v {
                    Some(v) => e.string(v),
                    None => e.raw("NIL"),
                }
            }
            e.raw(")");
        }
        B::Login { username, password } => {
            e.raw("LOGIN ");
            e.astring(username);
            e.raw(" ");
            e.secret(password.expose());
        }
        B::Authenticate {
            mechanism,
            initial_response,
        } => {
            e.raw("AUTHENTICATE ");
            e.raw(mechanism);
            if let Some(ir) = initial_response {
                e.raw(" ");
                if e.redact {
                    e.raw(REDACTED);
                } else {
                    e.raw(ir.expose());
                }
            }
        }
        B::Enable(caps) => {
            e.raw("ENABLE");
            for c in caps {
                e.raw(" ");
                e.raw(c);
            }
        }
        B::List {
            kind,
            reference,
            pattern,
        } => {
            e.raw(kind.as_str());
            e.raw(" ");
            e.astring(reference);
            e.raw(" ");
            e.list_mailbox(pattern);
        }
        B::Status { mailbox, items } => {
            e.raw("STATUS ");
            e.astring(mailbox);
            e.raw(" (");
            let names: Vec<_> = items.iter().map(|i| i.as_str()).collect();
            e.raw(&names.join(" "));
            e.raw(")");
        }
        B::Select { mailbox, .. }
        | B::Create(mailbox)
        | B::Delete(mailbox)
        | B::Subscribe(mailbox)
        | B::Unsubscribe(mailbox)
        | B::GetQuota(mailbox)
        | B::GetQuotaRoot(mailbox) => {
            e.raw(body.name());
            e.raw(" ");
            e.astring(mailbox);
        }
        B::Rename { from, to } => {
            e.raw("RENAME ");
            e.astring(from);
            e.raw(" ");
            e.astring(to);
        }
        B::Append {
            mailbox,
            flags,
            date,
            message,
        } => {
            e.raw("APPEND ");
            e.astring(mailbox);
            if !flags.is_empty() {
                e.raw(" (");
                e.raw(&flags.join(" "));
                e.raw(")");
            }
            if let Some(d) = date {
                e.raw(&format!(" \"{}\"", d.format("%d-%b-%Y %H:%M:%S %z")));
            }
            e.raw(" ");
            e.literal(message);
        }
        B::UidExpunge(set) => {
            e.raw("UID EXPUNGE ");
            e.raw(&set.to_string());
        }
        B::Search {
            charset, criteria, ..
        } => {
            e.raw(body.name());
            if let Some(c) = charset {
                e.raw(" CHARSET ");
                e.astring(c);
            }
            for k in criteria {
                e.raw(" ");
                encode_search_key(k, e);
            }
        }
        B::Fetch { set, items, .. } => {
            e.raw(body.name());
            e.raw(" ");
            e.raw(&set.to_string());
            e.raw(" ");
            match items {
                FetchItems::All => e.raw("ALL"),
                FetchItems::Fast => e.raw("FAST"),
                FetchItems::Full => e.raw("FULL"),
                FetchItems::List(list) => {
                    e.raw("(");
                    for (n, a) in list.iter().enumerate() {
                        if n > 0 {
                            e.raw(" ");
                        }
                        encode_fetch_attr(a, e);
                    }
                    e.raw(")");
                }
            }
        }
        B::Store {
            set,
            mode,
            silent,
            target,
            values,
            ..
        } => {
            e.raw(body.name());
            e.raw(" ");
            e.raw(&set.to_string());
            e.raw(match mode {
                StoreMode::Add => " +",
                StoreMode::Remove => " -",
                StoreMode::Replace => " ",
            });
            e.raw(match target {
                StoreTarget::Flags => "FLAGS",
                StoreTarget::GmLabels => "X-GM-LABELS",
            });
            if *silent {
                e.raw(".SILENT");
            }
            e.raw(" (");
            for (n, v) in values.iter().enumerate() {
                if n > 0 {
                    e.raw(" ");
                }
                match target {
                    StoreTarget::Flags => e.raw(v),
                    StoreTarget::GmLabels => e.label(v),
                }
            }
            e.raw(")");
        }
        B::Copy { set, mailbox, .. } | B::Move { set, mailbox, .. } => {
            e.raw(body.name());
            e.raw(" ");
            e.raw(&set.to_string());
            e.raw(" ");
            e.astring(mailbox);
        }
    }
}

/// Renders a FETCH attribute name as it appears in commands and responses.
pub fn fetch_attr_name(a: &FetchAttr) -> String {
    match a {
        FetchAttr::Envelope => "ENVELOPE".into(),
        FetchAttr::Flags => "FLAGS".into(),
        FetchAttr::InternalDate => "INTERNALDATE".into(),
        FetchAttr::Rfc822 => "RFC822".into(),
        FetchAttr::Rfc822Header => "RFC822.HEADER".into(),
        FetchAttr::Rfc822Size => "RFC822.SIZE".into(),
        FetchAttr::Rfc822Text => "RFC822.TEXT".into(),
        FetchAttr::Body => "BODY".into(),
        FetchAttr::BodyStructure => "BODYSTRUCTURE".into(),
        FetchAttr::Uid => "UID".into(),
        FetchAttr::XGmMsgId => "X-GM-MSGID".into(),
        FetchAttr::XGmThrId => "X-GM-THRID".into(),
        FetchAttr::XGmLabels => "X-GM-LABELS".into(),
        FetchAttr::BodySection {
            peek,
            section,
            partial,
        } => {
            let mut s = String::from(if *peek { "BODY.PEEK[" } else { "BODY[" });
            s.push_str(&section.to_string());
            s.push(']');
            if let Some((o, n)) = partial {
                let _ = write!(s, "<{o}.{n}>");
            }
            s
        }
    }
}

fn encode_fetch_attr(a: &FetchAttr, e: &mut Encoder) {
    e.raw(&fetch_attr_name(a));
}

impl std::fmt::Display for Section {
    /// The text inside `BODY[…]`. Header names are written as atoms when
    /// possible, else quoted.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.part.iter().map(u32::to_string).collect();
        f.write_str(&parts.join("."))?;
        let Some(text) = &self.text else {
            return Ok(());
        };
        if !self.part.is_empty() {
            f.write_str(".")?;
        }
        let names = |f: &mut std::fmt::Formatter<'_>, v: &[String]| {
            f.write_str(" (")?;
            for (n, name) in v.iter().enumerate() {
                if n > 0 {
                    f.write_str(" ")?;
                }
                if !name.is_empty() && name.bytes().all(is_astring_char) {
                    f.write_str(name)?;
                } else {
                    write!(f, "\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))?;
                }
            }
            f.write_str(")")
        };
        match text {
            SectionText::Header => f.write_str("HEADER"),
            SectionText::Text => f.write_str("TEXT"),
            SectionText::Mime => f.write_str("MIME"),
            SectionText::HeaderFields(v) => {
                f.write_str("HEADER.FIELDS")?;
                names(f, v)
            }
            SectionText::HeaderFieldsNot(v) => {
                f.write_str("HEADER.FIELDS.NOT")?;
                names(f, v)
            }
        }
    }
}

impl std::fmt::Display for SequenceSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let one = |n: SeqNum| match n {
            SeqNum::Value(v) => v.to_string(),
            SeqNum::Largest => "*".into(),
        };
        for (i, r) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(&one(r.start))?;
            if let Some(end) = r.end {
                write!(f, ":{}", one(end))?;
            }
        }
        Ok(())
    }
}

fn encode_date(d: &chrono::NaiveDate) -> String {
    d.format("%-d-%b-%Y").to_string()
}

fn encode_search_key(k: &SearchKey, e: &mut Encoder) {
    use SearchKey as K;
    let kw = |e: &mut Encoder, name: &str, arg: &str| {
        e.raw(name);
        e.raw(" ");
        e.astring(arg);
    };
    match k {
        K::All => e.raw("ALL"),
        K::Answered => e.raw("ANSWERED"),
        K::Deleted => e.raw("DELETED"),
        K::Draft => e.raw("DRAFT"),
        K::Flagged => e.raw("FLAGGED"),
        K::New => e.raw("NEW"),
        K::Old => e.raw("OLD"),
        K::Recent => e.raw("RECENT"),
        K::Seen => e.raw("SEEN"),
        K::Unanswered => e.raw("UNANSWERED"),
        K::Undeleted => e.raw("UNDELETED"),
        K::Undraft => e.raw("UNDRAFT"),
        K::Unflagged => e.raw("UNFLAGGED"),
        K::Unseen => e.raw("UNSEEN"),
        K::Bcc(s) => kw(e, "BCC", s),
        K::Body(s) => kw(e, "BODY", s),
        K::Cc(s) => kw(e, "CC", s),
        K::From(s) => kw(e, "FROM", s),
        K::Subject(s) => kw(e, "SUBJECT", s),
        K::Text(s) => kw(e, "TEXT", s),
        K::To(s) => kw(e, "TO", s),
        K::XGmRaw(s) => kw(e, "X-GM-RAW", s),
        K::XGmLabels(s) => {
            e.raw("X-GM-LABELS ");
            e.label(s);
        }
        K::Keyword(s) => {
            e.raw("KEYWORD ");
            e.raw(s);
        }
        K::Unkeyword(s) => {
            e.raw("UNKEYWORD ");
            e.raw(s);
        }
        K::Header(a, b) => {
            kw(e, "HEADER", a);
            e.raw(" ");
            e.astring(b);
        }
        K::Before(d) => e.raw(&format!("BEFORE {}", encode_date(d))),
        K::On(d) => e.raw(&format!("ON {}", encode_date(d))),
        K::Since(d) => e.raw(&format!("SINCE {}", encode_date(d))),
        K::SentBefore(d) => e.raw(&format!("SENTBEFORE {}", encode_date(d))),
        K::SentOn(d) => e.raw(&format!("SENTON {}", encode_date(d))),
        K::SentSince(d) => e.raw(&format!("SENTSINCE {}", encode_date(d))),
        K::Larger(n) => e.raw(&format!("LARGER {n}")),
        K::Smaller(n) => e.raw(&format!("SMALLER {n}")),
        K::XGmMsgId(n) => e.raw(&format!("X-GM-MSGID {n}")),
        K::XGmThrId(n) => e.raw(&format!("X-GM-THRID {n}")),
        K::Uid(set) => e.raw(&format!("UID {set}")),
        K::SequenceSet(set) => e.raw(&set.to_string()),
        K::Not(k) => {
            e.raw("NOT ");
            encode_search_key(k, e);
        }
        K::Or(a, b) => {
            e.raw("OR ");
            encode_search_key(a, e);
            e.raw(" ");
            encode_search_key(b, e);
        }
        K::And(keys) => {
            e.raw("(");
            for (n, k) in keys.iter().enumerate() {
                if n > 0 {
                    e.raw(" ");
                }
                encode_search_key(k, e);
            }
            e.raw(")");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::imap::parse::parse_command;

    /// Any label with a leading backslash used to be written raw, so
    /// `\foo bar` went out as two labels and `\` alone as a broken flag;
    /// only `\Atom` may use the flag form.
    #[test]
    fn labels_that_are_not_flags_are_quoted() {
        let cmd = Command {
            tag: Tag("a".into()),
            body: CommandBody::Store {
                uid: true,
                set: SequenceSet::single(1),
                mode: StoreMode::Add,
                silent: false,
                target: StoreTarget::GmLabels,
                values: vec!["\\Important".into(), "\\foo bar".into(), "\\".into()],
            },
        };
        let wire = cmd.to_bytes();
        assert_eq!(
            wire,
            b"a UID STORE 1 +X-GM-LABELS (\\Important \"\\\\foo bar\" \"\\\\\")\r\n"
        );
        assert_eq!(parse_command(&wire), Ok(cmd));
    }
}
