//! X-GM-RAW parsing and evaluation against an in-memory store.

use std::collections::BTreeSet;

use bytes::Bytes;
use chrono::{FixedOffset, TimeDelta};

use super::*;
use crate::store::{names, Store};

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2020-06-10T12:00:00+02:00").unwrap()
}

const OFFER: &[u8] = b"From: Jan Kowalski <jan@firma.example>\r\nTo: anna@x.example\r\nSubject: Oferta na rok 2020\r\n\r\nW zalaczniku oferta cenowa.\r\n";
const REPLY: &[u8] = b"From: anna@x.example\r\nTo: Jan <jan@firma.example>\r\nSubject: Re: Oferta\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Disposition: attachment; filename=\"umowa.pdf\"\r\n\r\nPDF\r\n--b--\r\n";

/// A store with OFFER (INBOX + "Klienci/Acme", 9 days old, unread) and
/// REPLY (Sent, 40 days old, read, starred).
fn store() -> (Store, u64, u64) {
    let mut s = Store::new();
    s.create_mailbox("Klienci/Acme").unwrap();
    let a = s.insert(
        Bytes::from_static(OFFER),
        now() - TimeDelta::days(9),
        BTreeSet::new(),
        &[names::INBOX, "Klienci/Acme"],
    );
    let b = s.insert(
        Bytes::from_static(REPLY),
        now() - TimeDelta::days(40),
        BTreeSet::from(["\\Seen".to_owned(), "\\Flagged".to_owned()]),
        &[names::SENT],
    );
    (s, a, b)
}

/// Which of the two messages match `q` ("a", "b", "ab" or "").
fn hits(q: &str) -> String {
    let (s, a, b) = store();
    let query = parse(q).unwrap_or_else(|_| panic!("{q:?} does not parse"));
    [(a, "a"), (b, "b")]
        .iter()
        .filter(|(id, _)| {
            let msg = s.message(*id).unwrap();
            query.matches(&Ctx::new(&s, msg, now(), "anna@x.example"))
        })
        .map(|(_, n)| *n)
        .collect()
}

#[test]
fn operators() {
    assert_eq!(hits("from:jan"), "a");
    assert_eq!(hits("from:me"), "b");
    assert_eq!(hits("to:firma.example"), "b");
    assert_eq!(hits("subject:oferta"), "ab");
    assert_eq!(hits("subject:\"na rok\""), "a");
    assert_eq!(hits("label:klienci-acme"), "a");
    assert_eq!(hits("label:Klienci/Acme"), "a");
    assert_eq!(hits("in:inbox"), "a");
    assert_eq!(hits("in:sent"), "b");
    assert_eq!(hits("in:anywhere"), "ab");
    assert_eq!(hits("is:unread"), "a");
    assert_eq!(hits("is:read"), "b");
    assert_eq!(hits("is:starred"), "b");
    assert_eq!(hits("has:attachment"), "b");
    assert_eq!(hits("newer_than:10d"), "a");
    assert_eq!(hits("older_than:1m"), "b");
    assert_eq!(hits("newer_than:1y"), "ab");
    assert_eq!(hits("after:2020/05/20"), "a");
    assert_eq!(hits("before:2020-05-20"), "b");
    assert_eq!(hits("larger:150"), "b");
}

#[test]
fn words_phrases_and_logic() {
    assert_eq!(hits("cenowa"), "a");
    assert_eq!(hits("cen"), "", "whole words only");
    assert_eq!(hits("\"oferta cenowa\""), "a");
    assert_eq!(hits("oferta -cenowa"), "b");
    assert_eq!(hits("from:jan OR is:starred"), "ab");
    assert_eq!(hits("{from:jan is:starred} -in:sent"), "a");
    assert_eq!(hits("(from:jan OR from:anna) subject:re"), "b");
    assert_eq!(hits("oferta AND is:unread"), "a");
    assert_eq!(hits(""), "ab");
    assert_eq!(hits("foo:bar"), "", "unknown operators are words");
}

#[test]
fn bad_queries() {
    for q in [
        "(from:jan",
        "from:jan)",
        "newer_than:5w",
        "after:yesterday",
        "OR",
    ] {
        assert_eq!(parse(q), Err(BadQuery), "{q}");
    }
}
