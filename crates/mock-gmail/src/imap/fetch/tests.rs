//! FETCH items on a store, encoded as the wire shows them.

use std::collections::BTreeSet;

use bytes::Bytes;
use chrono::DateTime;
use gmail_wire::imap::{CommandBody, FetchAttr, FetchValue};

use super::values;
use crate::store::{names, Entry, Store};

const FWD: &[u8] = b"From: Jan <jan@example.pl>\r\nTo: a@example.com\r\nSubject: Fwd: x\r\n\
Message-ID: <1@example.pl>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n\
--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee below.\r\n\
--b\r\nContent-Type: message/rfc822\r\n\r\nFrom: z@y\r\nSubject: inner\r\nX-A: 1\r\n\r\ninner body\r\n\
--b--\r\n";

fn store_with(raw: &'static [u8]) -> (Store, Entry) {
    let mut s = Store::new();
    let date = DateTime::parse_from_rfc3339("2020-06-01T10:00:00+02:00").unwrap();
    let msgid = s.insert(
        Bytes::from_static(raw),
        date,
        BTreeSet::new(),
        &[names::INBOX],
    );
    let uid = s.mailbox(names::INBOX).unwrap().entries[0].uid;
    (s, Entry { uid, msgid })
}

/// `FETCH 1 <items>` against `raw` with INBOX selected: the encoded item
/// list and whether it sets \Seen.
fn fetch(raw: &'static [u8], items: &str, uid: bool) -> (String, bool) {
    fetch_in(names::INBOX, raw, items, uid)
}

/// `FETCH 1 <items>` against `raw` (filed in INBOX) with `selected` open.
fn fetch_in(selected: &str, raw: &'static [u8], items: &str, uid: bool) -> (String, bool) {
    let (store, entry) = store_with(raw);
    let line = format!("a FETCH 1 {items}\r\n");
    let cmd = gmail_wire::imap::parse_command(line.as_bytes()).unwrap();
    let CommandBody::Fetch { items, .. } = cmd.body else {
        panic!("not a fetch")
    };
    let (vals, seen) = values(&store, selected, entry, &items.expand(), uid);
    let mut out = Vec::new();
    for (n, v) in vals.iter().enumerate() {
        if n > 0 {
            out.push(b' ');
        }
        v.encode(&mut out);
    }
    (String::from_utf8(out).unwrap(), seen)
}

#[test]
fn sections_nested_partial_and_missing() {
    assert_eq!(
        fetch(FWD, "BODY.PEEK[2.HEADER.FIELDS (SUBJECT)]", false),
        (
            "BODY[2.HEADER.FIELDS (SUBJECT)] {18}\r\nSubject: inner\r\n\r\n".into(),
            false
        )
    );
    assert_eq!(
        fetch(FWD, "BODY[2.1]", false),
        ("BODY[2.1] {10}\r\ninner body".into(), true)
    );
    assert_eq!(
        fetch(FWD, "BODY.PEEK[1]<4.3>", false).0,
        "BODY[1]<4> {3}\r\nbel"
    );
    assert_eq!(
        fetch(FWD, "BODY.PEEK[1]<400.3>", false).0,
        "BODY[1]<400> {0}\r\n"
    );
    assert_eq!(fetch(FWD, "BODY.PEEK[7.1]", false).0, "BODY[7.1] {0}\r\n");
    assert_eq!(
        fetch(FWD, "BODY.PEEK[]<0.4>", true).0,
        "UID 1 BODY[]<0> {4}\r\nFrom"
    );
}

#[test]
fn rfc822_items_and_seen() {
    let (h, seen) = fetch(FWD, "RFC822.HEADER", false);
    assert!(h.starts_with("RFC822.HEADER {") && h.ends_with("boundary=b\r\n\r\n"));
    assert!(!seen);
    let (t, seen) = fetch(FWD, "RFC822.TEXT", false);
    assert!(t.starts_with("RFC822.TEXT {") && t.ends_with("--b--\r\n") && seen);
    assert!(fetch(FWD, "RFC822", false).1);
}

#[test]
fn envelope_and_structure() {
    let (env, _) = fetch(FWD, "ENVELOPE", false);
    assert_eq!(
        env,
        "ENVELOPE (NIL \"Fwd: x\" ((\"Jan\" NIL \"jan\" \"example.pl\")) ((\"Jan\" NIL \"jan\" \"example.pl\")) \
((\"Jan\" NIL \"jan\" \"example.pl\")) ((NIL NIL \"a\" \"example.com\")) NIL NIL NIL \"<1@example.pl>\")"
    );
    let (body, _) = fetch(FWD, "BODY", false);
    assert_eq!(
        body,
        "BODY ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL \"7BIT\" 10 1)\
(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 47 \
(NIL \"inner\" ((NIL NIL \"z\" \"y\")) ((NIL NIL \"z\" \"y\")) ((NIL NIL \"z\" \"y\")) NIL NIL NIL NIL NIL) \
(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 10 1) 5) \"MIXED\")"
    );
}

#[test]
fn macros_expand() {
    let (full, _) = fetch(FWD, "FULL", false);
    assert!(full.starts_with("FLAGS () INTERNALDATE \"01-Jun-2020 10:00:00 +0200\" RFC822.SIZE "));
    assert!(full.contains(" ENVELOPE (") && full.contains(" BODY (("));
    let (fast, _) = fetch(FWD, "FAST", false);
    assert!(!fast.contains("ENVELOPE"));
    let (all, _) = fetch(FWD, "ALL", false);
    assert!(all.contains("ENVELOPE") && !all.contains("BODY"));
    let (gm, _) = fetch(FWD, "(X-GM-MSGID X-GM-THRID X-GM-LABELS)", false);
    // INBOX is open, so `\Inbox` is implied and left out; All Mail
    // implies nothing.
    assert!(gm.starts_with("X-GM-MSGID 1") && gm.ends_with("X-GM-LABELS ()"));
    let (gm, _) = fetch_in(names::ALL_MAIL, FWD, "X-GM-LABELS", false);
    assert_eq!(gm, "X-GM-LABELS (\\Inbox)");
    let attrs = [FetchAttr::Uid];
    let (store, entry) = store_with(FWD);
    assert_eq!(
        values(&store, names::INBOX, entry, &attrs, true).0,
        vec![FetchValue::Uid(1)]
    );
}
