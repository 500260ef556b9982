//! A CRM's mail sync with the `imap` crate (blocking, in `spawn_blocking`):
//! initial sync, UID-based incremental sync after new deliveries, search by
//! sender and by X-GM-RAW, MOVE to a label, a Sent Mail copy by APPEND
//! (synchronising literal), QUOTA, and flag changes from another session
//! seen through IDLE. Every body is checked against the delivered bytes.
//!
//! The account starts with the healthy preset's sample mailbox, as a CRM
//! connecting to a real mailbox would find mail already there: the
//! initial sync reads it too, and the test's deliveries follow it.

use std::sync::Arc;
use std::time::Duration;

use imap::types::{Flag, UnsolicitedResponse};
use mock_gmail::model::preset::WORKSPACE_EMAIL;
use mock_gmail::{MockGmail, MockHandle};

use crate::support::{
    after_sample, imap_idle_session, imap_session, mail, sample_count, sample_in,
};

fn messages() -> Vec<Vec<u8>> {
    vec![
        mail(
            "Jan <jan@firma.example>",
            WORKSPACE_EMAIL,
            "Oferta",
            "",
            "A",
        ),
        mail(
            "Ewa <ewa@klient.example>",
            WORKSPACE_EMAIL,
            "Umowa",
            "",
            "B",
        ),
        mail(
            "Ewa <ewa@klient.example>",
            WORKSPACE_EMAIL,
            "Re: Umowa",
            "",
            "C",
        ),
        mail(
            "Jan <jan@firma.example>",
            WORKSPACE_EMAIL,
            "Faktura",
            "",
            "D",
        ),
    ]
}

async fn shared_mock() -> Arc<MockHandle> {
    Arc::new(MockGmail::builder().start().await.unwrap())
}

async fn done(mock: Arc<MockHandle>) {
    Arc::try_unwrap(mock).unwrap().shutdown().await;
}

#[tokio::test]
async fn initial_and_incremental_sync() {
    let mock = shared_mock().await;
    let msgs = messages();
    for m in &msgs[..2] {
        mock.deliver(WORKSPACE_EMAIL, m.clone()).unwrap();
    }
    let m = mock.clone();
    let sample = sample_in("INBOX");
    tokio::task::spawn_blocking(move || {
        let n = sample.len() as u32;
        let mut s = imap_session(&m);
        let mb = s.select("INBOX").unwrap();
        assert_eq!(
            (mb.exists, mb.uid_validity, mb.uid_next),
            (n + 2, Some(1), Some(n + 3))
        );
        // Initial sync: headers, sizes, flags of everything there.
        let f = s
            .uid_fetch(
                "1:*",
                "(UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (FROM SUBJECT)])",
            )
            .unwrap();
        let got: Vec<(u32, u32)> = f
            .iter()
            .map(|f| (f.uid.unwrap(), f.size.unwrap()))
            .collect();
        let mut want: Vec<(u32, u32)> = (1..).zip(sample.iter().map(|m| m.len() as u32)).collect();
        want.extend([(n + 1, msgs[0].len() as u32), (n + 2, msgs[1].len() as u32)]);
        assert_eq!(got, want);
        assert_eq!(
            f.iter().nth(n as usize + 1).unwrap().header().unwrap(),
            b"From: Ewa <ewa@klient.example>\r\nSubject: Umowa\r\n\r\n"
        );
        let last_uid = n + 2;
        // New mail while the CRM is away; NOOP announces it once.
        for msg in &msgs[2..] {
            m.deliver(WORKSPACE_EMAIL, msg.clone()).unwrap();
        }
        s.noop().unwrap();
        let unsolicited: Vec<String> = s.take_all_unsolicited().map(|u| format!("{u:?}")).collect();
        assert_eq!(unsolicited, [format!("Exists({})", n + 4)]);
        s.noop().unwrap();
        assert_eq!(s.take_all_unsolicited().count(), 0);
        // Incremental sync by UID, bodies byte for byte.
        let f = s
            .uid_fetch(format!("{}:*", last_uid + 1), "(UID BODY.PEEK[])")
            .unwrap();
        let got: Vec<(u32, Vec<u8>)> = f
            .iter()
            .map(|f| (f.uid.unwrap(), f.body().unwrap().to_vec()))
            .collect();
        assert_eq!(got, [(n + 3, msgs[2].clone()), (n + 4, msgs[3].clone())]);
        // Nothing new: `n+5:*` still names the last message (RFC 3501), so
        // the client keeps only UIDs above the last one it has.
        let f = s.uid_fetch(format!("{}:*", n + 5), "UID").unwrap();
        assert!(f.iter().all(|f| f.uid.unwrap() <= n + 4));
        // Search by sender and by X-GM-RAW.
        let mut by_sender: Vec<u32> = s
            .uid_search("FROM \"ewa@klient.example\"")
            .unwrap()
            .into_iter()
            .collect();
        by_sender.sort();
        assert_eq!(by_sender, [n + 2, n + 3]);
        let mut raw: Vec<u32> = s
            .uid_search("X-GM-RAW \"from:ewa -subject:re\"")
            .unwrap()
            .into_iter()
            .collect();
        raw.sort();
        // "Umowa", and the sample's two messages from Ewa Wiśniewska
        // (UIDs 2 and 3: the enquiry and her answer "Odp: …").
        assert_eq!(raw, [2, 3, n + 2]);
        s.logout().unwrap();
    })
    .await
    .unwrap();
    done(mock).await;
}

#[tokio::test]
async fn move_to_label_sent_copy_and_quota() {
    let mock = shared_mock().await;
    let msgs = messages();
    for m in &msgs[..2] {
        mock.deliver(WORKSPACE_EMAIL, m.clone()).unwrap();
    }
    let m = mock.clone();
    let sent = mail(WORKSPACE_EMAIL, "ewa@klient.example", "Odp", "", "Z CRM");
    let sent2 = sent.clone();
    tokio::task::spawn_blocking(move || {
        let n = sample_count("INBOX");
        let mut s = imap_session(&m);
        s.create("Klienci/Klient").unwrap();
        s.select("INBOX").unwrap();
        s.uid_mv((n + 2).to_string(), "Klienci/Klient").unwrap();
        assert_eq!(s.select("INBOX").unwrap().exists, n + 1);
        let mb = s.select("Klienci/Klient").unwrap();
        assert_eq!(mb.exists, 1);
        let f = s.fetch("1", "(BODY.PEEK[] X-GM-LABELS)").unwrap();
        assert_eq!(f.iter().next().unwrap().body().unwrap(), &msgs[1][..]);
        // The Sent Mail copy a CRM stores after sending through SMTP.
        let date = chrono::DateTime::parse_from_rfc3339("2020-06-01T12:00:00+02:00").unwrap();
        let appended = s
            .append("[Gmail]/Sent Mail", &sent2)
            .flag(Flag::Seen)
            .internal_date(date)
            .finish()
            .unwrap();
        assert_eq!(appended.uid_validity, Some(6));
        let uid = sample_count("[Gmail]/Sent Mail") + 1;
        assert_eq!(
            format!("{:?}", appended.uids),
            format!("Some([Uid({uid})])")
        );
        let quota = s.get_quota_root("INBOX").unwrap();
        assert_eq!(quota.mailbox_name(), "INBOX");
        let q = format!("{quota:?}");
        assert!(q.contains("15728640"), "{q}");
        s.logout().unwrap();
    })
    .await
    .unwrap();
    assert_eq!(after_sample(&mock, "[Gmail]/Sent Mail"), [sent]);
    done(mock).await;
}

#[tokio::test]
async fn flag_change_from_another_session_arrives_via_idle() {
    let mock = shared_mock().await;
    mock.deliver(WORKSPACE_EMAIL, messages()[0].clone())
        .unwrap();
    let m = mock.clone();
    tokio::task::spawn_blocking(move || {
        let mut idler = imap_idle_session(&m);
        idler.select("INBOX").unwrap();
        let m2 = m.clone();
        let changer = std::thread::spawn(move || {
            // Change the flag only once the server has accepted the IDLE,
            // as its transcript shows: a fixed pause would lose the change
            // on a slow or busy machine.
            let deadline = std::time::Instant::now() + Duration::from_secs(10);
            while !m2
                .transcripts()
                .iter()
                .any(|t| t.to_text().contains("S: + idling"))
            {
                assert!(
                    std::time::Instant::now() < deadline,
                    "the IDLE was never accepted"
                );
                std::thread::sleep(Duration::from_millis(5));
            }
            let mut other = imap_session(&m2);
            other.select("INBOX").unwrap();
            // The delivered message, after the sample mailbox.
            let seq = sample_count("INBOX") + 1;
            other
                .store(seq.to_string(), "+FLAGS.SILENT (\\Seen)")
                .unwrap();
            other.logout().unwrap();
        });
        let mut seen = Vec::new();
        idler
            .idle()
            .timeout(Duration::from_secs(5))
            .wait_while(|r| {
                seen.push(r);
                false
            })
            .unwrap();
        changer.join().unwrap();
        assert_eq!(seen.len(), 1);
        match &seen[0] {
            UnsolicitedResponse::Fetch { id, attributes } => {
                let seq = sample_count("INBOX") + 1;
                assert_eq!(*id, seq);
                let a = format!("{attributes:?}");
                assert!(
                    a.contains(&format!("Uid({seq})")) && a.contains("Seen"),
                    "{a}"
                );
            }
            other => panic!("expected a FETCH, got {other:?}"),
        }
        idler.logout().unwrap();
    })
    .await
    .unwrap();
    done(mock).await;
}
