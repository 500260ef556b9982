//! ENVELOPE (RFC 3501 §7.4.2) of a message: its header fields, raw.

use gmail_wire::imap::body::Envelope;

use super::address;
use super::scan;
use super::tree::Part;

/// The envelope of `msg` (the top level or an encapsulated message).
///
/// Date, Subject, In-Reply-To and Message-ID are the first such field,
/// unfolded and trimmed but otherwise raw (RFC 2047 words stay encoded);
/// absent fields are NIL. Sender and Reply-To default to From when absent
/// or empty, as RFC 3501 requires.
pub(crate) fn envelope(raw: &[u8], msg: &Part) -> Envelope {
    let fields = scan::fields(raw, msg.header.clone());
    let get = |name| scan::first(raw, &fields, name);
    let list = |name| {
        get(name)
            .map(|v| address::parse_list(&v))
            .unwrap_or_default()
    };
    let from = list("From");
    let or_from = |v: Vec<_>| if v.is_empty() { from.clone() } else { v };
    Envelope {
        date: get("Date"),
        subject: get("Subject"),
        sender: or_from(list("Sender")),
        reply_to: or_from(list("Reply-To")),
        to: list("To"),
        cc: list("Cc"),
        bcc: list("Bcc"),
        in_reply_to: get("In-Reply-To"),
        message_id: get("Message-ID"),
        from,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mime::tree::parse;

    #[test]
    fn defaults_and_raw_values() {
        let raw = b"Date: Mon, 1 Jun 2020\r\n 10:00:00 +0200\r\nSubject: =?UTF-8?B?eg==?=\r\n\
From: A <a@x>\r\nReply-To:\r\nTo: b@y\r\nMessage-ID: <m@x>\r\n\r\nbody";
        let e = envelope(raw, &parse(raw));
        assert_eq!(
            e.date.as_deref(),
            Some(&b"Mon, 1 Jun 2020 10:00:00 +0200"[..])
        );
        assert_eq!(e.subject.as_deref(), Some(&b"=?UTF-8?B?eg==?="[..]));
        assert_eq!(e.sender, e.from);
        assert_eq!(e.reply_to, e.from);
        assert_eq!(e.to.len(), 1);
        assert!(e.cc.is_empty());
        assert_eq!(e.in_reply_to, None);
        assert_eq!(e.message_id.as_deref(), Some(&b"<m@x>"[..]));
    }
}
