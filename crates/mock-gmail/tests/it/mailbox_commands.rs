//! The mailbox commands a CRM uses, byte for byte over real TLS: STORE,
//! EXPUNGE / UID EXPUNGE / CLOSE / CHECK, APPEND (synchronising and
//! non-synchronising literals), CREATE / DELETE / RENAME / SUBSCRIBE,
//! QUOTA, read-only folders, wrong states, and what Gmail does not offer.
//!
//! The subject here is exact numbering (UIDs, sequence numbers, UIDVALIDITY,
//! X-GM-MSGID) under Gmail's rules, in a mailbox each test builds from
//! nothing: so the healthy preset starts without its sample mailbox
//! (`sample_mailbox(false)`). The same rules with the sample present are
//! exercised by `crm_sync`, `mailbox_push`, `mailbox_search` and `seeding`.

use mock_gmail::model::preset::WORKSPACE_EMAIL;
use mock_gmail::{MockGmail, MockHandle};

use crate::support::{mail, wire_login, Wire};

async fn mock_with(n: usize) -> MockHandle {
    let mock = MockGmail::builder()
        .sample_mailbox(false)
        .start()
        .await
        .unwrap();
    for i in 1..=n {
        let m = mail(
            "Jan <jan@firma.example>",
            WORKSPACE_EMAIL,
            &format!("Wiadomosc {i}"),
            "",
            "tresc",
        );
        mock.deliver(WORKSPACE_EMAIL, m).unwrap();
    }
    mock
}

async fn count(w: &mut Wire, folder: &str) -> u32 {
    let r = w
        .cmd("st", &format!("STATUS \"{folder}\" (MESSAGES)"))
        .await;
    let n = r[0].rsplit(' ').next().unwrap().trim_end_matches(')');
    n.parse().unwrap_or_else(|_| panic!("{r:?}"))
}

#[tokio::test]
async fn store_flag_forms() {
    let mock = mock_with(2).await;
    let mut w = wire_login(&mock).await;
    w.cmd("s", "SELECT INBOX").await;
    assert_eq!(
        w.cmd("a1", "STORE 1 FLAGS (\\seen \\Answered $Label1)")
            .await,
        [
            "* 1 FETCH (FLAGS ($Label1 \\Answered \\Seen))",
            "a1 OK Success"
        ]
    );
    assert_eq!(
        w.cmd("a2", "STORE 1:2 +FLAGS.SILENT (\\Deleted)").await,
        ["a2 OK Success"]
    );
    assert_eq!(
        w.cmd("a3", "UID STORE 1:* -FLAGS (\\Deleted $Label1 \\Recent)")
            .await,
        [
            "* 1 FETCH (UID 1 FLAGS (\\Answered \\Seen))",
            "* 2 FETCH (UID 2 FLAGS ())",
            "a3 OK Success"
        ]
    );
    assert_eq!(
        w.cmd("a4", "SEARCH ANSWERED").await,
        ["* SEARCH 1", "a4 OK SEARCH completed (Success)"]
    );
    // Flags are the message's: they show in every folder it is in.
    w.cmd("s", "EXAMINE \"[Gmail]/All Mail\"").await;
    assert_eq!(
        w.cmd("a5", "FETCH 1 FLAGS").await,
        ["* 1 FETCH (FLAGS (\\Answered \\Seen))", "a5 OK Success"]
    );
    assert_eq!(
        w.cmd("a6", "STORE 1 +FLAGS (\\Seen)").await,
        ["a6 NO STORE attempt on READ-ONLY folder (Failure)"]
    );
    assert_eq!(
        w.cmd("a7", "EXPUNGE").await,
        ["a7 NO EXPUNGE attempt on READ-ONLY folder (Failure)"]
    );
    assert_eq!(
        w.cmd("a8", "MOVE 1 INBOX").await,
        ["a8 NO MOVE attempt on READ-ONLY folder (Failure)"]
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn expunge_follows_gmails_folder_rules() {
    let mock = mock_with(4).await;
    let mut w = wire_login(&mock).await;
    w.cmd("s", "SELECT INBOX").await;
    w.cmd("d", "STORE 1,3,4 +FLAGS.SILENT (\\Deleted)").await;
    // UID EXPUNGE takes only the named \Deleted messages.
    assert_eq!(
        w.cmd("a1", "UID EXPUNGE 2:3").await,
        ["* 3 EXPUNGE", "a1 OK Success"]
    );
    assert_eq!(
        w.cmd("a2", "EXPUNGE").await,
        ["* 1 EXPUNGE", "* 2 EXPUNGE", "a2 OK Success"]
    );
    assert_eq!(w.cmd("a3", "NOOP").await, ["a3 OK Success"]);
    // Expunged from INBOX = archived: still in All Mail, unmarked.
    assert_eq!(count(&mut w, "INBOX").await, 1);
    assert_eq!(count(&mut w, "[Gmail]/All Mail").await, 4);
    w.cmd("s", "SELECT \"[Gmail]/All Mail\"").await;
    assert_eq!(
        w.cmd("a4", "SEARCH DELETED").await,
        ["* SEARCH", "a4 OK SEARCH completed (Success)"]
    );
    // Expunged from All Mail = moved to Trash.
    w.cmd("d", "STORE 1 +FLAGS.SILENT (\\Deleted)").await;
    assert_eq!(
        w.cmd("a5", "EXPUNGE").await,
        ["* 1 EXPUNGE", "a5 OK Success"]
    );
    assert_eq!(count(&mut w, "[Gmail]/Trash").await, 1);
    // Expunged from Trash = gone; CLOSE expunges silently.
    w.cmd("s", "SELECT \"[Gmail]/Trash\"").await;
    w.cmd("d", "STORE 1 +FLAGS.SILENT (\\Deleted)").await;
    assert_eq!(w.cmd("a6", "CHECK").await, ["a6 OK Success"]);
    assert_eq!(
        w.cmd("a7", "CLOSE").await,
        ["a7 OK Returned to authenticated state. (Success)"]
    );
    assert_eq!(count(&mut w, "[Gmail]/Trash").await, 0);
    assert_eq!(count(&mut w, "[Gmail]/All Mail").await, 3);
    // CLOSE after EXAMINE expunges nothing.
    w.cmd("s", "SELECT INBOX").await;
    w.cmd("d", "STORE 1 +FLAGS.SILENT (\\Deleted)").await;
    w.cmd("e", "EXAMINE INBOX").await;
    w.cmd("c", "CLOSE").await;
    assert_eq!(count(&mut w, "INBOX").await, 1);
    mock.shutdown().await;
}

#[tokio::test]
async fn selected_state_commands_need_a_folder() {
    let mock = mock_with(1).await;
    let mut w = wire_login(&mock).await;
    for (tag, cmd) in [
        ("a1", "STORE 1 +FLAGS (\\Seen)"),
        ("a2", "UID STORE 1 +X-GM-LABELS (x)"),
        ("a3", "COPY 1 INBOX"),
        ("a4", "UID MOVE 1 INBOX"),
        ("a5", "EXPUNGE"),
        ("a6", "UID EXPUNGE 1"),
        ("a7", "CHECK"),
        ("a8", "UID SEARCH ALL"),
    ] {
        assert_eq!(
            w.cmd(tag, cmd).await,
            [format!("{tag} BAD Command received in Invalid state.")]
        );
    }
    mock.shutdown().await;
}

#[tokio::test]
async fn append_with_both_literal_kinds() {
    let mock = mock_with(0).await;
    let mut w = wire_login(&mock).await;
    let msg = mail(
        "CRM <crm@firma.example>",
        "ewa@klient.example",
        "Wyslane z CRM",
        "",
        "Dzien dobry",
    );
    // Synchronising literal: the server asks for the data.
    w.send(&format!(
        "a1 APPEND \"[Gmail]/Sent Mail\" (\\Seen) \"05-Mar-2024 10:00:00 +0100\" {{{}}}\r\n",
        msg.len()
    ))
    .await;
    assert_eq!(w.line().await, "+ go ahead");
    w.send_bytes(&msg).await;
    w.send("\r\n").await;
    assert_eq!(
        w.until_tagged("a1").await,
        ["a1 OK [APPENDUID 6 1] (Success)"]
    );
    // LITERAL+ (`{n+}`): no continuation; and the EXISTS of the selected
    // folder comes with the reply.
    w.cmd("s", "SELECT INBOX").await;
    let mut cmd = format!("a2 APPEND INBOX {{{}+}}\r\n", msg.len()).into_bytes();
    cmd.extend_from_slice(&msg);
    cmd.extend_from_slice(b"\r\n");
    w.send_bytes(&cmd).await;
    assert_eq!(
        w.until_tagged("a2").await,
        ["* 1 EXISTS", "a2 OK [APPENDUID 1 1] (Success)"]
    );
    assert_eq!(w.cmd("a3", "NOOP").await, ["a3 OK Success"]);
    // Exact bytes, date and flags.
    w.cmd("s", "EXAMINE \"[Gmail]/Sent Mail\"").await;
    let raw = w
        .cmd_raw("a4", "FETCH 1 (FLAGS INTERNALDATE BODY.PEEK[])")
        .await;
    let mut want = format!(
        "* 1 FETCH (FLAGS (\\Seen) INTERNALDATE \"05-Mar-2024 10:00:00 +0100\" BODY[] {{{}}}\r\n",
        msg.len()
    )
    .into_bytes();
    want.extend_from_slice(&msg);
    want.extend_from_slice(b")\r\na4 OK Success\r\n");
    assert_eq!(
        String::from_utf8_lossy(&raw),
        String::from_utf8_lossy(&want)
    );
    assert_eq!(
        mock.mailbox_messages(WORKSPACE_EMAIL, "[Gmail]/All Mail")
            .unwrap()
            .len(),
        2
    );
    // A missing folder; a literal over APPENDLIMIT.
    assert_eq!(
        w.cmd("a5", "APPEND Nope {3+}\r\nabc").await,
        ["a5 NO [TRYCREATE] Folder doesn't exist. (Failure)"]
    );
    assert_eq!(
        w.cmd("a6", "APPEND INBOX {35651585}").await,
        ["a6 NO [TOOBIG] Literal too large (Failure)"]
    );
    assert_eq!(w.cmd("a7", "NOOP").await, ["a7 OK Success"]);
    mock.shutdown().await;
}

#[tokio::test]
async fn folders_are_labels() {
    let mock = mock_with(1).await;
    let mut w = wire_login(&mock).await;
    assert_eq!(w.cmd("a1", "CREATE Projekt/").await, ["a1 OK Success"]);
    let exists = "NO [ALREADYEXISTS] Folder name conflicts with existing folder name. (Failure)";
    assert_eq!(
        w.cmd("a2", "CREATE projekt").await,
        [format!("a2 {exists}")]
    );
    assert_eq!(w.cmd("a3", "CREATE inbox").await, [format!("a3 {exists}")]);
    let system = "NO [CANNOT] Cannot modify system folder. (Failure)";
    assert_eq!(w.cmd("a4", "DELETE INBOX").await, [format!("a4 {system}")]);
    assert_eq!(
        w.cmd("a5", "RENAME \"[Gmail]/Trash\" Kosz").await,
        [format!("a5 {system}")]
    );
    assert_eq!(
        w.cmd("a6", "DELETE Nope").await,
        ["a6 NO [NONEXISTENT] Unknown Mailbox: Nope (Failure)"]
    );
    assert_eq!(
        w.cmd("a7", "CREATE \"a//b\"").await,
        ["a7 NO [CANNOT] Invalid folder name. (Failure)"]
    );
    w.cmd("s", "SELECT INBOX").await;
    w.cmd("c", "COPY 1 Projekt").await;
    assert_eq!(
        w.cmd("a8", "RENAME Projekt \"Archiwum/2020\"").await,
        ["a8 OK Success"]
    );
    // INBOX is open, so its `\\Inbox` is implied and left out.
    assert_eq!(
        w.cmd("a9", "FETCH 1 X-GM-LABELS").await,
        ["* 1 FETCH (X-GM-LABELS (Archiwum/2020))", "a9 OK Success"]
    );
    assert_eq!(
        w.cmd("b1", "LIST \"\" \"Archiwum*\"").await,
        [
            "* LIST (\\HasChildren) \"/\" \"Archiwum\"",
            "* LIST (\\HasNoChildren) \"/\" \"Archiwum/2020\"",
            "b1 OK Success"
        ]
    );
    // Subscriptions drive LSUB.
    assert_eq!(w.cmd("b2", "UNSUBSCRIBE Archiwum").await, ["b2 OK Success"]);
    assert_eq!(
        w.cmd("b3", "LSUB \"\" \"Archiwum*\"").await,
        [
            "* LSUB (\\HasNoChildren) \"/\" \"Archiwum/2020\"",
            "b3 OK Success"
        ]
    );
    assert_eq!(w.cmd("b4", "SUBSCRIBE Archiwum").await, ["b4 OK Success"]);
    // Deleting a label keeps its messages (in All Mail and elsewhere).
    assert_eq!(w.cmd("b5", "DELETE Archiwum/2020").await, ["b5 OK Success"]);
    assert_eq!(
        w.cmd("b6", "FETCH 1 X-GM-LABELS").await,
        ["* 1 FETCH (X-GM-LABELS ())", "b6 OK Success"]
    );
    assert_eq!(count(&mut w, "[Gmail]/All Mail").await, 1);
    // Re-created, it is a new folder: a new UIDVALIDITY (Projekt had 10,
    // kept through the rename; the parent Archiwum got 11).
    w.cmd("c", "CREATE Archiwum/2020").await;
    let r = w.cmd("b7", "STATUS Archiwum/2020 (UIDVALIDITY)").await;
    assert_eq!(r[0], "* STATUS \"Archiwum/2020\" (UIDVALIDITY 12)");
    mock.shutdown().await;
}

#[tokio::test]
async fn quota_is_gmails_15_gb() {
    let mock = mock_with(3).await;
    let total: usize = mock
        .mailbox_messages(WORKSPACE_EMAIL, "[Gmail]/All Mail")
        .unwrap()
        .iter()
        .map(|m| m.len())
        .sum();
    let kib = total.div_ceil(1024);
    let mut w = wire_login(&mock).await;
    assert_eq!(
        w.cmd("a1", "GETQUOTAROOT INBOX").await,
        [
            "* QUOTAROOT INBOX \"\"".to_owned(),
            format!("* QUOTA \"\" (STORAGE {kib} 15728640)"),
            "a1 OK Success".to_owned()
        ]
    );
    assert_eq!(
        w.cmd("a2", "GETQUOTA \"\"").await,
        [
            format!("* QUOTA \"\" (STORAGE {kib} 15728640)"),
            "a2 OK Success".to_owned()
        ]
    );
    assert_eq!(
        w.cmd("a3", "GETQUOTA user").await,
        ["a3 NO [NONEXISTENT] Unknown quota root (Failure)"]
    );
    assert_eq!(
        w.cmd("a4", "GETQUOTAROOT Nope").await,
        ["a4 NO [NONEXISTENT] Unknown Mailbox: Nope (Failure)"]
    );
    assert_eq!(
        w.cmd("a5", "SETQUOTA \"\" (STORAGE 1)").await,
        ["a5 BAD Unknown command: SETQUOTA"]
    );
    mock.shutdown().await;
}

/// No SORT, THREAD or CONDSTORE: Gmail's BAD replies.
#[tokio::test]
async fn what_gmail_does_not_offer() {
    let mock = mock_with(1).await;
    let mut w = wire_login(&mock).await;
    let caps = w.cmd("c", "CAPABILITY").await;
    for absent in ["SORT", "THREAD", "CONDSTORE", "QRESYNC", "ESEARCH"] {
        assert!(!caps[0].contains(absent), "{absent} in {}", caps[0]);
    }
    assert_eq!(
        w.cmd("a1", "SELECT INBOX (CONDSTORE)").await,
        ["a1 BAD Could not parse command"]
    );
    w.cmd("s", "SELECT INBOX").await;
    // Gmail's wording: pimalaya/himalaya#311 and #698.
    for (tag, cmd, name) in [
        ("a2", "UID SORT (DATE) UTF-8 ALL", "UID SORT"),
        ("a3", "UID THREAD REFERENCES UTF-8 ALL", "UID THREAD"),
        ("a4", "SORT (ARRIVAL) UTF-8 ALL", "SORT"),
    ] {
        assert_eq!(
            w.cmd(tag, cmd).await,
            [format!("{tag} BAD Unknown command: {name}")]
        );
    }
    for (tag, cmd) in [
        ("a5", "FETCH 1 (FLAGS MODSEQ)"),
        ("a6", "UID FETCH 1:* (FLAGS) (CHANGEDSINCE 1)"),
        ("a7", "STORE 1 (UNCHANGEDSINCE 5) +FLAGS (\\Seen)"),
        ("a8", "STATUS INBOX (HIGHESTMODSEQ)"),
        ("a9", "SEARCH MODSEQ 5"),
    ] {
        assert_eq!(
            w.cmd(tag, cmd).await,
            [format!("{tag} BAD Could not parse command")]
        );
    }
    assert_eq!(w.cmd("b1", "NOOP").await, ["b1 OK Success"]);
    mock.shutdown().await;
}
