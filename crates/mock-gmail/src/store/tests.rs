//! Label semantics, folder admin and expunge rules, without sockets.

use super::*;
use names::*;

fn date() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2020-06-01T10:00:00+02:00").unwrap()
}

fn put(s: &mut Store, raw: &'static [u8], folders: &[&str]) -> u64 {
    s.insert(Bytes::from_static(raw), date(), BTreeSet::new(), folders)
}

fn uids(s: &Store, folder: &str) -> Vec<(u32, u64)> {
    s.mailbox(folder)
        .unwrap()
        .entries
        .iter()
        .map(|e| (e.uid, e.msgid))
        .collect()
}

fn flags(s: &Store, msgid: u64) -> Vec<String> {
    s.message(msgid).unwrap().flags.iter().cloned().collect()
}

#[test]
fn labels_and_uids() {
    let mut s = Store::new();
    let a = put(&mut s, b"a", &[INBOX]);
    let b = put(&mut s, b"b", &[SENT]);
    assert_eq!(uids(&s, "inbox"), [(1, a)]);
    assert_eq!(uids(&s, SENT), [(1, b)]);
    assert_eq!(uids(&s, ALL_MAIL), [(1, a), (2, b)]);
    assert_eq!(s.add_label(INBOX, a), Some(1));
    assert_eq!(s.counts(INBOX), Some((1, 1)));
    let t = put(&mut s, b"t", &[TRASH]);
    assert!(!s.mailbox(ALL_MAIL).unwrap().contains(t));
}

#[test]
fn user_labels_get_their_own_uids() {
    let mut s = Store::new();
    s.create_mailbox("Klienci/Acme").unwrap();
    let a = put(&mut s, b"a", &[INBOX]);
    let b = put(&mut s, b"b", &[INBOX]);
    assert_eq!(s.add_label("klienci/acme", b), Some(1));
    assert_eq!(s.add_label("Klienci/Acme", a), Some(2));
    assert_eq!(uids(&s, INBOX), [(1, a), (2, b)]);
    assert_eq!(uids(&s, "Klienci/Acme"), [(1, b), (2, a)]);
    assert_eq!(s.gm_labels(a), ["\\Inbox", "Klienci/Acme"]);
    // Out and back in: a new, higher UID.
    assert!(s.remove_label(INBOX, a));
    assert_eq!(s.add_label(INBOX, a), Some(3));
    assert!(s.mailbox(ALL_MAIL).unwrap().contains(a));
}

#[test]
fn starred_mirrors_flagged_both_ways() {
    let mut s = Store::new();
    let a = put(&mut s, b"a", &[INBOX]);
    s.set_flags(a, BTreeSet::from(["\\Flagged".to_owned()]));
    assert!(s.mailbox(STARRED).unwrap().contains(a));
    assert_eq!(s.gm_labels(a), ["\\Inbox", "\\Starred"]);
    s.set_flags(a, BTreeSet::new());
    assert!(!s.mailbox(STARRED).unwrap().contains(a));
    s.add_label(STARRED, a);
    assert_eq!(flags(&s, a), ["\\Flagged"]);
    s.remove_label(STARRED, a);
    assert!(flags(&s, a).is_empty());
    let f = s.insert(
        Bytes::from_static(b"f"),
        date(),
        BTreeSet::from(["\\Flagged".to_owned()]),
        &[INBOX],
    );
    assert!(s.mailbox(STARRED).unwrap().contains(f));
}

#[test]
fn trash_removes_everything_and_restores() {
    let mut s = Store::new();
    s.create_mailbox("Work").unwrap();
    let a = put(&mut s, b"a", &[INBOX, "Work"]);
    s.set_flags(a, BTreeSet::from(["\\Flagged".to_owned()]));
    s.add_label(TRASH, a);
    for f in [INBOX, "Work", ALL_MAIL, STARRED] {
        assert!(!s.mailbox(f).unwrap().contains(a), "{f}");
    }
    assert_eq!(s.gm_labels(a), ["\\Trash"]);
    assert_eq!(flags(&s, a), ["\\Flagged"]);
    // Moving it out of Trash brings back All Mail and the star.
    s.add_label(INBOX, a);
    s.remove_label(TRASH, a);
    for f in [INBOX, ALL_MAIL, STARRED] {
        assert!(s.mailbox(f).unwrap().contains(a), "{f}");
    }
    assert!(!s.mailbox(TRASH).unwrap().contains(a));
}

#[test]
fn expunge_rules() {
    let mut s = Store::new();
    s.create_mailbox("Work").unwrap();
    let a = put(&mut s, b"a", &[INBOX, "Work"]);
    s.set_flags(a, BTreeSet::from(["\\Deleted".to_owned()]));
    // A label folder: the label goes, the message stays (archived).
    s.expunge("Work", a);
    assert!(!s.mailbox("Work").unwrap().contains(a));
    assert!(s.mailbox(INBOX).unwrap().contains(a));
    assert!(flags(&s, a).is_empty(), "\\Deleted is consumed");
    s.expunge(INBOX, a);
    assert_eq!(uids(&s, ALL_MAIL).len(), 1, "archived");
    // All Mail: to Trash.
    s.expunge(ALL_MAIL, a);
    assert_eq!(s.gm_labels(a), ["\\Trash"]);
    assert!(uids(&s, ALL_MAIL).is_empty());
    // Trash: gone for good.
    s.expunge(TRASH, a);
    assert!(s.message(a).is_none());
    assert!(uids(&s, TRASH).is_empty());
}

#[test]
fn folder_admin() {
    let mut s = Store::new();
    s.create_mailbox("A/B/").unwrap();
    assert!(s.mailbox("A").is_some() && s.mailbox("A/B").is_some());
    assert_eq!(s.create_mailbox("a"), Err(MailboxError::AlreadyExists));
    assert_eq!(s.create_mailbox("inbox"), Err(MailboxError::AlreadyExists));
    assert_eq!(s.create_mailbox("x//y"), Err(MailboxError::InvalidName));
    assert_eq!(s.delete_mailbox(TRASH), Err(MailboxError::System));
    assert_eq!(s.rename_mailbox(INBOX, "X"), Err(MailboxError::System));
    assert_eq!(s.delete_mailbox("nope"), Err(MailboxError::NonExistent));
    let m = put(&mut s, b"m", &["A/B"]);
    let v = s.mailbox("A/B").unwrap().uid_validity;
    s.rename_mailbox("A", "C/D").unwrap();
    assert!(s.mailbox("A").is_none() && s.mailbox("A/B").is_none());
    assert!(s.mailbox("C").is_some());
    let moved = s.mailbox("C/D/B").unwrap();
    assert_eq!((moved.uid_validity, moved.entries[0].msgid), (v, m));
    s.delete_mailbox("C/D/B").unwrap();
    assert_eq!(s.gm_labels(m), Vec::<String>::new());
    assert!(s.mailbox(ALL_MAIL).unwrap().contains(m));
    s.create_mailbox("C/D/B").unwrap();
    assert!(s.mailbox("C/D/B").unwrap().uid_validity > v);
}

#[test]
fn x_gm_label_names() {
    let s = Store::new();
    assert_eq!(s.folder_for_label("\\inbox"), INBOX);
    assert_eq!(s.folder_for_label("\\Starred"), STARRED);
    assert_eq!(s.folder_for_label("[Gmail]/Sent Mail"), SENT);
    assert_eq!(s.folder_for_label("New label"), "New label");
}

#[test]
fn the_selected_folder_label_is_implied() {
    let mut s = Store::new();
    s.create_mailbox("Klienci/Wa&AXw-ni").unwrap();
    let a = put(&mut s, b"a", &[INBOX, "Klienci/Wa&AXw-ni", STARRED]);
    let all = ["\\Inbox", "Klienci/Wa&AXw-ni", "\\Starred"];
    assert_eq!(s.gm_labels(a), all);
    assert_eq!(s.gm_labels_seen_from(a, ALL_MAIL), all);
    assert_eq!(
        s.gm_labels_seen_from(a, "inbox"),
        ["Klienci/Wa&AXw-ni", "\\Starred"]
    );
    assert_eq!(
        s.gm_labels_seen_from(a, "klienci/wa&AXw-ni"),
        ["\\Inbox", "\\Starred"]
    );
    assert_eq!(
        s.gm_labels_seen_from(a, STARRED),
        ["\\Inbox", "Klienci/Wa&AXw-ni"]
    );
    // A folder that no longer exists implies nothing.
    assert_eq!(s.gm_labels_seen_from(a, "Gone"), all);
}

#[test]
fn delete_all_empties_every_folder_and_keeps_uids_unique() {
    let mut s = Store::new();
    put(&mut s, b"a", &[INBOX]);
    put(&mut s, b"b", &[SENT, INBOX]);
    s.create_mailbox("Work").unwrap();
    let w = put(&mut s, b"w", &["Work"]);
    assert!(s.mailbox("Work").unwrap().contains(w));
    let before = s.version();
    assert_eq!(s.delete_all(), 3);
    assert!(s.version() > before, "sessions must see the change");
    assert_eq!(s.total_bytes(), 0);
    for f in [INBOX, SENT, ALL_MAIL, "Work"] {
        assert!(uids(&s, f).is_empty(), "{f}");
    }
    // The next message gets a UID after the deleted ones.
    let c = put(&mut s, b"c", &[INBOX]);
    assert_eq!(uids(&s, INBOX), [(3, c)]);
    assert_eq!(s.delete_all(), 1);
    assert_eq!(s.delete_all(), 0);
}
