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
        let tls = conn.connect(ServerName::try_from("localhost").unwrap(), tcp).await.unwrap();
        Wire { io: BufReader::new(Box::new(tls)), ca: ca.to_owned() }
    }

    pub async fn plain(addr: SocketAddr, ca: &str) -> Wire {
        let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
        Wire { io: BufReader::new(Box::new(tcp)), ca: ca.to_owned() }
    }

    /// Upgrades after the server said to begin TLS.
    pub async fn starttls(self) -> Wire {
        assert!(self.io.buffer().is_empty(), "bytes pending before STARTTLS");
        // The boxed stream is a plain TcpStream here; re-wrap it.
        let io = self.io.into_inner();
        let conn = TlsConnector::from(client_config(&self.ca));
        let tls = conn.connect(ServerName::try_from("localhost").unwrap(), io).await.unwrap();
        Wire { io: BufReader::new(Box::new(tls)), ca: self.ca }
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
        tokio::time::timeout(TIMEOUT, self.io.read_line(&mut s)).await.expect("timed out waiting for a line").unwrap();
        s.trim_end_matches(['\r', '\n']).to_owned()
    }

    /// Whether the server closed the connection.
    pub async fn closed(&mut self) -> bool {
        let mut b = [0u8; 1];
        matches!(tokio::time::timeout(TIMEOUT, self.io.read(&mut b)).await, Ok(Ok(0)) | Ok(Err(_)))
    }

    /// Lines up to and including the one starting with `tag `.
    pub async fn until_tagged(&mut self, tag: &str) -> Vec<String> {
        let mut v = Vec::new();
        loop {
            let l = self.line().await;
            assert!(!l.is_empty() || !v.is_empty() || true);
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
        let is_imap_id = w.len() >= 15 && w.contains("mb") && w.chars().all(|c| c.is_ascii_alphanumeric());
        let is_smtp_id = w.contains("sm") && w.contains('.') && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '.') && w.len() > 12;
        if is_imap_id || is_smtp_id {
            *w = "<id>".into();
        }
    }
    words.join(" ")
}

/// A blocking rustls stream for the `imap` crate.
pub type SyncTls = StreamOwned<ClientConnection, TcpStream>;

/// Connects the `imap` crate over implicit TLS (blocking; call from
/// `spawn_blocking`). Returns the client after reading the greeting.
pub fn imap_client(addr: SocketAddr, ca: &str) -> imap::Client<SyncTls> {
    let tcp = TcpStream::connect(addr).unwrap();
    tcp.set_read_timeout(Some(TIMEOUT)).unwrap();
    let conn = ClientConnection::new(client_config(ca), ServerName::try_from("localhost").unwrap()).unwrap();
    let mut client = imap::Client::new(StreamOwned::new(conn, tcp));
    client.read_greeting().unwrap();
    client
}

/// A lettre transport to the mock over implicit TLS (`smtps`) or STARTTLS
/// (`submission`).
pub fn lettre_transport(mock: &MockHandle, implicit: bool, user: &str, secret: &str) -> lettre::AsyncSmtpTransport<lettre::Tokio1Executor> {
    use lettre::transport::smtp::authentication::Credentials;
    use lettre::transport::smtp::client::{Certificate, CertificateStore, Tls, TlsParameters};
    let params = TlsParameters::builder("localhost".to_owned())
        .certificate_store(CertificateStore::None)
        .add_root_certificate(Certificate::from_pem(mock.ca_pem().as_bytes()).unwrap())
        .build_rustls()
        .unwrap();
    let addr = if implicit { mock.smtps_addr() } else { mock.submission_addr() };
    lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::builder_dangerous("localhost")
        .port(addr.port())
        .tls(if implicit { Tls::Wrapper(params) } else { Tls::Required(params) })
        .credentials(Credentials::new(user.to_owned(), secret.to_owned()))
        .timeout(Some(TIMEOUT))
        .build()
}
