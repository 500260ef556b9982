//! Test clients: a line-oriented TLS/plain client for byte-exact checks,
//! and the real third-party clients (`imap`, `lettre`) wired to trust the
//! mock's CA.

#![allow(dead_code)]

use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use mock_gmail::MockHandle;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{ClientConfig, ClientConnection, RootCertStore, StreamOwned};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio_rustls::TlsConnector;

/// A rustls client config trusting only `ca_pem`.
pub fn client_config(ca_pem: &str) -> Arc<ClientConfig> {
    let mut roots = RootCertStore::empty();
    for c in CertificateDer::pem_slice_iter(ca_pem.as_bytes()) {
        roots.add(c.unwrap()).unwrap();
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Arc::new(
        ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth(),
    )
}

type Io = Box<dyn AsyncIo>;
pub trait AsyncIo: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send {}
impl<T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send> AsyncIo for T {}

/// A line client: send text, read lines, with a timeout on every read.
pub struct Wire {
    io: BufReader<Io>,
    ca: String,
}

const TIMEOUT: Duration = Duration::from_secs(5);

impl Wire {
    pub async fn tls(addr: SocketAddr, ca: &str) -> Wire {
        let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
        let conn = TlsConnector::from(client_config(ca));
        let tls = conn
            .connect(ServerName::try_from("localhost").unwrap(), tcp)
            .await
            .unwrap();
        Wire {
            io: BufReader::new(Box::new(tls)),
            ca: ca.to_owned(),
        }
    }

    pub async fn plain(addr: SocketAddr, ca: &str) -> Wire {
        let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
        Wire {
            io: BufReader::new(Box::new(tcp)),
            ca: ca.to_owned(),
        }
    }

    /// Upgrades after the server said to begin TLS.
    pub async fn starttls(self) -> Wire {
        assert!(self.io.buffer().is_empty(), "bytes pending before STARTTLS");
        // The boxed stream is a plain TcpStream here; re-wrap it.
        let io = self.io.into_inner();
        let conn = TlsConnector::from(client_config(&self.ca));
        let tls = conn
            .connect(ServerName::try_from("localhost").unwrap(), io)
            .await
            .unwrap();
        Wire {
            io: BufReader::new(Box::new(tls)),
            ca: self.ca,
        }
    }

    pub async fn send(&mut self, text: &str) {
        self.io.get_mut().write_all(text.as_bytes()).await.unwrap();
        self.io.get_mut().flush().await.unwrap();
    }

    pub async fn send_bytes(&mut self, b: &[u8]) {
        self.io.get_mut().write_all(b).await.unwrap();
        self.io.get_mut().flush().await.unwrap();
    }

    /// One line without CRLF; panics on timeout; "" on EOF.
    pub async fn line(&mut self) -> String {
        let mut s = String::new();
        tokio::time::timeout(TIMEOUT, self.io.read_line(&mut s))
            .await
            .expect("timed out waiting for a line")
            .unwrap();
        s.trim_end_matches(['\r', '\n']).to_owned()
    }

    /// Whether the server closed the connection.
    pub async fn closed(&mut self) -> bool {
        let mut b = [0u8; 1];
        matches!(
            tokio::time::timeout(TIMEOUT, self.io.read(&mut b)).await,
            Ok(Ok(0)) | Ok(Err(_))
        )
    }

    /// Lines up to and including the one starting with `tag `.
    pub async fn until_tagged(&mut self, tag: &str) -> Vec<String> {
        let mut v = Vec::new();
        loop {
            let l = self.line().await;
            let done = l.starts_with(&format!("{tag} "));
            let eof = l.is_empty();
            v.push(l);
            if done || eof {
                return v;
            }
        }
    }

    /// Sends a tagged command and returns all lines up to its completion.
    pub async fn cmd(&mut self, tag: &str, command: &str) -> Vec<String> {
        self.send(&format!("{tag} {command}\r\n")).await;
        self.until_tagged(tag).await
    }

    /// `LOGIN` as the preset Workspace user with the account password: the
    /// login every preset decides on.
    pub async fn login_workspace(&mut self, tag: &str) -> Vec<String> {
        use mock_gmail::model::preset::{WORKSPACE_EMAIL, WORKSPACE_PASSWORD};
        self.cmd(
            tag,
            &format!("LOGIN {WORKSPACE_EMAIL} {WORKSPACE_PASSWORD}"),
        )
        .await
    }

    /// One line if it arrives within `d` (without CRLF); `None` if nothing
    /// does. Use it to check that the server stays silent.
    pub async fn line_within(&mut self, d: Duration) -> Option<String> {
        let mut s = String::new();
        match tokio::time::timeout(d, self.io.read_line(&mut s)).await {
            Ok(r) => {
                r.unwrap();
                Some(s.trim_end_matches(['\r', '\n']).to_owned())
            }
            Err(_) => None,
        }
    }

    /// Exactly `n` raw bytes; panics on timeout or EOF.
    pub async fn read_exact(&mut self, n: usize) -> Vec<u8> {
        let mut b = vec![0u8; n];
        tokio::time::timeout(TIMEOUT, self.io.read_exact(&mut b))
            .await
            .expect("timed out waiting for bytes")
            .unwrap();
        b
    }

    /// One raw line including its CRLF; panics on timeout; empty on EOF.
    pub async fn raw_line(&mut self) -> Vec<u8> {
        let mut v = Vec::new();
        tokio::time::timeout(TIMEOUT, self.io.read_until(b'\n', &mut v))
            .await
            .expect("timed out waiting for a line")
            .unwrap();
        v
    }

    /// The exact bytes of every response up to and including the tagged
    /// completion for `tag`, with literal data (`{n}\r\n` + n bytes) inline.
    pub async fn raw_until_tagged(&mut self, tag: &str) -> Vec<u8> {
        let mut all = Vec::new();
        let prefix = format!("{tag} ");
        loop {
            let line = self.raw_line().await;
            assert!(
                !line.is_empty(),
                "EOF before the completion of {tag}: {}",
                String::from_utf8_lossy(&all)
            );
            let starts_line = all.is_empty() || all.ends_with(b"\r\n");
            let done = starts_line && line.starts_with(prefix.as_bytes());
            all.extend_from_slice(&line);
            if done {
                return all;
            }
            if let Some(n) = literal_len(&line) {
                let data = self.read_exact(n).await;
                all.extend_from_slice(&data);
                // The line continues after the literal; its end is read next.
                let rest = self.raw_line().await;
                all.extend_from_slice(&rest);
                // A literal may be followed by another literal on the same line.
                let mut tail = rest;
                while let Some(n) = literal_len(&tail) {
                    let data = self.read_exact(n).await;
                    all.extend_from_slice(&data);
                    tail = self.raw_line().await;
                    all.extend_from_slice(&tail);
                }
            }
        }
    }

    /// Sends a tagged command and returns the exact bytes of its responses.
    pub async fn cmd_raw(&mut self, tag: &str, command: &str) -> Vec<u8> {
        self.send(&format!("{tag} {command}\r\n")).await;
        self.raw_until_tagged(tag).await
    }

    /// One SMTP reply (all its lines).
    pub async fn reply(&mut self) -> Vec<String> {
        let mut v = Vec::new();
        loop {
            let l = self.line().await;
            let last = l.len() < 4 || l.as_bytes()[3] == b' ';
            v.push(l);
            if last {
                return v;
            }
        }
    }

    /// Sends an SMTP line and reads the reply.
    pub async fn smtp(&mut self, line: &str) -> Vec<String> {
        self.send(&format!("{line}\r\n")).await;
        self.reply().await
    }
}

/// Replaces Gmail's random tokens so transcripts can be compared.
pub fn mask_ids(line: &str) -> String {
    let mut words: Vec<String> = line.split(' ').map(str::to_owned).collect();
    for w in &mut words {
        let is_imap_id =
            w.len() >= 15 && w.contains("mb") && w.chars().all(|c| c.is_ascii_alphanumeric());
        let is_smtp_id = is_smtp_id(w);
        if is_imap_id || is_smtp_id {
            *w = "<id>".into();
        }
    }
    words.join(" ")
}

/// Gmail's SMTP token: `s87sm12973072pfa.89` (letter, digits, `sm`,
/// digits, letters, `.`, digits). Host names such as `smtp.gmail.com` are
/// not tokens.
fn is_smtp_id(w: &str) -> bool {
    let Some((head, tail)) = w.split_once('.') else {
        return false;
    };
    let Some((a, b)) = head.split_once("sm") else {
        return false;
    };
    let mut a = a.chars();
    let letter = a.next().is_some_and(|c| c.is_ascii_lowercase());
    let digits_a: String = a.collect();
    let digits_b: String = b.chars().take_while(char::is_ascii_digit).collect();
    let letters_b = &b[digits_b.len()..];
    letter
        && !digits_a.is_empty()
        && digits_a.chars().all(|c| c.is_ascii_digit())
        && !digits_b.is_empty()
        && !letters_b.is_empty()
        && letters_b.chars().all(|c| c.is_ascii_lowercase())
        && !tail.is_empty()
        && tail.chars().all(|c| c.is_ascii_digit())
}

/// A blocking rustls stream for the `imap` crate.
pub type SyncTls = StreamOwned<ClientConnection, TcpStream>;

/// Connects the `imap` crate over implicit TLS (blocking; call from
/// `spawn_blocking`). Returns the client after reading the greeting.
pub fn imap_client(addr: SocketAddr, ca: &str) -> imap::Client<SyncTls> {
    let tcp = TcpStream::connect(addr).unwrap();
    tcp.set_read_timeout(Some(TIMEOUT)).unwrap();
    let conn = ClientConnection::new(
        client_config(ca),
        ServerName::try_from("localhost").unwrap(),
    )
    .unwrap();
    let mut client = imap::Client::new(StreamOwned::new(conn, tcp));
    client.read_greeting().unwrap();
    client
}

/// A lettre transport to the mock over implicit TLS (`smtps`) or STARTTLS
/// (`submission`).
pub fn lettre_transport(
    mock: &MockHandle,
    implicit: bool,
    user: &str,
    secret: &str,
) -> lettre::AsyncSmtpTransport<lettre::Tokio1Executor> {
    use lettre::transport::smtp::authentication::Credentials;
    use lettre::transport::smtp::client::{Certificate, CertificateStore, Tls, TlsParameters};
    let params = TlsParameters::builder("localhost".to_owned())
        .certificate_store(CertificateStore::None)
        .add_root_certificate(Certificate::from_pem(mock.ca_pem().as_bytes()).unwrap())
        .build_rustls()
        .unwrap();
    let addr = if implicit {
        mock.smtps_addr()
    } else {
        mock.submission_addr()
    };
    lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::builder_dangerous("localhost")
        .port(addr.port())
        .tls(if implicit {
            Tls::Wrapper(params)
        } else {
            Tls::Required(params)
        })
        .credentials(Credentials::new(user.to_owned(), secret.to_owned()))
        .timeout(Some(TIMEOUT))
        .build()
}

/// A lettre transport over implicit TLS offering only `mechanisms`
/// (lettre's default is PLAIN and LOGIN; XOAUTH2 must be asked for).
pub fn lettre_transport_with(
    mock: &MockHandle,
    user: &str,
    secret: &str,
    mechanisms: &[lettre::transport::smtp::authentication::Mechanism],
) -> lettre::AsyncSmtpTransport<lettre::Tokio1Executor> {
    use lettre::transport::smtp::authentication::Credentials;
    use lettre::transport::smtp::client::{Certificate, CertificateStore, Tls, TlsParameters};
    let params = TlsParameters::builder("localhost".to_owned())
        .certificate_store(CertificateStore::None)
        .add_root_certificate(Certificate::from_pem(mock.ca_pem().as_bytes()).unwrap())
        .build_rustls()
        .unwrap();
    lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::builder_dangerous("localhost")
        .port(mock.smtps_addr().port())
        .tls(Tls::Wrapper(params))
        .credentials(Credentials::new(user.to_owned(), secret.to_owned()))
        .authentication(mechanisms.to_vec())
        .timeout(Some(TIMEOUT))
        .build()
}

/// `{n}` (or `{n+}`) at the end of a CRLF-terminated line.
fn literal_len(line: &[u8]) -> Option<usize> {
    let l = line
        .strip_suffix(b"\r\n")
        .or_else(|| line.strip_suffix(b"\n"))?;
    let inner = l.strip_suffix(b"}")?;
    let open = inner.iter().rposition(|&b| b == b'{')?;
    std::str::from_utf8(&inner[open + 1..])
        .ok()?
        .trim_end_matches('+')
        .parse()
        .ok()
}

/// Replaces the random `plt=` token of Google's web sign-in URL.
pub fn mask_plt(line: &str) -> String {
    match line.find("plt=") {
        Some(p) => {
            let start = p + 4;
            let end = line[start..]
                .find(|c: char| !c.is_ascii_alphanumeric())
                .map(|e| start + e)
                .unwrap_or(line.len());
            assert!(end > start, "empty plt token in {line:?}");
            format!("{}<token>{}", &line[..start], &line[end..])
        }
        None => line.to_owned(),
    }
}

/// Base64 (standard, padded).
pub fn b64(s: impl AsRef<[u8]>) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(s)
}

/// The base64 JSON Gmail sends for a bad XOAUTH2 token.
pub fn xoauth2_error_b64() -> String {
    b64(r#"{"status":"400","schemes":"Bearer","scope":"https://mail.google.com/"}"#)
}

/// A raw XOAUTH2 initial response (base64).
pub fn xoauth2(user: &str, token: &str) -> String {
    b64(format!("user={user}\x01auth=Bearer {token}\x01\x01"))
}

/// A SASL PLAIN response (base64).
pub fn plain(user: &str, pass: &str) -> String {
    b64(format!("\0{user}\0{pass}"))
}

/// Connects over implicit TLS, reads the greeting and logs in as the
/// healthy preset's Workspace user.
pub async fn wire_login(mock: &MockHandle) -> Wire {
    let mut w = Wire::tls(mock.imaps_addr(), mock.ca_pem()).await;
    assert!(w.line().await.starts_with("* OK Gimap ready"));
    let r = w.login_workspace("L").await;
    assert!(r.last().unwrap().starts_with("L OK "), "{r:?}");
    w
}

/// The `imap` crate, logged in as the healthy preset's Workspace user
/// (blocking; call from `spawn_blocking`).
pub fn imap_session(mock: &MockHandle) -> imap::Session<SyncTls> {
    use mock_gmail::model::preset::{WORKSPACE_EMAIL, WORKSPACE_PASSWORD};
    imap_client(mock.imaps_addr(), mock.ca_pem())
        .login(WORKSPACE_EMAIL, WORKSPACE_PASSWORD)
        .map_err(|(e, _)| e)
        .unwrap()
}

/// A small RFC 5322 message; `extra` holds further header lines, each
/// ending in CRLF.
pub fn mail(from: &str, to: &str, subject: &str, extra: &str, body: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nDate: Mon, 1 Jun 2020 10:00:00 +0200\r\n{extra}\r\n{body}\r\n"
    )
    .into_bytes()
}

/// A blocking TLS stream the `imap` crate can IDLE on (it needs
/// `SetReadTimeout`, which rustls' `StreamOwned` does not implement).
pub struct IdleTls(pub SyncTls);

impl std::io::Read for IdleTls {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.read(buf)
    }
}

impl std::io::Write for IdleTls {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

impl imap::extensions::idle::SetReadTimeout for IdleTls {
    fn set_read_timeout(&mut self, timeout: Option<Duration>) -> imap::Result<()> {
        self.0
            .sock
            .set_read_timeout(timeout)
            .map_err(imap::Error::Io)
    }
}

/// Like [`imap_session`], over a stream that supports IDLE.
pub fn imap_idle_session(mock: &MockHandle) -> imap::Session<IdleTls> {
    use mock_gmail::model::preset::{WORKSPACE_EMAIL, WORKSPACE_PASSWORD};
    let tcp = TcpStream::connect(mock.imaps_addr()).unwrap();
    tcp.set_read_timeout(Some(TIMEOUT)).unwrap();
    let conn = ClientConnection::new(
        client_config(mock.ca_pem()),
        ServerName::try_from("localhost").unwrap(),
    )
    .unwrap();
    let mut client = imap::Client::new(IdleTls(StreamOwned::new(conn, tcp)));
    client.read_greeting().unwrap();
    client
        .login(WORKSPACE_EMAIL, WORKSPACE_PASSWORD)
        .map_err(|(e, _)| e)
        .unwrap()
}

/// The healthy preset's sample messages in `folder` (exact name), as the
/// Workspace user's mailbox starts with them, in UID order.
pub fn sample_in(folder: &str) -> Vec<bytes::Bytes> {
    mock_gmail::seed::sample::in_folder(folder)
        .iter()
        .map(|m| bytes::Bytes::from_static(m.raw))
        .collect()
}

/// How many sample messages `folder` starts with: tests that add mail to
/// the healthy preset count their own messages after these.
pub fn sample_count(folder: &str) -> u32 {
    mock_gmail::seed::sample::in_folder(folder).len() as u32
}

/// The messages of the healthy preset's Workspace user in `folder` after
/// the sample it starts with (asserting that it does start with the
/// sample, unchanged).
pub fn after_sample(mock: &MockHandle, folder: &str) -> Vec<bytes::Bytes> {
    let email = mock_gmail::model::preset::WORKSPACE_EMAIL;
    let all = mock.mailbox_messages(email, folder).unwrap();
    let sample = sample_in(folder);
    assert!(
        all.len() >= sample.len() && all[..sample.len()] == sample[..],
        "{folder} does not start with the sample mailbox"
    );
    all[sample.len()..].to_vec()
}

/// Sequence numbers (= UIDs) of the sample messages in `folder` that have
/// (`with`) or lack `flag`.
pub fn sample_seqs(folder: &str, flag: &str, with: bool) -> Vec<u32> {
    mock_gmail::seed::sample::in_folder(folder)
        .iter()
        .enumerate()
        .filter(|(_, m)| m.flags.contains(&flag) == with)
        .map(|(i, _)| i as u32 + 1)
        .collect()
}

/// `* SEARCH` with these numbers.
pub fn search_line(nums: impl IntoIterator<Item = u32>) -> String {
    std::iter::once("* SEARCH".to_owned())
        .chain(nums.into_iter().map(|n| n.to_string()))
        .collect::<Vec<_>>()
        .join(" ")
}
