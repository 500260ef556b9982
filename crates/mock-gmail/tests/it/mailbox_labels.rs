//! Gmail's label semantics over real TLS, byte for byte: one message in
//! several folders with per-folder UIDs, X-GM-LABELS / X-GM-MSGID /
//! X-GM-THRID, Starred ↔ `\Flagged`, Trash and All Mail, STORE
//! X-GM-LABELS, COPY and MOVE with COPYUID. X-GM-LABELS relative to the
//! open folder is `label_views`' subject; here the `imap` crate checks it
//! as a second client.
//!
//! The subject here is exact numbering (UIDs, sequence numbers, UIDVALIDITY,
//! X-GM-MSGID) under Gmail's rules, in a mailbox each test builds from
//! nothing: so the healthy preset starts without its sample mailbox
//! (`sample_mailbox(false)`). The same rules with the sample present are
//! exercised by `crm_sync`, `mailbox_push`, `mailbox_search` and `seeding`.

use mock_gmail::model::preset::WORKSPACE_EMAIL;
use mock_gmail::{MockGmail, MockHandle};

use crate::support::{imap_session, mail, wire_login, Wire};

/// UIDVALIDITY of the folders a fresh account has (creation order) and of
/// the first labels a test creates.
const V_INBOX: u32 = 1;
const V_ALL: u32 = 3;
const V_STARRED: u32 = 8;
const V_TRASH: u32 = 9;
const V_FIRST_LABEL: u32 = 10;

async fn mock_with_two() -> MockHandle {
    let mock = MockGmail::builder()
        .sample_mailbox(false)
        .start()
        .await
        .unwrap();
    mock.deliver(
        WORKSPACE_EMAIL,
        mail(
            "Jan <jan@firma.example>",
            WORKSPACE_EMAIL,
            "Oferta",
            "",
            "A",
        ),
    )
    .unwrap();
    mock.deliver(
        WORKSPACE_EMAIL,
        mail(
            "Ewa <ewa@klient.example>",
            WORKSPACE_EMAIL,
            "Umowa",
            "",
            "B",
        ),
    )
    .unwrap();
    mock
}

/// The X-GM-MSGID numbers in a command's `* n FETCH (…)` lines.
fn msgids(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .filter_map(|l| l.split("X-GM-MSGID ").nth(1))
        .map(|s| s.trim_end_matches(')').to_owned())
        .collect()
}

async fn status(w: &mut Wire, folder: &str) -> String {
    let r = w
        .cmd("st", &format!("STATUS \"{folder}\" (MESSAGES UIDNEXT)"))
        .await;
    assert_eq!(r.last().unwrap(), "st OK Success", "{r:?}");
    r[0].clone()
}

#[tokio::test]
async fn one_message_many_folders_with_their_own_uids() {
    let mock = mock_with_two().await;
    let mut w = wire_login(&mock).await;
    assert_eq!(w.cmd("a1", "CREATE Klienci/Acme").await, ["a1 OK Success"]);
    assert_eq!(
        w.cmd("a2", "LIST \"\" \"Klienci*\"").await,
        [
            "* LIST (\\HasChildren) \"/\" \"Klienci\"",
            "* LIST (\\HasNoChildren) \"/\" \"Klienci/Acme\"",
            "a2 OK Success"
        ]
    );
    w.cmd("s", "SELECT INBOX").await;
    // The second message gets UID 1 in the label, the first UID 2.
    let acme = V_FIRST_LABEL + 1;
    assert_eq!(
        w.cmd("a3", "UID COPY 2 Klienci/Acme").await,
        [format!("a3 OK [COPYUID {acme} 2 1] (Success)")]
    );
    assert_eq!(
        w.cmd("a4", "COPY 1 \"Klienci/Acme\"").await,
        [format!("a4 OK [COPYUID {acme} 1 2] (Success)")]
    );
    // Copying again keeps the UID it has there.
    assert_eq!(
        w.cmd("a5", "UID COPY 1:2 Klienci/Acme").await,
        [format!("a5 OK [COPYUID {acme} 1:2 2,1] (Success)")]
    );
    // INBOX is open: `\Inbox` is implied, so only the other label shows.
    let inbox = w.cmd("a6", "UID FETCH 1:* (X-GM-LABELS X-GM-MSGID)").await;
    assert!(
        inbox[0].starts_with("* 1 FETCH (UID 1 X-GM-LABELS (Klienci/Acme) X-GM-MSGID "),
        "{inbox:?}"
    );
    assert_eq!(
        status(&mut w, "Klienci/Acme").await,
        "* STATUS \"Klienci/Acme\" (MESSAGES 2 UIDNEXT 3)"
    );
    assert_eq!(
        status(&mut w, "[Gmail]/All Mail").await,
        "* STATUS \"[Gmail]/All Mail\" (MESSAGES 2 UIDNEXT 3)"
    );
    let r = w.cmd("a7", "SELECT Klienci/Acme").await;
    assert!(r.contains(&format!("* OK [UIDVALIDITY {acme}] UIDs valid.")));
    assert!(r.contains(&"* 2 EXISTS".to_owned()));
    let label = w.cmd("a8", "UID FETCH 1:* (X-GM-MSGID)").await;
    // Same two messages, in the opposite UID order.
    let (a, mut b) = (msgids(&inbox), msgids(&label));
    assert_eq!(a.len(), 2);
    b.reverse();
    assert_eq!(a, b);
    mock.shutdown().await;
}

#[tokio::test]
async fn starred_mirrors_flagged_both_ways() {
    let mock = mock_with_two().await;
    let mut w = wire_login(&mock).await;
    w.cmd("s", "SELECT INBOX").await;
    assert_eq!(
        w.cmd("a1", "STORE 1 +FLAGS (\\Flagged)").await,
        ["* 1 FETCH (FLAGS (\\Flagged))", "a1 OK Success"]
    );
    assert_eq!(
        status(&mut w, "[Gmail]/Starred").await,
        "* STATUS \"[Gmail]/Starred\" (MESSAGES 1 UIDNEXT 2)"
    );
    assert_eq!(
        w.cmd("a2", "FETCH 1 X-GM-LABELS").await,
        ["* 1 FETCH (X-GM-LABELS (\\Starred))", "a2 OK Success"]
    );
    // Copying into Starred flags the message, and says so.
    assert_eq!(
        w.cmd("a3", "UID COPY 2 \"[Gmail]/Starred\"").await,
        [
            "* 2 FETCH (UID 2 FLAGS (\\Flagged))".to_owned(),
            format!("a3 OK [COPYUID {V_STARRED} 2 2] (Success)")
        ]
    );
    assert_eq!(
        w.cmd("a4", "FETCH 2 FLAGS").await,
        ["* 2 FETCH (FLAGS (\\Flagged))", "a4 OK Success"]
    );
    // Unstarring through the label clears the flag; other sessions and
    // this one see the flag change on the next command.
    assert_eq!(
        w.cmd("a5", "UID STORE 2 -X-GM-LABELS (\\Starred)").await,
        [
            "* 2 FETCH (UID 2 X-GM-LABELS ())",
            "* 2 FETCH (UID 2 FLAGS ())",
            "a5 OK Success"
        ]
    );
    // Clearing \Flagged in Starred takes the message out of that folder.
    w.cmd("s2", "SELECT \"[Gmail]/Starred\"").await;
    assert_eq!(
        w.cmd("a6", "STORE 1 -FLAGS.SILENT (\\Flagged)").await,
        ["a6 OK Success"]
    );
    assert_eq!(w.cmd("a7", "NOOP").await, ["* 1 EXPUNGE", "a7 OK Success"]);
    assert_eq!(
        status(&mut w, "[Gmail]/Starred").await,
        "* STATUS \"[Gmail]/Starred\" (MESSAGES 0 UIDNEXT 3)"
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn trash_leaves_all_mail_and_comes_back() {
    let mock = mock_with_two().await;
    let mut w = wire_login(&mock).await;
    w.cmd("c", "CREATE Projekt").await;
    w.cmd("s", "SELECT INBOX").await;
    w.cmd("f", "STORE 1 +FLAGS.SILENT (\\Flagged)").await;
    w.cmd("p", "COPY 1 Projekt").await;
    // MOVE to Trash: Gmail's form, EXPUNGE then COPYUID in the tagged OK.
    assert_eq!(
        w.cmd("a1", "UID MOVE 1 \"[Gmail]/Trash\"").await,
        [
            "* 1 EXPUNGE".to_owned(),
            format!("a1 OK [COPYUID {V_TRASH} 1 1] (Success)")
        ]
    );
    for (folder, n) in [
        ("INBOX", 1),
        ("[Gmail]/All Mail", 1),
        ("[Gmail]/Starred", 0),
        ("Projekt", 0),
        ("[Gmail]/Trash", 1),
    ] {
        let line = status(&mut w, folder).await;
        assert!(line.contains(&format!("(MESSAGES {n} ")), "{line}");
    }
    w.cmd("s", "SELECT \"[Gmail]/Trash\"").await;
    // Only Trash holds it, and the open folder's label is implied.
    assert_eq!(
        w.cmd("a2", "FETCH 1 (FLAGS X-GM-LABELS)").await,
        [
            "* 1 FETCH (FLAGS (\\Flagged) X-GM-LABELS ())",
            "a2 OK Success"
        ]
    );
    // Back to INBOX: a new INBOX UID, All Mail and the star again.
    assert_eq!(
        w.cmd("a3", "MOVE 1 INBOX").await,
        [
            "* 1 EXPUNGE".to_owned(),
            format!("a3 OK [COPYUID {V_INBOX} 1 3] (Success)")
        ]
    );
    for (folder, n) in [
        ("INBOX", 2),
        ("[Gmail]/All Mail", 2),
        ("[Gmail]/Starred", 1),
    ] {
        let line = status(&mut w, folder).await;
        assert!(line.contains(&format!("(MESSAGES {n} ")), "{line}");
    }
    mock.shutdown().await;
}

#[tokio::test]
async fn move_to_a_label_and_archive() {
    let mock = mock_with_two().await;
    let mut w = wire_login(&mock).await;
    w.cmd("c", "CREATE \"Klienci/Ważni\"").await;
    w.cmd("s", "SELECT INBOX").await;
    let v = V_FIRST_LABEL + 1;
    assert_eq!(
        w.cmd("a1", "UID MOVE 2 \"Klienci/Ważni\"").await,
        [
            "* 2 EXPUNGE".to_owned(),
            format!("a1 OK [COPYUID {v} 2 1] (Success)")
        ]
    );
    // MOVE out of All Mail only adds the label (All Mail cannot be left).
    w.cmd("s", "SELECT \"[Gmail]/All Mail\"").await;
    assert_eq!(
        w.cmd("a2", "MOVE 1 \"Klienci/Ważni\"").await,
        [format!("a2 OK [COPYUID {v} 1 2] (Success)")]
    );
    assert_eq!(
        w.cmd("a3", "FETCH 1:2 X-GM-LABELS").await,
        [
            "* 1 FETCH (X-GM-LABELS (\\Inbox \"Klienci/Ważni\"))",
            "* 2 FETCH (X-GM-LABELS (\"Klienci/Ważni\"))",
            "a3 OK Success"
        ]
    );
    // Archive: MOVE from INBOX to All Mail drops the Inbox label only.
    w.cmd("s", "SELECT INBOX").await;
    assert_eq!(
        w.cmd("a4", "MOVE 1 \"[Gmail]/All Mail\"").await,
        [
            "* 1 EXPUNGE".to_owned(),
            format!("a4 OK [COPYUID {V_ALL} 1 1] (Success)")
        ]
    );
    assert_eq!(
        w.cmd("a5", "MOVE 1 Nowhere").await,
        ["a5 NO [TRYCREATE] Folder doesn't exist. (Failure)"]
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn store_x_gm_labels_creates_and_removes() {
    let mock = mock_with_two().await;
    let mut w = wire_login(&mock).await;
    w.cmd("s", "SELECT INBOX").await;
    assert_eq!(
        w.cmd("a1", "STORE 1 +X-GM-LABELS (Projekt \"Do zrobienia\")")
            .await,
        [
            "* 1 FETCH (X-GM-LABELS (\"Do zrobienia\" Projekt))",
            "a1 OK Success"
        ]
    );
    let list = w.cmd("a2", "LIST \"\" \"*\"").await;
    assert!(list.contains(&"* LIST (\\HasNoChildren) \"/\" \"Projekt\"".to_owned()));
    assert!(list.contains(&"* LIST (\\HasNoChildren) \"/\" \"Do zrobienia\"".to_owned()));
    // A replace sets the other labels: INBOX is open, so `\Inbox` is
    // implied and stays (and the message with it).
    assert_eq!(
        w.cmd("a3", "STORE 1 X-GM-LABELS (Projekt)").await,
        ["* 1 FETCH (X-GM-LABELS (Projekt))", "a3 OK Success"]
    );
    assert_eq!(w.cmd("a4", "NOOP").await, ["a4 OK Success"]);
    assert_eq!(
        w.cmd("a5", "SEARCH X-GM-LABELS \\Inbox").await,
        ["* SEARCH 1 2", "a5 OK SEARCH completed (Success)"]
    );
    assert_eq!(
        status(&mut w, "Do zrobienia").await,
        "* STATUS \"Do zrobienia\" (MESSAGES 0 UIDNEXT 2)"
    );
    // Naming the open folder's label takes the message out of it.
    w.cmd("s", "SELECT Projekt").await;
    assert_eq!(
        w.cmd("a6", "UID STORE 1 -X-GM-LABELS.SILENT (Projekt)")
            .await,
        ["a6 OK Success"]
    );
    assert_eq!(w.cmd("a7", "NOOP").await, ["* 1 EXPUNGE", "a7 OK Success"]);
    assert_eq!(
        status(&mut w, "[Gmail]/All Mail").await,
        "* STATUS \"[Gmail]/All Mail\" (MESSAGES 2 UIDNEXT 3)"
    );
    mock.shutdown().await;
}

/// The labels of every message in a FETCH or STORE answer, as the `imap`
/// crate parses them.
fn crate_labels(fetches: &imap::types::Fetches) -> Vec<Vec<String>> {
    fetches
        .iter()
        .map(|f| {
            f.gmail_labels()
                .expect("X-GM-LABELS in the answer")
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn the_imap_crate_sees_labels_relative_to_the_open_folder() {
    let mock = std::sync::Arc::new(mock_with_two().await);
    let m = mock.clone();
    tokio::task::spawn_blocking(move || {
        let mut s = imap_session(&m);
        s.create("Klienci/Wa&AXw-ni").unwrap();
        s.select("INBOX").unwrap();
        s.copy("1:2", "Klienci/Wa&AXw-ni").unwrap();
        s.select("Klienci/Wa&AXw-ni").unwrap();
        let f = s.fetch("1:2", "X-GM-LABELS").unwrap();
        assert_eq!(crate_labels(&f), [["\\Inbox"], ["\\Inbox"]]);
        // Replace in the label: the label stays, the message with it.
        let f = s.store("1", "X-GM-LABELS (\"Do zrobienia\")").unwrap();
        assert_eq!(crate_labels(&f), [["Do zrobienia"]]);
        let f = s.uid_store("2", "+X-GM-LABELS (\\Important)").unwrap();
        assert_eq!(crate_labels(&f), [["\\Inbox", "\\Important"]]);
        assert_eq!(s.select("Klienci/Wa&AXw-ni").unwrap().exists, 2);
        // INBOX keeps only the message that still has `\Inbox`, and
        // implies it.
        assert_eq!(s.select("INBOX").unwrap().exists, 1);
        let f = s.fetch("1", "X-GM-LABELS").unwrap();
        assert_eq!(crate_labels(&f), [["Klienci/Wa&AXw-ni", "\\Important"]]);
        // All Mail implies nothing.
        s.select("[Gmail]/All Mail").unwrap();
        let f = s.fetch("1:2", "X-GM-LABELS").unwrap();
        assert_eq!(
            crate_labels(&f),
            [
                vec!["Do zrobienia", "Klienci/Wa&AXw-ni"],
                vec!["\\Inbox", "Klienci/Wa&AXw-ni", "\\Important"]
            ]
        );
        s.logout().unwrap();
    })
    .await
    .unwrap();
    std::sync::Arc::try_unwrap(mock).unwrap().shutdown().await;
}

#[tokio::test]
async fn threads_by_references_and_subject() {
    let mock = MockGmail::builder()
        .sample_mailbox(false)
        .start()
        .await
        .unwrap();
    let first = mail(
        "Jan <jan@firma.example>",
        WORKSPACE_EMAIL,
        "Oferta 2020",
        "Message-ID: <o1@firma.example>\r\n",
        "A",
    );
    let reply = mail(
        WORKSPACE_EMAIL,
        "Jan <jan@firma.example>",
        "Re: Oferta 2020",
        "Message-ID: <o2@firma.example>\r\nIn-Reply-To: <o1@firma.example>\r\n",
        "B",
    );
    let other = mail(
        "Jan <jan@firma.example>",
        WORKSPACE_EMAIL,
        "Oferta 2020",
        "Message-ID: <o3@firma.example>\r\n",
        "C",
    );
    for m in [first, reply, other] {
        mock.deliver(WORKSPACE_EMAIL, m).unwrap();
    }
    let mut w = wire_login(&mock).await;
    w.cmd("s", "SELECT INBOX").await;
    let r = w.cmd("a1", "FETCH 1:3 (X-GM-MSGID X-GM-THRID)").await;
    let ids: Vec<(u64, u64)> = r[..3]
        .iter()
        .map(|l| {
            let n: Vec<u64> = l
                .split(|c: char| !c.is_ascii_digit())
                .filter(|s| s.len() > 5)
                .map(|s| s.parse().unwrap())
                .collect();
            (n[0], n[1])
        })
        .collect();
    assert_eq!(ids[0].1, ids[0].0, "a thread's id is its first message's");
    assert_eq!(ids[1].1, ids[0].0, "the reply joins it");
    assert_eq!(ids[2].1, ids[2].0, "the same subject alone does not");
    let thrid = ids[0].0;
    assert_eq!(
        w.cmd("a2", &format!("SEARCH X-GM-THRID {thrid}")).await,
        ["* SEARCH 1 2", "a2 OK SEARCH completed (Success)"]
    );
    mock.shutdown().await;
}
