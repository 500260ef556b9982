//! Loading seed files and filing them, without sockets.

use std::collections::BTreeSet;
use std::fs;

use bytes::Bytes;
use chrono::DateTime;

use super::*;
use crate::store::{names, Store};

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2020-06-01T12:00:00+02:00").unwrap()
}

fn raws(msgs: &[SeedMessage]) -> Vec<Vec<u8>> {
    msgs.iter().map(|m| m.raw.to_vec()).collect()
}

#[test]
fn directory_recursive_sorted_eml_only() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::create_dir_all(p.join("b/nested")).unwrap();
    fs::create_dir_all(p.join(".hidden")).unwrap();
    fs::write(p.join("b/nested/3.EML"), "Subject: 3\n\nc\n").unwrap();
    fs::write(p.join("a.eml"), "Subject: 1\r\n\r\na\r\n").unwrap();
    fs::write(p.join("b/2.eml"), "Subject: 2\n\nb\n").unwrap();
    fs::write(p.join("notes.txt"), "not mail").unwrap();
    fs::write(p.join(".hidden/x.eml"), "Subject: hidden\n\n").unwrap();
    let msgs = load_path(p).unwrap();
    assert_eq!(
        raws(&msgs),
        [
            b"Subject: 1\r\n\r\na\r\n".to_vec(),
            b"Subject: 2\r\n\r\nb\r\n".to_vec(),
            b"Subject: 3\r\n\r\nc\r\n".to_vec(),
        ]
    );
    assert!(msgs[2].origin.path.ends_with("3.EML"));
}

#[test]
fn mbox_file_with_positions_in_errors() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.mbox");
    fs::write(
        &good,
        "From a@b Mon Jun  1 10:00:00 2020\nSubject: 1\n\n>From the start\n\nFrom c@d Tue Jun  2 08:00:00 2020\nDate: nonsense\nSubject: 2\n\nx\n",
    )
    .unwrap();
    let msgs = load_path(&good).unwrap();
    assert_eq!(
        raws(&msgs),
        [
            b"Subject: 1\r\n\r\nFrom the start\r\n".to_vec(),
            b"Date: nonsense\r\nSubject: 2\r\n\r\nx\r\n".to_vec(),
        ]
    );
    assert_eq!(
        (msgs[1].origin.message, msgs[1].origin.line),
        (Some(2), Some(6))
    );
    // INTERNALDATE falls back to the From_ line when Date does not parse.
    let mut store = Store::new();
    let ids = file_into(&mut store, &msgs, now());
    let d = |i: usize| store.message(ids[i]).unwrap().internal_date.to_rfc3339();
    assert_eq!(d(1), "2020-06-02T08:00:00+00:00");

    let bad = dir.path().join("bad.mbox");
    fs::write(
        &bad,
        "From a\nSubject: ok\n\nbody\n\nFrom b\nthis is not a header\n",
    )
    .unwrap();
    let err = load_path(&bad).unwrap_err().to_string();
    assert!(
        err.contains("bad.mbox (message 2, line 6)") && err.contains("this is not a header"),
        "{err}"
    );
    let empty = dir.path().join("empty.mbox");
    fs::write(&empty, "From a\nA: 1\n\nFrom b\n\nFrom c\nC: 3\n").unwrap();
    let err = load_path(&empty).unwrap_err().to_string();
    assert!(
        err.contains("(message 2, line 4): the message is empty"),
        "{err}"
    );
}

#[test]
fn errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope");
    let err = load_path(&missing).unwrap_err().to_string();
    assert!(
        err.starts_with("cannot seed from ") && err.contains("nope"),
        "{err}"
    );
    let err = load_path(dir.path()).unwrap_err().to_string();
    assert!(err.ends_with("no .eml files in this directory"), "{err}");
    fs::write(dir.path().join("x.eml"), b"\x89PNG\r\n\x1a\n").unwrap();
    let err = load_path(dir.path()).unwrap_err().to_string();
    assert!(err.contains("x.eml: not an RFC 5322 message"), "{err}");
    let err = messages_from_bytes(
        "seed_messages",
        [Bytes::from_static(b"A: 1\r\n"), Bytes::new()],
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        err,
        "cannot seed from seed_messages (message 2): the message is empty"
    );
}

#[test]
fn takeout_labels_and_date_header() {
    let msgs = messages_from_bytes(
        "t",
        [
            Bytes::from_static(b"X-Gmail-Labels: Archived,Klienci/Nowi,Starred\r\nDate: Tue, 2 Jun 2020 10:00:00 +0200\r\nSubject: a\r\n\r\n"),
            Bytes::from_static(b"Subject: b\r\n\r\n"),
        ],
    )
    .unwrap();
    let mut store = Store::new();
    let ids = file_into(&mut store, &msgs, now());
    let m = store.message(ids[0]).unwrap();
    assert_eq!(m.internal_date.to_rfc3339(), "2020-06-02T10:00:00+02:00");
    assert_eq!(
        m.flags,
        BTreeSet::from(["\\Flagged".to_owned(), "\\Seen".to_owned()])
    );
    assert!(store.mailbox("Klienci/Nowi").unwrap().contains(ids[0]));
    assert!(store.mailbox(names::STARRED).unwrap().contains(ids[0]));
    assert!(!store.mailbox(names::INBOX).unwrap().contains(ids[0]));
    assert!(store.mailbox(names::INBOX).unwrap().contains(ids[1]));
    assert_eq!(store.message(ids[1]).unwrap().internal_date, now());
}

#[test]
fn sample_is_crlf_parseable_and_placed() {
    for m in sample::MESSAGES {
        let b = Bytes::from_static(m.raw);
        assert_eq!(to_crlf(b.clone()), b, "{} has bare LF", m.file);
        assert!(crate::store::header::date(m.raw).is_some(), "{}", m.file);
    }
    let mut store = Store::new();
    sample::file_sample(&mut store, now());
    let count = |f: &str| store.mailbox(f).unwrap().entries.len();
    for f in [
        names::INBOX,
        names::SENT,
        names::STARRED,
        names::ALL_MAIL,
        sample::LABEL,
    ] {
        assert_eq!(count(f), sample::in_folder(f).len(), "{f}");
    }
    // The thread of three shares one X-GM-THRID.
    let all = &store.mailbox(names::ALL_MAIL).unwrap().entries;
    let thr: Vec<u64> = all
        .iter()
        .map(|e| store.message(e.msgid).unwrap().thrid)
        .collect();
    assert!(
        thr[1] == thr[2] && thr[2] == thr[3] && thr[0] != thr[1],
        "{thr:?}"
    );
    assert!(thr[4] != thr[1]);
}
