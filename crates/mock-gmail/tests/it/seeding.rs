//! Seeded mailboxes over real TLS: the built-in sample of the healthy
//! preset (folders, flags, threads, dates, exact bytes), `.eml`/mbox files
//! and raw messages from the builder, and errors that name the bad file.

use std::collections::BTreeMap;

use chrono::DateTime;
use mock_gmail::model::preset::{CONSUMER_EMAIL, WORKSPACE_EMAIL};
use mock_gmail::seed::sample::{self, SampleMessage};
use mock_gmail::store::names;
use mock_gmail::{MockGmail, MockHandle};

use crate::support::{imap_client, imap_session, wire_login};

/// The `Date` header of a sample message.
fn date_of(raw: &[u8]) -> DateTime<chrono::FixedOffset> {
    let text = std::str::from_utf8(raw).unwrap();
    let line = text.lines().find_map(|l| l.strip_prefix("Date: ")).unwrap();
    DateTime::parse_from_rfc2822(line.trim()).unwrap()
}

/// Every folder's bodies, dates and flags as the `imap` crate sees them,
/// compared with where the sample says each message is.
#[tokio::test]
async fn healthy_serves_the_sample_byte_for_byte() {
    let mock = MockGmail::builder().start().await.unwrap();
    let m = std::sync::Arc::new(mock);
    let m2 = m.clone();
    tokio::task::spawn_blocking(move || {
        let mut s = imap_session(&m2);
        let folders = [
            names::INBOX,
            names::SENT,
            names::STARRED,
            names::ALL_MAIL,
            sample::LABEL,
        ];
        for folder in folders {
            let want: Vec<&SampleMessage> = sample::in_folder(folder);
            let mb = s.select(folder).unwrap();
            assert_eq!(mb.exists as usize, want.len(), "{folder}");
            assert_eq!(mb.uid_next, Some(want.len() as u32 + 1), "{folder}");
            let f = s
                .uid_fetch("1:*", "(UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[])")
                .unwrap();
            let mut got: Vec<_> = f.iter().collect();
            got.sort_by_key(|f| f.uid);
            assert_eq!(got.len(), want.len(), "{folder}");
            for (f, w) in got.iter().zip(&want) {
                assert_eq!(f.body().unwrap(), w.raw, "{folder} {}", w.file);
                assert_eq!(f.size, Some(w.raw.len() as u32), "{}", w.file);
                assert_eq!(f.internal_date(), Some(date_of(w.raw)), "{}", w.file);
                let flags: Vec<String> = f.flags().iter().map(|x| x.to_string()).collect();
                for want_flag in w.flags {
                    assert!(flags.iter().any(|x| x == want_flag), "{} {flags:?}", w.file);
                }
                assert_eq!(flags.len(), w.flags.len(), "{} {flags:?}", w.file);
            }
        }
        s.logout().unwrap();
    })
    .await
    .unwrap();

    // Threads: the enquiry, the reply in Sent Mail and the answer with the
    // contract share one X-GM-THRID; the others stand alone.
    let mut w = wire_login(&m).await;
    w.cmd("S", "SELECT \"[Gmail]/All Mail\"").await;
    let mut thrid = BTreeMap::new();
    for line in w.cmd("F", "UID FETCH 1:* (X-GM-THRID)").await {
        let words: Vec<&str> = line.split([' ', '(', ')']).collect();
        if let (Some(u), Some(t)) = (
            words.iter().position(|x| *x == "UID"),
            words.iter().position(|x| *x == "X-GM-THRID"),
        ) {
            thrid.insert(
                words[u + 1].parse::<usize>().unwrap(),
                words[t + 1].to_owned(),
            );
        }
    }
    let file_uid = |name: &str| {
        sample::MESSAGES
            .iter()
            .position(|m| m.file.starts_with(name))
            .unwrap()
            + 1
    };
    let t = |name: &str| thrid[&file_uid(name)].clone();
    assert_eq!(t("02"), t("03"));
    assert_eq!(t("03"), t("04"));
    assert_ne!(t("01"), t("02"));
    assert_ne!(t("05"), t("02"));
    let gm = w
        .cmd("G", &format!("UID FETCH {} (X-GM-LABELS)", file_uid("05")))
        .await;
    assert!(gm[0].contains("X-GM-LABELS (Faktury)"), "{gm:?}");
    drop(w);
    std::sync::Arc::try_unwrap(m).unwrap().shutdown().await;
}

/// `sample_mailbox(false)` empties it; seeding an account replaces it.
#[tokio::test]
async fn sample_can_be_turned_off_or_replaced() {
    let empty = MockGmail::builder()
        .sample_mailbox(false)
        .start()
        .await
        .unwrap();
    assert!(empty
        .mailbox_messages(WORKSPACE_EMAIL, names::ALL_MAIL)
        .unwrap()
        .is_empty());
    empty.shutdown().await;
    let own = b"Subject: own\r\n\r\nx\r\n".to_vec();
    let replaced = MockGmail::builder()
        .seed_messages(WORKSPACE_EMAIL, [own.clone()])
        .start()
        .await
        .unwrap();
    assert_eq!(
        replaced
            .mailbox_messages(WORKSPACE_EMAIL, names::ALL_MAIL)
            .unwrap(),
        [own]
    );
    replaced.shutdown().await;
    // Other presets start empty.
    let other = MockGmail::builder()
        .mode("external-smtp-denied")
        .start()
        .await
        .unwrap();
    assert!(other
        .mailbox_messages(WORKSPACE_EMAIL, names::ALL_MAIL)
        .unwrap()
        .is_empty());
    other.shutdown().await;
}

const MBOX: &str = "From ewa@klient.example Tue Jun  2 09:00:00 2020
From: Ewa <ewa@klient.example>
Subject: Pierwsza
Date: Tue, 2 Jun 2020 09:00:00 +0200

>From the mbox, unescaped.

From jan@firma.example Wed Jun  3 10:30:00 2020
From: Jan <jan@firma.example>
Subject: Druga (no Date header)

Body.
";

/// An mbox with LF line ends into the consumer account: CRLF bytes,
/// unescaped `From `, INTERNALDATE from `Date` or the `From ` line.
#[tokio::test]
async fn mbox_file_into_a_named_account() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crm.mbox");
    std::fs::write(&path, MBOX).unwrap();
    let mock = MockGmail::builder()
        .seed_mailbox(CONSUMER_EMAIL, &path)
        .start()
        .await
        .unwrap();
    let want = [
        "From: Ewa <ewa@klient.example>\r\nSubject: Pierwsza\r\nDate: Tue, 2 Jun 2020 09:00:00 +0200\r\n\r\nFrom the mbox, unescaped.\r\n",
        "From: Jan <jan@firma.example>\r\nSubject: Druga (no Date header)\r\n\r\nBody.\r\n",
    ];
    let got = mock.mailbox_messages(CONSUMER_EMAIL, names::INBOX).unwrap();
    assert_eq!(got, want.map(|w| bytes::Bytes::from(w.as_bytes())));
    // The Workspace user still has the sample.
    assert_eq!(
        mock.mailbox_messages(WORKSPACE_EMAIL, names::INBOX)
            .unwrap()
            .len(),
        sample::in_folder(names::INBOX).len()
    );
    let (addr, ca) = (mock.imaps_addr(), mock.ca_pem().to_owned());
    tokio::task::spawn_blocking(move || {
        let mut s = imap_client(addr, &ca)
            .login(CONSUMER_EMAIL, mock_gmail::model::preset::CONSUMER_PASSWORD)
            .map_err(|(e, _)| e)
            .unwrap();
        s.select("INBOX").unwrap();
        let f = s.fetch("1:2", "(INTERNALDATE RFC822.SIZE)").unwrap();
        let dates: Vec<String> = f
            .iter()
            .map(|f| f.internal_date().unwrap().to_rfc3339())
            .collect();
        assert_eq!(
            dates,
            ["2020-06-02T09:00:00+02:00", "2020-06-03T10:30:00+00:00"]
        );
        let sizes: Vec<u32> = f.iter().map(|f| f.size.unwrap()).collect();
        assert_eq!(sizes, want.map(|w| w.len() as u32));
        s.logout().unwrap();
    })
    .await
    .unwrap();
    mock.shutdown().await;
}

/// Open mode creates the seeded account; its first sign-in sets the
/// password. Bad input fails `start()` naming the file, message and line.
#[tokio::test]
async fn open_mode_creates_seeded_accounts_and_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.eml"), "Subject: seeded\n\nhi\n").unwrap();
    let mock = MockGmail::builder()
        .mode("open")
        .seed_mailbox("crm-test@firma.example", dir.path())
        .start()
        .await
        .unwrap();
    let check: MockHandle = mock;
    let (addr, ca) = (check.imaps_addr(), check.ca_pem().to_owned());
    tokio::task::spawn_blocking(move || {
        let mut s = imap_client(addr, &ca)
            .login("crm-test@firma.example", "any")
            .map_err(|(e, _)| e)
            .unwrap();
        assert_eq!(s.select("INBOX").unwrap().exists, 1);
        s.logout().unwrap();
    })
    .await
    .unwrap();
    check.shutdown().await;

    let bad = dir.path().join("bad.mbox");
    std::fs::write(&bad, "From a\nSubject: 1\n\nok\n\nFrom b\nno header here\n").unwrap();
    let err = MockGmail::builder()
        .seed_primary(&bad)
        .start()
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("bad.mbox (message 2, line 6)") && err.contains("\"no header here\""),
        "{err}"
    );
    let err = MockGmail::builder()
        .seed_mailbox("nobody@firma.example", &bad)
        .start()
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("bad.mbox"), "{err}");
    let good = dir.path().join("a.eml");
    let err = MockGmail::builder()
        .seed_mailbox("nobody@firma.example", &good)
        .start()
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("no account \"nobody@firma.example\""), "{err}");
    let err = MockGmail::builder()
        .mode("open")
        .seed_primary(&good)
        .start()
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("--seed-account"), "{err}");
}
