//! How much memory a large seeded mailbox costs, and that sessions do not
//! copy message bytes: issue #6 asks for a 10,000-message mailbox "held
//! without copying message bytes per session".
//!
//! ```text
//! cargo run --release -p mock-gmail --example seeded_rss -- [MESSAGES] [SESSIONS] [mbox|eml] [whole]
//! just seeded-rss 10000 50
//! ```
//!
//! Writes MESSAGES generated messages (plain and multipart with a base64
//! attachment, 1–7 KiB, CRLF) to a temporary mbox (or a directory of
//! `.eml` files), seeds one account from it, then opens SESSIONS TLS
//! sessions that log in and SELECT `[Gmail]/All Mail`, has every session
//! download every message the way a CRM's initial sync does (`UID FETCH`
//! in batches of 200), and with `whole` once more in a single `FETCH 1:*
//! BODY.PEEK[]`. It prints VmRSS and VmHWM from /proc/self/status after
//! each stage. The clients run in this process too, so the session figures
//! include their TLS state.
//!
//! Holding the mailbox costs the same with 1 or 50 sessions: every message
//! is one shared `Bytes`, and a session holds only its folder's (UID,
//! X-GM-MSGID) list (16 bytes a message). What a session does keep after
//! a FETCH is its connection's output buffer, sized by the largest single
//! response it wrote — small for batches, the whole mailbox for `1:*`.

use std::io::Write as _;
use std::sync::Arc;
use std::time::Instant;

use mock_gmail::{Account, MockGmail};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

const USER: &str = "crm@firma.example";
const PASSWORD: &str = "haslo";

/// (VmRSS, VmHWM) in KiB.
fn rss() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn report(stage: &str, base: u64) -> u64 {
    let (now, peak) = rss();
    println!(
        "{stage:<44} VmRSS {:>8.1} MiB  (+{:>7.1} MiB over baseline)  VmHWM {:>8.1} MiB",
        now as f64 / 1024.0,
        now.saturating_sub(base) as f64 / 1024.0,
        peak as f64 / 1024.0
    );
    now
}

/// Message `i`: every tenth is multipart with a base64 "PDF".
fn message(i: usize) -> String {
    let body_lines = 20 + (i * 37) % 100; // ~1–7 KiB
    let mut m = format!(
        "From: Klient {i} <klient{}@example.com>\r\nTo: {USER}\r\nSubject: Zamowienie nr {i}\r\n\
         Date: Mon, 1 Jun 2020 {:02}:{:02}:00 +0200\r\nMessage-ID: <m{i}@example.com>\r\nMIME-Version: 1.0\r\n",
        i % 500,
        (i / 60) % 24,
        i % 60
    );
    let text: String = (0..body_lines)
        .map(|l| format!("Linia {l} wiadomosci {i}: tresc zamowienia, pozycje, ceny.\r\n"))
        .collect();
    let nth_of_ten = i % 10;
    if nth_of_ten == 0 {
        let attachment =
            "JVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAwIFI+PgpzdHJlYW0K\r\n".repeat(16);
        m.push_str("Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n");
        m.push_str(&text);
        m.push_str("--b\r\nContent-Type: application/pdf; name=\"f.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        m.push_str(&attachment);
        m.push_str("--b--\r\n");
    } else {
        m.push_str("Content-Type: text/plain; charset=us-ascii\r\n\r\n");
        m.push_str(&text);
    }
    m
}

/// Writes the mailbox; returns the seed path and its size in bytes.
fn write_mailbox(dir: &std::path::Path, n: usize, eml: bool) -> (std::path::PathBuf, u64) {
    let mut total = 0u64;
    if eml {
        let d = dir.join("eml");
        std::fs::create_dir(&d).unwrap();
        for i in 0..n {
            let m = message(i);
            total += m.len() as u64;
            std::fs::write(d.join(format!("{i:06}.eml")), m).unwrap();
        }
        return (d, total);
    }
    let path = dir.join("mailbox.mbox");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    for i in 0..n {
        let m = message(i);
        total += m.len() as u64;
        write!(
            f,
            "From klient@example.com Mon Jun  1 10:00:00 2020\r\n{m}\r\n"
        )
        .unwrap();
    }
    f.flush().unwrap();
    (path, total)
}

struct Client {
    io: BufReader<TlsStream<tokio::net::TcpStream>>,
}

impl Client {
    async fn connect(addr: std::net::SocketAddr, tls: &TlsConnector) -> Client {
        let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
        let name = ServerName::try_from("localhost").unwrap();
        let mut c = Client {
            io: BufReader::new(tls.connect(name, tcp).await.unwrap()),
        };
        let mut greeting = String::new();
        c.io.read_line(&mut greeting).await.unwrap();
        c
    }

    /// Sends a command and discards its responses up to the tagged OK,
    /// skipping literal data; returns the literal bytes seen.
    async fn run(&mut self, tag: &str, command: &str) -> u64 {
        let w = self.io.get_mut();
        w.write_all(format!("{tag} {command}\r\n").as_bytes())
            .await
            .unwrap();
        w.flush().await.unwrap();
        let mut literal_bytes = 0;
        loop {
            let mut line = Vec::new();
            self.io.read_until(b'\n', &mut line).await.unwrap();
            assert!(!line.is_empty(), "connection closed during {command}");
            if line.starts_with(format!("{tag} ").as_bytes()) {
                assert!(
                    line.starts_with(format!("{tag} OK").as_bytes()),
                    "{command}: {}",
                    String::from_utf8_lossy(&line)
                );
                return literal_bytes;
            }
            let text = String::from_utf8_lossy(&line);
            if let Some(n) = text
                .trim_end()
                .strip_suffix('}')
                .and_then(|t| t.rsplit_once('{'))
                .and_then(|(_, n)| n.parse::<u64>().ok())
            {
                let mut rest = (&mut self.io).take(n);
                literal_bytes += tokio::io::copy(&mut rest, &mut tokio::io::sink())
                    .await
                    .unwrap();
            }
        }
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let messages: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let sessions: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(50);
    let eml = args.iter().skip(3).any(|a| a == "eml");
    let whole_fetch = args.iter().skip(3).any(|a| a == "whole");
    let dir = tempfile::tempdir().unwrap();
    let (path, bytes) = write_mailbox(dir.path(), messages, eml);
    println!(
        "{messages} messages, {:.1} MiB of message bytes, seeded from {}; {sessions} sessions",
        bytes as f64 / 1024.0 / 1024.0,
        if eml {
            "a directory of .eml files"
        } else {
            "one mbox"
        }
    );
    let base = rss().0;
    report("baseline (runtime, no mock)", base);

    let t0 = Instant::now();
    let mut account = Account::new(USER, PASSWORD);
    account.less_secure_toggle = true;
    // Gmail allows about 15 connections per account; this measurement
    // needs more on one mailbox.
    account.max_connections = u32::try_from(sessions).unwrap_or(u32::MAX) + 1;
    let mock = MockGmail::builder()
        .mode("healthy")
        .account(account)
        .seed_mailbox(USER, &path)
        .start()
        .await
        .unwrap();
    println!("seeded and listening in {:?}", t0.elapsed());
    let seeded = report("mock started, mailbox seeded", base);

    let mut roots = rustls::RootCertStore::empty();
    for c in CertificateDer::pem_slice_iter(mock.ca_pem().as_bytes()) {
        roots.add(c.unwrap()).unwrap();
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls = TlsConnector::from(Arc::new(
        rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth(),
    ));
    let mut clients = Vec::with_capacity(sessions);
    for _ in 0..sessions {
        let mut c = Client::connect(mock.imaps_addr(), &tls).await;
        c.run("a", &format!("LOGIN {USER} {PASSWORD}")).await;
        c.run("b", "SELECT \"[Gmail]/All Mail\"").await;
        clients.push(c);
    }
    let selected = report(&format!("{sessions} sessions in All Mail"), base);

    let t0 = Instant::now();
    let mut served = 0;
    for c in &mut clients {
        for start in (1..=messages).step_by(200) {
            let end = (start + 199).min(messages);
            served += c
                .run("c", &format!("UID FETCH {start}:{end} BODY.PEEK[]"))
                .await;
        }
    }
    let batched = report(
        &format!(
            "synced in batches of 200 ({:.0} MiB sent)",
            served as f64 / 1048576.0
        ),
        base,
    );
    println!("  took {:?}", t0.elapsed());
    let per = |v: u64| v.saturating_sub(seeded) as f64 / sessions.max(1) as f64;
    println!(
        "store: {:.1} MiB for {:.1} MiB of mail. Per session: {:.0} KiB selected, \
         {:.0} KiB after the batched sync",
        seeded.saturating_sub(base) as f64 / 1024.0,
        bytes as f64 / 1048576.0,
        per(selected),
        per(batched),
    );
    if whole_fetch {
        let t0 = Instant::now();
        let mut served = 0;
        for c in &mut clients {
            served += c.run("d", "FETCH 1:* BODY.PEEK[]").await;
        }
        let whole = report(
            &format!(
                "then FETCH 1:* at once ({:.0} MiB sent)",
                served as f64 / 1048576.0
            ),
            base,
        );
        println!(
            "  took {:?}; per session: {:.0} KiB",
            t0.elapsed(),
            per(whole)
        );
    }
    drop(clients);
    mock.shutdown().await;
}
