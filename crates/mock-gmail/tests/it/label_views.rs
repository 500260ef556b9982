//! X-GM-LABELS seen from the selected folder, as `C:`/`S:` byte
//! transcripts over real TLS: `STORE` (replace), `+X-GM-LABELS` and
//! `-X-GM-LABELS` in a user label, in INBOX and in `[Gmail]/All Mail`, with
//! `FETCH X-GM-LABELS` before and after.
//!
//! Gmail leaves the selected folder's own label out of X-GM-LABELS (the
//! selection implies it) and keeps it on a replace, so the message stays in
//! the folder; only naming it in `-X-GM-LABELS` takes it out (reported by
//! EXPUNGE on the next NOOP, never during STORE). All Mail is no label:
//! nothing is implied there. Sources are in `store/labels.rs`
//! (`gm_labels_seen_from`) and `imap/state/store_cmd.rs` (`store_labels`).
//!
//! Every test starts from the same two messages, both in INBOX and in the
//! user label `Projekt` (UIDs 1 and 2 everywhere), in a mailbox without the
//! healthy preset's sample.

use mock_gmail::model::preset::WORKSPACE_EMAIL;
use mock_gmail::{MockGmail, MockHandle};

use crate::support::{mail, wire_login, Wire};

/// Two messages in INBOX and `Projekt`, and a session logged in with
/// `folder` selected.
async fn two_in(folder: &str) -> (MockHandle, Wire) {
    let mock = MockGmail::builder()
        .sample_mailbox(false)
        .start()
        .await
        .unwrap();
    for (from, subject) in [
        ("jan@firma.example", "Oferta"),
        ("ewa@klient.example", "Umowa"),
    ] {
        let m = mail(from, WORKSPACE_EMAIL, subject, "", "tresc");
        mock.deliver(WORKSPACE_EMAIL, m).unwrap();
    }
    let mut w = wire_login(&mock).await;
    for (tag, cmd) in [
        ("p1", "CREATE Projekt"),
        ("p2", "SELECT INBOX"),
        ("p3", "COPY 1:2 Projekt"),
        ("p4", &format!("SELECT \"{folder}\"")),
    ] {
        let r = w.cmd(tag, cmd).await;
        assert!(r.last().unwrap().starts_with(&format!("{tag} OK")), "{r:?}");
    }
    (mock, w)
}

/// Plays a transcript: each `C: <tag> <command>` line is sent, and the
/// server's exact bytes up to that tag's completion must equal the `S:`
/// lines after it, each ending in CRLF. Leading spaces are ignored, so a
/// transcript can be indented like the code around it.
async fn play(w: &mut Wire, transcript: &str) {
    let mut steps: Vec<(&str, String)> = Vec::new();
    for line in transcript
        .lines()
        .map(str::trim_start)
        .filter(|l| !l.is_empty())
    {
        if let Some(cmd) = line.strip_prefix("C: ") {
            steps.push((cmd, String::new()));
        } else if let Some(reply) = line.strip_prefix("S: ") {
            let (_, want) = steps.last_mut().expect("an S: line before any C: line");
            want.push_str(reply);
            want.push_str("\r\n");
        } else {
            panic!("a transcript line is `C: …` or `S: …`: {line:?}");
        }
    }
    for (cmd, want) in steps {
        let (tag, command) = cmd.split_once(' ').expect("C: <tag> <command>");
        let got = w.cmd_raw(tag, command).await;
        assert_eq!(String::from_utf8_lossy(&got), want, "C: {cmd}");
    }
}

/// SELECT outside a transcript: its untagged data is not the subject
/// here.
async fn select(w: &mut Wire, folder: &str) {
    let r = w.cmd("s", &format!("SELECT \"{folder}\"")).await;
    assert!(r.last().unwrap().starts_with("s OK [READ-WRITE]"), "{r:?}");
}

// ---- a user label selected: its label is implied and kept ----

#[tokio::test]
async fn label_folder_replace_keeps_the_selected_label() {
    let (mock, mut w) = two_in("Projekt").await;
    play(
        &mut w,
        r#"
        C: a1 FETCH 1:2 X-GM-LABELS
        S: * 1 FETCH (X-GM-LABELS (\Inbox))
        S: * 2 FETCH (X-GM-LABELS (\Inbox))
        S: a1 OK Success
        C: a2 STORE 1 X-GM-LABELS ("Do zrobienia")
        S: * 1 FETCH (X-GM-LABELS ("Do zrobienia"))
        S: a2 OK Success
        C: a3 UID STORE 2 X-GM-LABELS ()
        S: * 2 FETCH (UID 2 X-GM-LABELS ())
        S: a3 OK Success
        C: a4 NOOP
        S: a4 OK Success
        C: a5 FETCH 1:2 X-GM-LABELS
        S: * 1 FETCH (X-GM-LABELS ("Do zrobienia"))
        S: * 2 FETCH (X-GM-LABELS ())
        S: a5 OK Success
        C: a6 SEARCH X-GM-LABELS Projekt
        S: * SEARCH 1 2
        S: a6 OK SEARCH completed (Success)
        C: a7 STATUS INBOX (MESSAGES)
        S: * STATUS "INBOX" (MESSAGES 0)
        S: a7 OK Success
        "#,
    )
    .await;
    // All Mail implies nothing: the kept label shows there.
    select(&mut w, "[Gmail]/All Mail").await;
    play(
        &mut w,
        r#"
        C: b1 FETCH 1:2 X-GM-LABELS
        S: * 1 FETCH (X-GM-LABELS ("Do zrobienia" Projekt))
        S: * 2 FETCH (X-GM-LABELS (Projekt))
        S: b1 OK Success
        "#,
    )
    .await;
    mock.shutdown().await;
}

#[tokio::test]
async fn label_folder_add_leaves_the_selected_label_out() {
    let (mock, mut w) = two_in("Projekt").await;
    // A new label in modified UTF-7 (`Ważni`), created on first use, and a
    // system label that sets \Flagged (reported after the label FETCH).
    play(
        &mut w,
        r#"
        C: a1 STORE 1 +X-GM-LABELS (Klienci/Wa&AXw-ni \Starred)
        S: * 1 FETCH (X-GM-LABELS (\Inbox Klienci/Wa&AXw-ni \Starred))
        S: * 1 FETCH (UID 1 FLAGS (\Flagged))
        S: a1 OK Success
        C: a2 UID STORE 2 +X-GM-LABELS (Projekt \Important)
        S: * 2 FETCH (UID 2 X-GM-LABELS (\Inbox \Important))
        S: a2 OK Success
        C: a3 STORE 2 +X-GM-LABELS.SILENT (\Inbox)
        S: a3 OK Success
        C: a4 NOOP
        S: a4 OK Success
        C: a5 FETCH 1:2 (FLAGS X-GM-LABELS)
        S: * 1 FETCH (FLAGS (\Flagged) X-GM-LABELS (\Inbox Klienci/Wa&AXw-ni \Starred))
        S: * 2 FETCH (FLAGS () X-GM-LABELS (\Inbox \Important))
        S: a5 OK Success
        C: a6 LIST "" "Klienci*"
        S: * LIST (\HasChildren) "/" "Klienci"
        S: * LIST (\HasNoChildren) "/" "Klienci/Wa&AXw-ni"
        S: a6 OK Success
        "#,
    )
    .await;
    select(&mut w, "Klienci/Wa&AXw-ni").await;
    play(
        &mut w,
        r#"
        C: b1 FETCH 1 X-GM-LABELS
        S: * 1 FETCH (X-GM-LABELS (\Inbox Projekt \Starred))
        S: b1 OK Success
        "#,
    )
    .await;
    mock.shutdown().await;
}

#[tokio::test]
async fn label_folder_remove_takes_out_only_when_named() {
    let (mock, mut w) = two_in("Projekt").await;
    play(
        &mut w,
        r#"
        C: a1 STORE 1 -X-GM-LABELS (\Inbox)
        S: * 1 FETCH (X-GM-LABELS ())
        S: a1 OK Success
        C: a2 NOOP
        S: a2 OK Success
        C: a3 STORE 2 -X-GM-LABELS (Projekt)
        S: * 2 FETCH (X-GM-LABELS (\Inbox))
        S: a3 OK Success
        C: a4 FETCH 2 X-GM-LABELS
        S: * 2 FETCH (X-GM-LABELS (\Inbox))
        S: a4 OK Success
        C: a5 NOOP
        S: * 2 EXPUNGE
        S: a5 OK Success
        C: a6 SEARCH X-GM-LABELS Projekt
        S: * SEARCH 1
        S: a6 OK SEARCH completed (Success)
        C: a7 STATUS INBOX (MESSAGES)
        S: * STATUS "INBOX" (MESSAGES 1)
        S: a7 OK Success
        "#,
    )
    .await;
    mock.shutdown().await;
}

// ---- INBOX selected: `\Inbox` is implied and kept ----

#[tokio::test]
async fn inbox_replace_keeps_inbox() {
    let (mock, mut w) = two_in("INBOX").await;
    play(
        &mut w,
        r#"
        C: a1 FETCH 1:2 X-GM-LABELS
        S: * 1 FETCH (X-GM-LABELS (Projekt))
        S: * 2 FETCH (X-GM-LABELS (Projekt))
        S: a1 OK Success
        C: a2 STORE 1 X-GM-LABELS ("Do zrobienia" \Important)
        S: * 1 FETCH (X-GM-LABELS ("Do zrobienia" \Important))
        S: a2 OK Success
        C: a3 UID STORE 2 X-GM-LABELS ()
        S: * 2 FETCH (UID 2 X-GM-LABELS ())
        S: a3 OK Success
        C: a4 NOOP
        S: a4 OK Success
        C: a5 SEARCH X-GM-LABELS \Inbox
        S: * SEARCH 1 2
        S: a5 OK SEARCH completed (Success)
        C: a6 STATUS Projekt (MESSAGES)
        S: * STATUS "Projekt" (MESSAGES 0)
        S: a6 OK Success
        "#,
    )
    .await;
    select(&mut w, "[Gmail]/All Mail").await;
    play(
        &mut w,
        r#"
        C: b1 FETCH 1:2 X-GM-LABELS
        S: * 1 FETCH (X-GM-LABELS (\Inbox "Do zrobienia" \Important))
        S: * 2 FETCH (X-GM-LABELS (\Inbox))
        S: b1 OK Success
        "#,
    )
    .await;
    mock.shutdown().await;
}

#[tokio::test]
async fn inbox_add_leaves_inbox_out() {
    let (mock, mut w) = two_in("INBOX").await;
    play(
        &mut w,
        r#"
        C: a1 STORE 1 +X-GM-LABELS ("Do zrobienia" \Inbox)
        S: * 1 FETCH (X-GM-LABELS ("Do zrobienia" Projekt))
        S: a1 OK Success
        C: a2 UID STORE 1:2 +X-GM-LABELS (\Important)
        S: * 1 FETCH (UID 1 X-GM-LABELS ("Do zrobienia" Projekt \Important))
        S: * 2 FETCH (UID 2 X-GM-LABELS (Projekt \Important))
        S: a2 OK Success
        C: a3 FETCH 1:2 X-GM-LABELS
        S: * 1 FETCH (X-GM-LABELS ("Do zrobienia" Projekt \Important))
        S: * 2 FETCH (X-GM-LABELS (Projekt \Important))
        S: a3 OK Success
        "#,
    )
    .await;
    mock.shutdown().await;
}

#[tokio::test]
async fn inbox_remove_of_inbox_archives() {
    let (mock, mut w) = two_in("INBOX").await;
    // `-X-GM-LABELS (\Inbox)` is how a client archives from INBOX: the
    // message leaves the folder, and the next NOOP says so.
    play(
        &mut w,
        r#"
        C: a1 STORE 1 -X-GM-LABELS (Projekt)
        S: * 1 FETCH (X-GM-LABELS ())
        S: a1 OK Success
        C: a2 NOOP
        S: a2 OK Success
        C: a3 UID STORE 2 -X-GM-LABELS (\Inbox)
        S: * 2 FETCH (UID 2 X-GM-LABELS (Projekt))
        S: a3 OK Success
        C: a4 NOOP
        S: * 2 EXPUNGE
        S: a4 OK Success
        C: a5 SEARCH X-GM-LABELS \Inbox
        S: * SEARCH 1
        S: a5 OK SEARCH completed (Success)
        "#,
    )
    .await;
    select(&mut w, "[Gmail]/All Mail").await;
    play(
        &mut w,
        r#"
        C: b1 FETCH 1:2 X-GM-LABELS
        S: * 1 FETCH (X-GM-LABELS (\Inbox))
        S: * 2 FETCH (X-GM-LABELS (Projekt))
        S: b1 OK Success
        "#,
    )
    .await;
    mock.shutdown().await;
}

// ---- All Mail selected: nothing is implied ----

#[tokio::test]
async fn all_mail_replace_sets_every_label() {
    let (mock, mut w) = two_in("[Gmail]/All Mail").await;
    play(
        &mut w,
        r#"
        C: a1 FETCH 1:2 X-GM-LABELS
        S: * 1 FETCH (X-GM-LABELS (\Inbox Projekt))
        S: * 2 FETCH (X-GM-LABELS (\Inbox Projekt))
        S: a1 OK Success
        C: a2 STORE 1 X-GM-LABELS ("Do zrobienia")
        S: * 1 FETCH (X-GM-LABELS ("Do zrobienia"))
        S: a2 OK Success
        C: a3 UID STORE 2 X-GM-LABELS ()
        S: * 2 FETCH (UID 2 X-GM-LABELS ())
        S: a3 OK Success
        C: a4 NOOP
        S: a4 OK Success
        C: a5 FETCH 1:2 X-GM-LABELS
        S: * 1 FETCH (X-GM-LABELS ("Do zrobienia"))
        S: * 2 FETCH (X-GM-LABELS ())
        S: a5 OK Success
        C: a6 STATUS INBOX (MESSAGES)
        S: * STATUS "INBOX" (MESSAGES 0)
        S: a6 OK Success
        "#,
    )
    .await;
    mock.shutdown().await;
}

#[tokio::test]
async fn all_mail_add_shows_every_label() {
    let (mock, mut w) = two_in("[Gmail]/All Mail").await;
    play(
        &mut w,
        r#"
        C: a1 STORE 2 +X-GM-LABELS ("Do zrobienia" \Starred)
        S: * 2 FETCH (X-GM-LABELS (\Inbox "Do zrobienia" Projekt \Starred))
        S: * 2 FETCH (UID 2 FLAGS (\Flagged))
        S: a1 OK Success
        C: a2 FETCH 2 X-GM-LABELS
        S: * 2 FETCH (X-GM-LABELS (\Inbox "Do zrobienia" Projekt \Starred))
        S: a2 OK Success
        "#,
    )
    .await;
    select(&mut w, "[Gmail]/Starred").await;
    play(
        &mut w,
        r#"
        C: b1 FETCH 1 X-GM-LABELS
        S: * 1 FETCH (X-GM-LABELS (\Inbox "Do zrobienia" Projekt))
        S: b1 OK Success
        "#,
    )
    .await;
    mock.shutdown().await;
}

#[tokio::test]
async fn all_mail_remove_never_leaves_all_mail() {
    let (mock, mut w) = two_in("[Gmail]/All Mail").await;
    play(
        &mut w,
        r#"
        C: a1 STORE 1 -X-GM-LABELS (\Inbox Projekt)
        S: * 1 FETCH (X-GM-LABELS ())
        S: a1 OK Success
        C: a2 UID STORE 2 -X-GM-LABELS ("[Gmail]/All Mail" Projekt)
        S: * 2 FETCH (UID 2 X-GM-LABELS (\Inbox))
        S: a2 OK Success
        C: a3 NOOP
        S: a3 OK Success
        C: a4 FETCH 1:2 X-GM-LABELS
        S: * 1 FETCH (X-GM-LABELS ())
        S: * 2 FETCH (X-GM-LABELS (\Inbox))
        S: a4 OK Success
        "#,
    )
    .await;
    mock.shutdown().await;
}

// ---- system folders, COPY and MOVE ----

/// APPENDs a small message to `folder` (a LITERAL- literal, no
/// continuation).
async fn append(w: &mut Wire, tag: &str, folder: &str, subject: &str) {
    let m = mail(WORKSPACE_EMAIL, "ewa@klient.example", subject, "", "x");
    let body = String::from_utf8(m).unwrap();
    let cmd = format!("APPEND \"{folder}\" (\\Seen) {{{}+}}\r\n{body}", body.len());
    let r = w.cmd(tag, &cmd).await;
    assert!(
        r.last()
            .unwrap()
            .starts_with(&format!("{tag} OK [APPENDUID")),
        "{r:?}"
    );
}

#[tokio::test]
async fn drafts_and_sent_imply_their_labels() {
    let (mock, mut w) = two_in("[Gmail]/All Mail").await;
    append(&mut w, "p1", "[Gmail]/Drafts", "Szkic").await;
    append(&mut w, "p2", "[Gmail]/Sent Mail", "Wyslana").await;
    play(
        &mut w,
        r#"
        C: a1 FETCH 3:4 X-GM-LABELS
        S: * 3 FETCH (X-GM-LABELS (\Draft))
        S: * 4 FETCH (X-GM-LABELS (\Sent))
        S: a1 OK Success
        "#,
    )
    .await;
    for folder in ["[Gmail]/Drafts", "[Gmail]/Sent Mail"] {
        select(&mut w, folder).await;
        play(
            &mut w,
            r#"
            C: b1 FETCH 1 X-GM-LABELS
            S: * 1 FETCH (X-GM-LABELS ())
            S: b1 OK Success
            "#,
        )
        .await;
    }
    mock.shutdown().await;
}

#[tokio::test]
async fn copy_and_move_from_a_label_follow_the_same_rule() {
    let (mock, mut w) = two_in("Projekt").await;
    w.cmd("c", "CREATE Archiwum").await;
    play(
        &mut w,
        r#"
        C: a1 COPY 1 Archiwum
        S: a1 OK [COPYUID 11 1 1] (Success)
        C: a2 FETCH 1 X-GM-LABELS
        S: * 1 FETCH (X-GM-LABELS (\Inbox Archiwum))
        S: a2 OK Success
        C: a3 MOVE 2 Archiwum
        S: * 2 EXPUNGE
        S: a3 OK [COPYUID 11 2 2] (Success)
        C: a4 SEARCH X-GM-LABELS Projekt
        S: * SEARCH 1
        S: a4 OK SEARCH completed (Success)
        "#,
    )
    .await;
    select(&mut w, "Archiwum").await;
    play(
        &mut w,
        r#"
        C: b1 FETCH 1:2 X-GM-LABELS
        S: * 1 FETCH (X-GM-LABELS (\Inbox Projekt))
        S: * 2 FETCH (X-GM-LABELS (\Inbox))
        S: b1 OK Success
        C: b2 SEARCH X-GM-LABELS Archiwum
        S: * SEARCH 1 2
        S: b2 OK SEARCH completed (Success)
        "#,
    )
    .await;
    mock.shutdown().await;
}
