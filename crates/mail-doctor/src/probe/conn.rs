//! The doctor's own connection: DNS (or a mapping), TCP, rustls, and
//! line-exact reading of IMAP responses and SMTP replies with the shared
//! grammar — so no byte the server sends is hidden from the evidence.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::BytesMut;
use gmail_wire::imap::{parse_response, FrameEvent, FrameLimits, Framer, Response};
use gmail_wire::smtp::{parse_reply, Reply};
use rustls::{ClientConfig, RootCertStore};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName};
use serde::Serialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

use crate::config::{Config, Network};
use crate::error::Error;

/// What went wrong with TLS, in terms a customer's fix depends on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "problem", content = "detail")]
pub enum TlsProblem {
    /// The server answered in plaintext (a STARTTLS or plain port).
    NotTls,
    /// The certificate is not signed by a trusted CA (interception by an
    /// antivirus or proxy, or a test server without `--ca-file`).
    UnknownIssuer,
    /// The certificate is for another host name.
    NameMismatch,
    /// The certificate has expired (or the client's clock is wrong).
    Expired,
    /// The server closed the connection during the handshake.
    Closed,
    /// Anything else, with rustls's text.
    Other(String),
}

/// A typed network-level failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "detail")]
pub enum NetFailure {
    /// The host name does not exist.
    NoSuchHost,
    /// DNS failed otherwise.
    Dns(String),
    /// Connection refused (nothing listens on that port).
    Refused,
    /// No answer to the connection attempt within the timeout.
    ConnectTimeout,
    /// Another connect error.
    Connect(String),
    /// TLS handshake failed.
    Tls(TlsProblem),
    /// TLS handshake did not finish within the timeout.
    TlsTimeout,
    /// Waiting for the server timed out.
    Timeout,
    /// The server closed the connection.
    Closed,
    /// Another I/O error.
    Io(String),
    /// The server sent bytes that are not this protocol.
    Garbage(String),
}

impl std::fmt::Display for TlsProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TlsProblem::NotTls => f.write_str("the server answered in plaintext, not TLS"),
            TlsProblem::UnknownIssuer => {
                f.write_str("the certificate is signed by an issuer this machine does not trust")
            }
            TlsProblem::NameMismatch => f.write_str("the certificate is for another host name"),
            TlsProblem::Expired => {
                f.write_str("the certificate has expired (or this machine's clock is wrong)")
            }
            TlsProblem::Closed => {
                f.write_str("the server closed the connection during the handshake")
            }
            TlsProblem::Other(e) => f.write_str(e),
        }
    }
}

/// One technical line per failure, for probe details and evidence (the
/// report's prose is in `i18n`).
impl std::fmt::Display for NetFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NetFailure::NoSuchHost => f.write_str("DNS: no such host"),
            NetFailure::Dns(e) => write!(f, "DNS: {e}"),
            NetFailure::Refused => f.write_str("TCP: connection refused"),
            NetFailure::ConnectTimeout => f.write_str("TCP: no answer to the connection attempt"),
            NetFailure::Connect(e) => write!(f, "TCP: {e}"),
            NetFailure::Tls(p) => write!(f, "TLS: {p}"),
            NetFailure::TlsTimeout => f.write_str("TLS: the handshake did not finish in time"),
            NetFailure::Timeout => f.write_str("no answer within the time limit"),
            NetFailure::Closed => f.write_str("the server closed the connection"),
            NetFailure::Io(e) => write!(f, "I/O: {e}"),
            NetFailure::Garbage(text) => write!(f, "unexpected bytes: {text}"),
        }
    }
}

/// Plain TCP (left) or TLS (right); tokio-util's `Either` forwards reads
/// and writes to whichever is in use.
pub(crate) type ClientStream = tokio_util::either::Either<TcpStream, Box<TlsStream<TcpStream>>>;

/// A plaintext client stream.
pub(crate) fn plain(tcp: TcpStream) -> ClientStream {
    tokio_util::either::Either::Left(tcp)
}

/// A client stream after the TLS handshake.
pub(crate) fn secured(s: TlsStream<TcpStream>) -> ClientStream {
    tokio_util::either::Either::Right(Box::new(s))
}

/// The rustls client configuration: the public web roots, or only the CA
/// the user named (`--ca-file`): trusting a mock is always explicit.
pub fn client_config(cfg: &Config) -> Result<Arc<ClientConfig>, Error> {
    let mut roots = RootCertStore::empty();
    let pem = match (&cfg.ca_pem, &cfg.ca_file) {
        (Some(p), _) => Some(p.clone().into_bytes()),
        (None, Some(path)) => Some(std::fs::read(path).map_err(|source| Error::CaFile {
            path: path.display().to_string(),
            detail: source.to_string(),
        })?),
        (None, None) => None,
    };
    match pem {
        Some(pem) => {
            let label = cfg
                .ca_file
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "<ca_pem>".into());
            let mut n = 0;
            for cert in CertificateDer::pem_slice_iter(&pem) {
                let cert = cert.map_err(|e| Error::CaFile {
                    path: label.clone(),
                    detail: e.to_string(),
                })?;
                roots.add(cert).map_err(|e| Error::CaFile {
                    path: label.clone(),
                    detail: e.to_string(),
                })?;
                n += 1;
            }
            if n == 0 {
                return Err(Error::CaFile {
                    path: label,
                    detail: "no CERTIFICATE block found".into(),
                });
            }
        }
        None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Tls(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// Resolves `host:port`, honouring the mapping; returns candidate addresses.
pub(crate) async fn resolve(
    net: &Network,
    host: &str,
    port: u16,
    timeout: Duration,
) -> Result<Vec<SocketAddr>, NetFailure> {
    if let Some(rule) = net
        .connect_to
        .iter()
        .find(|r| r.host.eq_ignore_ascii_case(host) && r.port.is_none_or(|p| p == port))
    {
        return Ok(vec![rule.addr]);
    }
    if let Ok(ip) = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<std::net::IpAddr>()
    {
        return Ok(vec![SocketAddr::new(ip, port)]);
    }
    if net.offline {
        return Err(NetFailure::NoSuchHost);
    }
    match tokio::time::timeout(timeout, tokio::net::lookup_host((host, port))).await {
        Err(_) => Err(NetFailure::Dns("DNS lookup timed out".into())),
        Ok(Err(e)) => {
            let text = e.to_string();
            let lower = text.to_ascii_lowercase();
            if lower.contains("not known")
                || lower.contains("no address")
                || lower.contains("nodename")
                || lower.contains("not found")
            {
                Err(NetFailure::NoSuchHost)
            } else {
                Err(NetFailure::Dns(text))
            }
        }
        Ok(Ok(addrs)) => {
            let v: Vec<_> = addrs.collect();
            if v.is_empty() {
                Err(NetFailure::NoSuchHost)
            } else {
                Ok(v)
            }
        }
    }
}

/// Connects to the first address that answers.
pub(crate) async fn connect(
    addrs: &[SocketAddr],
    timeout: Duration,
) -> Result<(TcpStream, SocketAddr), NetFailure> {
    let mut last = NetFailure::Connect("no address".into());
    for a in addrs {
        match tokio::time::timeout(timeout, TcpStream::connect(a)).await {
            Ok(Ok(s)) => {
                let _ = s.set_nodelay(true);
                return Ok((s, *a));
            }
            Ok(Err(e)) if e.kind() == io::ErrorKind::ConnectionRefused => {
                last = NetFailure::Refused
            }
            Ok(Err(e)) => last = NetFailure::Connect(e.to_string()),
            Err(_) => last = NetFailure::ConnectTimeout,
        }
    }
    Err(last)
}

/// Performs a TLS handshake, verifying the certificate for `host`.
pub(crate) async fn tls(
    tcp: TcpStream,
    host: &str,
    config: Arc<ClientConfig>,
    timeout: Duration,
) -> Result<TlsStream<TcpStream>, NetFailure> {
    let name = ServerName::try_from(
        host.trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned(),
    )
    .map_err(|_| {
        NetFailure::Tls(TlsProblem::Other(format!(
            "{host:?} is not a valid server name"
        )))
    })?;
    match tokio::time::timeout(timeout, TlsConnector::from(config).connect(name, tcp)).await {
        Err(_) => Err(NetFailure::TlsTimeout),
        Ok(Ok(s)) => Ok(s),
        Ok(Err(e)) => Err(NetFailure::Tls(tls_problem(&e))),
    }
}

/// Maps a handshake error to what it means for the customer.
fn tls_problem(e: &io::Error) -> TlsProblem {
    use rustls::CertificateError as C;
    if let Some(err) = e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
        return match err {
            rustls::Error::InvalidCertificate(C::UnknownIssuer) => TlsProblem::UnknownIssuer,
            rustls::Error::InvalidCertificate(
                C::NotValidForName | C::NotValidForNameContext { .. },
            ) => TlsProblem::NameMismatch,
            rustls::Error::InvalidCertificate(C::Expired | C::ExpiredContext { .. }) => {
                TlsProblem::Expired
            }
            rustls::Error::InvalidMessage(_) => TlsProblem::NotTls,
            other => TlsProblem::Other(other.to_string()),
        };
    }
    match e.kind() {
        io::ErrorKind::UnexpectedEof
        | io::ErrorKind::ConnectionReset
        | io::ErrorKind::BrokenPipe => TlsProblem::Closed,
        _ => TlsProblem::Other(e.to_string()),
    }
}

/// A connected stream with a read buffer.
#[derive(Debug)]
pub(crate) struct Conn {
    pub stream: ClientStream,
    buf: BytesMut,
    framer: Framer,
    pub timeout: Duration,
}

impl Conn {
    pub fn new(stream: ClientStream, timeout: Duration) -> Self {
        Conn {
            stream,
            buf: BytesMut::with_capacity(4096),
            framer: Framer::for_responses(FrameLimits::default()),
            timeout,
        }
    }

    /// Bytes the server sent that nobody has read yet.
    pub fn has_pending(&self) -> bool {
        !self.buf.is_empty()
    }

    /// Replaces the stream after STARTTLS (buffer must be empty).
    pub fn into_stream(self) -> ClientStream {
        self.stream
    }

    pub async fn write(&mut self, bytes: &[u8]) -> Result<(), NetFailure> {
        let r = async {
            self.stream.write_all(bytes).await?;
            self.stream.flush().await
        };
        match tokio::time::timeout(self.timeout, r).await {
            Err(_) => Err(NetFailure::Timeout),
            Ok(Err(e)) => Err(io_failure(e)),
            Ok(Ok(())) => Ok(()),
        }
    }

    /// Reads more bytes, giving up at `deadline`: a server that trickles a
    /// byte at a time cannot keep the doctor waiting past it.
    async fn fill(&mut self, deadline: tokio::time::Instant) -> Result<(), NetFailure> {
        match tokio::time::timeout_at(deadline, self.stream.read_buf(&mut self.buf)).await {
            Err(_) => Err(NetFailure::Timeout),
            Ok(Ok(0)) => Err(NetFailure::Closed),
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(io_failure(e)),
        }
    }

    /// Reads one complete IMAP response (with literals) and its raw bytes.
    pub async fn imap_response(
        &mut self,
        wait: Duration,
    ) -> Result<(Response, Vec<u8>), NetFailure> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            match self.framer.next(&self.buf) {
                FrameEvent::Complete { len } => {
                    let raw = self.buf.split_to(len).to_vec();
                    self.framer.reset();
                    return match parse_response(&raw) {
                        Ok(r) => Ok((r, raw)),
                        Err(_) => Err(NetFailure::Garbage(
                            String::from_utf8_lossy(&raw[..raw.len().min(200)])
                                .trim_end()
                                .to_owned(),
                        )),
                    };
                }
                FrameEvent::LineTooLong | FrameEvent::LiteralTooLarge { .. } => {
                    return Err(NetFailure::Garbage("response exceeds limits".into()));
                }
                FrameEvent::Incomplete | FrameEvent::LiteralAnnounced { .. } => {
                    self.fill(deadline).await?
                }
            }
        }
    }

    /// Reads one complete SMTP reply and its raw bytes.
    pub async fn smtp_reply(&mut self, wait: Duration) -> Result<(Reply, Vec<u8>), NetFailure> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            match parse_reply(&self.buf) {
                Ok(Some((reply, used))) => {
                    let raw = self.buf.split_to(used).to_vec();
                    return Ok((reply, raw));
                }
                Ok(None) => {
                    if self.buf.len() > 64 * 1024 {
                        return Err(NetFailure::Garbage("reply exceeds limits".into()));
                    }
                    self.fill(deadline).await?
                }
                Err(_) => {
                    let line_end = self
                        .buf
                        .iter()
                        .position(|&b| b == b'\n')
                        .unwrap_or(self.buf.len());
                    let line = String::from_utf8_lossy(&self.buf[..line_end.min(200)])
                        .trim_end()
                        .to_owned();
                    return Err(NetFailure::Garbage(line));
                }
            }
        }
    }
}

fn io_failure(e: io::Error) -> NetFailure {
    match e.kind() {
        io::ErrorKind::UnexpectedEof
        | io::ErrorKind::ConnectionReset
        | io::ErrorKind::BrokenPipe
        | io::ErrorKind::ConnectionAborted => NetFailure::Closed,
        _ => NetFailure::Io(e.to_string()),
    }
}
