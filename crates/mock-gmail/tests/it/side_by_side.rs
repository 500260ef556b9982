//! Many mocks in one process: each serves its own state (no global state).

use std::sync::Arc;

use mock_gmail::model::preset::*;
use mock_gmail::model::{preset, PRESETS};
use mock_gmail::{Account, MockGmail, MockHandle};

use crate::imap_bytes::{expected_imap_login, ok_login};
use crate::support::{mask_ids, sample_in, Wire};

const MOCKS: usize = 10;

/// What mock `i` serves: a preset, and for the mocks beyond the preset list
/// a healthy mock whose Workspace user has a different password.
fn setup(i: usize) -> (&'static str, Option<String>) {
    match PRESETS.get(i) {
        Some(p) => (p.name, None),
        None => ("healthy", Some(format!("Haslo-{i}"))),
    }
}

async fn login(mock: &MockHandle, secret: &str) -> Vec<String> {
    let mut w = Wire::tls(mock.imaps_addr(), mock.ca_pem()).await;
    assert_eq!(
        mask_ids(&w.line().await),
        "* OK Gimap ready for requests from 127.0.0.1 <id>"
    );
    w.cmd("a1", &format!("LOGIN {WORKSPACE_EMAIL} \"{secret}\""))
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_mocks_side_by_side() {
    // Start all ten concurrently.
    let starts = (0..MOCKS).map(|i| {
        tokio::spawn(async move {
            let (mode, password) = setup(i);
            let mut b = MockGmail::builder().mode(mode);
            if let Some(pw) = &password {
                b = b.account(Account::new(WORKSPACE_EMAIL, pw.clone()));
            }
            Arc::new(b.start().await.unwrap())
        })
    });
    let mut mocks = Vec::new();
    for s in starts {
        mocks.push(s.await.unwrap());
    }
    // Distinct listeners and CAs.
    let mut ports: Vec<u16> = mocks
        .iter()
        .flat_map(|m| {
            let a = m.addrs();
            [
                a.imaps.port(),
                a.imap.port(),
                a.smtps.port(),
                a.submission.port(),
            ]
        })
        .collect();
    ports.sort_unstable();
    ports.dedup();
    assert_eq!(ports.len(), MOCKS * 4);
    assert_ne!(mocks[0].ca_pem(), mocks[1].ca_pem());

    // Each mock gets its own message.
    for (i, m) in mocks.iter().enumerate() {
        m.deliver(
            WORKSPACE_EMAIL,
            format!("Subject: mock {i}\r\n\r\nfor mock {i}\r\n"),
        )
        .unwrap();
    }

    // Log in to all of them in parallel; each answers with its own state.
    let logins = mocks.iter().enumerate().map(|(i, m)| {
        let m = m.clone();
        tokio::spawn(async move {
            let (mode, password) = setup(i);
            match password {
                Some(pw) => {
                    // Only this mock's password works here...
                    assert_eq!(login(&m, &pw).await, ok_login("a1"), "mock {i}");
                    assert_eq!(
                        login(&m, WORKSPACE_PASSWORD).await,
                        vec!["a1 NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)"],
                        "mock {i}"
                    );
                }
                None => {
                    let secret = preset(mode).unwrap().customer_secret;
                    assert_eq!(
                        login(&m, secret).await,
                        expected_imap_login(mode),
                        "mock {i} ({mode})"
                    );
                }
            }
            // ... and its INBOX holds what its preset starts with (the
            // sample mailbox for healthy) and its own message only.
            let mut want = if preset(mode).unwrap().sample_mailbox == Some(WORKSPACE_EMAIL) {
                sample_in("INBOX")
            } else {
                Vec::new()
            };
            want.push(format!("Subject: mock {i}\r\n\r\nfor mock {i}\r\n").into());
            assert_eq!(m.mailbox_messages(WORKSPACE_EMAIL, "INBOX").unwrap(), want);
        })
    });
    for l in logins.collect::<Vec<_>>() {
        l.await.unwrap();
    }
    // Transcripts are per mock.
    for (i, m) in mocks.iter().enumerate() {
        let n = if setup(i).1.is_some() { 2 } else { 1 };
        assert_eq!(m.transcripts().len(), n, "mock {i}");
    }
    // Changing one mock's policy leaves the others alone.
    mocks[0].update_policy(|p| p.imap_pop_disabled_for_all = true);
    assert!(login(&mocks[0], WORKSPACE_PASSWORD).await[0]
        .contains("IMAP access is disabled for your domain."));
    let ext = (0..MOCKS)
        .find(|&i| setup(i).0 == "external-smtp-denied")
        .unwrap();
    assert_eq!(
        login(&mocks[ext], WORKSPACE_PASSWORD).await,
        ok_login("a1"),
        "external-smtp-denied still receives"
    );

    // Shut all down concurrently.
    let stops = mocks
        .into_iter()
        .map(|m| tokio::spawn(async move { Arc::try_unwrap(m).unwrap().shutdown().await }));
    for s in stops.collect::<Vec<_>>() {
        tokio::time::timeout(std::time::Duration::from_secs(5), s)
            .await
            .expect("shutdown is prompt")
            .unwrap();
    }
}
