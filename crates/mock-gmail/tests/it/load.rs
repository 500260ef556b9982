//! Load over real TLS: 1000 concurrent IMAP sessions and 1000 SMTP
//! submissions; every message delivered exactly once, in order per
//! mailbox, with gap-free UIDs; a slowloris client holding half-sent
//! commands does not delay anyone else.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use mock_gmail::{MockGmail, Options};

use crate::support::Wire;

const SENDERS: usize = 20;
const RECIPIENTS: usize = 10;
const SUBMISSIONS: usize = 1000;
const IMAP_SESSIONS: usize = 1000;

fn user(kind: &str, i: usize) -> String {
    format!("{kind}{i}@load.example")
}

async fn submit(mock_addr: std::net::SocketAddr, ca: &str, from: &str, to: &str, n: usize) {
    let mut w = Wire::tls(mock_addr, ca).await;
    assert!(w.reply().await[0].starts_with("220"));
    w.smtp("EHLO load").await;
    let auth = gmail_wire::sasl::encode_plain(from, "pw");
    assert!(w.smtp(&format!("AUTH PLAIN {}", auth.expose())).await[0].starts_with("235"));
    assert!(w.smtp(&format!("MAIL FROM:<{from}>")).await[0].starts_with("250"));
    assert!(w.smtp(&format!("RCPT TO:<{to}>")).await[0].starts_with("250"));
    assert!(w.smtp("DATA").await[0].starts_with("354"));
    let body = format!("From: <{from}>\r\nTo: <{to}>\r\nSubject: load {n}\r\nMessage-ID: <load.{n}@load.example>\r\n\r\nmessage {n} from {from}\r\n.\r\n");
    w.send(&body).await;
    let r = w.reply().await;
    assert!(r[0].starts_with("250"), "{r:?}");
    w.smtp("QUIT").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_sessions_and_submissions() {
    let mock = Arc::new(
        MockGmail::builder()
            .mode("open")
            .options(Options {
                max_connections: 5000,
                ..Options::default()
            })
            .start()
            .await
            .unwrap(),
    );
    let ca = mock.ca_pem().to_owned();
    // A slowloris client: connects, sends half a command, and holds it.
    let mut slow = Wire::tls(mock.imaps_addr(), &ca).await;
    slow.line().await;
    slow.send_bytes(b"a1 LOGIN user0@load.example {100}\r\npartial")
        .await;

    let started = Instant::now();
    // 1000 submissions: each sender sends to its recipients in order, so
    // per (sender, recipient) the arrival order is the send order.
    let mut tasks = Vec::new();
    for s in 0..SENDERS {
        let (addr, ca) = (mock.smtps_addr(), ca.clone());
        tasks.push(tokio::spawn(async move {
            for k in 0..SUBMISSIONS / SENDERS {
                let n = s * (SUBMISSIONS / SENDERS) + k;
                submit(
                    addr,
                    &ca,
                    &user("sender", s),
                    &user("rcpt", n % RECIPIENTS),
                    n,
                )
                .await;
            }
        }));
    }
    // 1000 concurrent IMAP sessions (logged in, INBOX selected, a FETCH).
    let sessions = Arc::new(tokio::sync::Semaphore::new(IMAP_SESSIONS));
    let mut imap = Vec::new();
    for i in 0..IMAP_SESSIONS {
        let (addr, ca, sessions) = (mock.imaps_addr(), ca.clone(), sessions.clone());
        imap.push(tokio::spawn(async move {
            let _p = sessions.acquire().await.unwrap();
            let mut w = Wire::tls(addr, &ca).await;
            w.line().await;
            // Spread over accounts: Gmail caps ~15 connections per account.
            let u = user("reader", i % 100);
            let r = w.cmd("a", &format!("LOGIN {u} pw")).await;
            assert!(r.last().unwrap().starts_with("a OK"), "{r:?}");
            let r = w.cmd("b", "SELECT INBOX").await;
            assert!(r.last().unwrap().starts_with("b OK"), "{r:?}");
            let r = w.cmd("c", "LOGOUT").await;
            assert!(r.last().unwrap().starts_with("c OK"), "{r:?}");
        }));
    }
    for t in tasks.into_iter().chain(imap) {
        t.await.unwrap();
    }
    let elapsed = started.elapsed();
    println!("1000 IMAP sessions and 1000 submissions in {elapsed:?}");
    // Everyone finished although the slowloris still holds its command.
    assert!(elapsed < Duration::from_secs(120), "took {elapsed:?}");

    // Exactly once, in order per sender, gap-free UIDs.
    let mut total = 0;
    for r in 0..RECIPIENTS {
        let msgs = mock.mailbox_messages(&user("rcpt", r), "INBOX").unwrap();
        total += msgs.len();
        let ns: Vec<usize> = msgs
            .iter()
            .map(|m| {
                let t = String::from_utf8_lossy(m);
                let id = t.split("Message-ID: <load.").nth(1).unwrap();
                id.split('@').next().unwrap().parse().unwrap()
            })
            .collect();
        let mut seen = ns.clone();
        seen.sort();
        seen.dedup();
        assert_eq!(
            seen.len(),
            ns.len(),
            "a message was delivered twice to rcpt{r}"
        );
        let mut per_sender: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for n in &ns {
            per_sender
                .entry(n / (SUBMISSIONS / SENDERS))
                .or_default()
                .push(*n);
        }
        for (s, v) in per_sender {
            assert!(
                v.windows(2).all(|w| w[0] < w[1]),
                "sender{s} → rcpt{r} out of order: {v:?}"
            );
        }
        // UIDs are 1..=n with no gaps (checked over IMAP).
        let mut w = Wire::tls(mock.imaps_addr(), &ca).await;
        w.line().await;
        w.cmd("a", &format!("LOGIN {} pw", user("rcpt", r))).await;
        w.cmd("b", "SELECT INBOX").await;
        let search = w.cmd("c", "UID SEARCH ALL").await;
        let uids: Vec<usize> = search[0]
            .trim_start_matches("* SEARCH")
            .split_whitespace()
            .map(|u| u.parse().unwrap())
            .collect();
        assert_eq!(uids, (1..=msgs.len()).collect::<Vec<_>>(), "rcpt{r}");
    }
    assert_eq!(total, SUBMISSIONS);
    // The slowloris is still connected and harmless; finish it.
    slow.send_bytes(&[b'x'; 93]).await;
    slow.send_bytes(b"\r\n").await;
    let _ = slow.line().await;
    Arc::try_unwrap(mock).unwrap().shutdown().await;
}
