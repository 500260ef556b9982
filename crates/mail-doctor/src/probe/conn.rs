//! The doctor's own connection: DNS (or a mapping), TCP, rustls, and
//! line-exact reading of IMAP responses and SMTP replies with the shared
//! grammar — so no byte the server sends is hidden from the evidence.
//!
//! Every wait here has a deadline (the configured timeout), because a
//! diagnosis that hangs is worse than one that says "no answer": a server
//! that accepts and stays silent, or trickles one byte at a time, still
//! ends in a typed [`NetFailure`] within the timeout. Failures are typed
//! at the point they happen (a refused connection is not a timeout, a
//! close is not garbage), since each leads to different advice.
//!
//! # Deadlines
//!
//! Each wait has its own deadline, computed once when the wait starts, and
//! every read inside it uses `timeout_at` on that deadline. A per-read
//! timeout would not do: a server sending one byte every nine seconds keeps
//! a ten-second per-read timeout happy forever. With one deadline per
//! response, the longest a probe step can take is the configured timeout,
//! and a whole diagnosis stays bounded by a small multiple of it (the
//! `faults` tests measure that).
//!
//! # Why the shared grammar
//!
//! The bytes are framed and parsed with `gmail-wire`, the same code the
//! mock servers use. The probe must never misread a line the way a naive
//! line reader would — a message body containing `d3 OK` inside a literal,
//! a reply line longer than a read buffer, a CRLF split across two reads —
//! because a misread line would become wrong evidence, and wrong evidence
//! becomes wrong advice.
//!
//! # Sorting errors
//!
//! The operating system reports a peer that went away in several ways
//! (end of file, reset, broken pipe, aborted). They are one finding for the
//! customer — "the server closed the connection" — so they are folded into
//! [`NetFailure::Closed`] here; anything else keeps the operating system's
//! text in [`NetFailure::Io`], which the report quotes verbatim.

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use bytes::BytesMut;
use gmail_wire::imap::{parse_response, FrameEvent, FrameLimits, Framer, Response};
use gmail_wire::smtp::{parse_reply, Reply};
use serde::Serialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

use super::mx::{MxProblem, Sorted};
use super::tls::TlsFailure;
use crate::config::Network;

/// A typed network-level failure.
///
/// Each variant is a different piece of evidence for the classifier
/// (`classify::transport`), which also weighs whether the typed settings
/// are Gmail's: the same `Refused` is a wrong port on custom settings and
/// a firewall on Gmail's.
///
/// The payload strings are the operating system's or the server's words
/// and are quoted verbatim in every language; every finding the doctor
/// words itself is a variant of its own, so that each report can say it in
/// its language (`crate::advice::findings`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "detail")]
pub enum NetFailure {
    /// The host name does not exist (a typo such as `imap.gmial.com`, or
    /// no DNS at all in offline mode).
    NoSuchHost,
    /// DNS failed otherwise (a refusing resolver, in the resolver's
    /// words): the network, not the name.
    Dns(String),
    /// DNS did not answer within the timeout: the network, not the name.
    DnsTimeout,
    /// Connection refused: nothing listens on that port.
    Refused,
    /// No answer to the connection attempt within the timeout: a firewall
    /// dropping packets, or an address that does not exist.
    ConnectTimeout,
    /// Another connect error (unreachable network, no route), in the
    /// operating system's words.
    Connect(String),
    /// There was no address to connect to.
    NoAddress,
    /// The TLS handshake failed; the typed reason says whether the port is
    /// not TLS or the certificate was refused.
    Tls(TlsFailure),
    /// The TLS handshake did not finish within the timeout (a server that
    /// accepts and then says nothing to a ClientHello).
    TlsTimeout,
    /// Waiting for the server timed out (a silent greeting: the port
    /// expects TLS first; or a stalled command).
    Timeout,
    /// The server closed the connection.
    Closed,
    /// Another I/O error.
    Io(String),
    /// The server sent bytes that are not this protocol (its first line,
    /// so the report can show what answered).
    Garbage(String),
    /// The server sent more than the framing limits allow without
    /// completing one response: a hostile or broken server, never
    /// buffered without end.
    TooLong,
    /// The server sent bytes after accepting STARTTLS and before the
    /// handshake; read as if they came over TLS they would be a plaintext
    /// injection, so the doctor stops.
    DataBeforeTls,
    /// STARTTLS was attempted on a stream that is already encrypted (a
    /// doctor bug, recorded rather than panicking).
    AlreadyEncrypted,
}

/// Plain TCP (left) or TLS (right); tokio-util's `Either` forwards reads
/// and writes to whichever is in use.
///
/// One type for both keeps the protocol code free of generics: the same
/// `Conn` reads a plaintext greeting, performs STARTTLS by taking the
/// plain stream back out ([`Conn::into_plain_for_tls`]) and continues over TLS.
pub(crate) type ClientStream = tokio_util::either::Either<TcpStream, Box<TlsStream<TcpStream>>>;

/// A plaintext client stream.
pub(crate) fn plain(tcp: TcpStream) -> ClientStream {
    tokio_util::either::Either::Left(tcp)
}

/// A client stream after the TLS handshake.
pub(crate) fn secured(s: TlsStream<TcpStream>) -> ClientStream {
    tokio_util::either::Either::Right(Box::new(s))
}

/// Resolves `host:port`, honouring the mapping; returns candidate addresses.
///
/// Precedence, first match wins:
///
/// 1. The mapping (`--connect-to`, or the hermetic "local Gmail" world the
///    tests and scenarios use), so a test can send `imap.gmail.com:993` to
///    a mock while the typed settings — and so the classification — stay
///    Gmail's. A mapped host is never looked up, even with a DNS server:
///    the mapping says where the bytes go, DNS only where they would go.
/// 2. IP literals need no lookup.
/// 3. `dns_server` (`--dns-server`): the name is asked of that server with
///    hickory-resolver — hermetic too, so it is asked even offline.
/// 4. Offline mode answers "no such host" without asking DNS, so tests
///    never depend on the machine's resolver.
/// 5. The system resolver.
///
/// A lookup error is sorted into "the name does not exist" (the customer's
/// typo) and "DNS failed" (the network), which lead to different steps.
///
/// The error texts are matched loosely because they differ between
/// operating systems and resolvers (`Name or service not known` on glibc,
/// `nodename nor servname provided` on macOS, `No such host is known` on
/// Windows); anything not recognised as "no such name" is reported as a DNS
/// failure with its own text, which points at the network, not the name.
pub(crate) async fn resolve(
    net: &Network,
    dns_server: Option<SocketAddr>,
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
    if let Some(server) = dns_server {
        return match super::mx::addresses(server, host, timeout).await {
            Ok(ips) if !ips.is_empty() => Ok(ips
                .into_iter()
                .map(|ip| SocketAddr::new(ip, port))
                .collect()),
            Ok(_) | Err(Sorted::NxDomain | Sorted::NoData) => Err(NetFailure::NoSuchHost),
            Err(Sorted::Problem(MxProblem::Timeout)) => Err(NetFailure::DnsTimeout),
            Err(Sorted::Problem(
                MxProblem::ServerFailure(text)
                | MxProblem::Failed(text)
                | MxProblem::NoSystemConfig(text),
            )) => Err(NetFailure::Dns(text)),
        };
    }
    if net.offline {
        return Err(NetFailure::NoSuchHost);
    }
    match tokio::time::timeout(timeout, tokio::net::lookup_host((host, port))).await {
        Err(_) => Err(NetFailure::DnsTimeout),
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

/// Connects to the first address that answers, each within the timeout;
/// the last address's failure is reported, typed as refused (nothing
/// listens: a wrong port), timed out (filtered: a firewall) or other.
///
/// Addresses are tried in the resolver's order, as a mail client would;
/// no Happy Eyeballs racing, since the diagnosis needs a clear failure per
/// address more than a fast connection.
pub(crate) async fn connect(
    addrs: &[SocketAddr],
    timeout: Duration,
) -> Result<(TcpStream, SocketAddr), NetFailure> {
    let mut last = NetFailure::NoAddress;
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

/// A connected stream with a read buffer.
///
/// Reading is "try to parse what is buffered, else read more", as in
/// mini-redis: IMAP responses go through the shared framer (which knows
/// where a literal `{n}` ends, so a message body with a line that looks
/// like a tagged reply cannot end the response early), SMTP replies
/// through the shared reply parser (multi-line `250-…`/`250 …`).
///
/// The buffer may hold the start of the next response after one is
/// parsed (servers pipeline untagged lines); only the bytes a response used
/// are split off, so nothing the server sent is lost between reads.
#[derive(Debug)]
pub(crate) struct Conn {
    pub stream: ClientStream,
    buf: BytesMut,
    framer: Framer,
    pub timeout: Duration,
}

/// Reads go through the shared framer and parser; writes are flushed at
/// once, since every command waits for its answer.
impl Conn {
    /// Wraps a stream with an empty buffer; `timeout` bounds every read
    /// and write.
    pub fn new(stream: ClientStream, timeout: Duration) -> Self {
        Conn {
            stream,
            buf: BytesMut::with_capacity(4096),
            framer: Framer::for_responses(FrameLimits::default()),
            timeout,
        }
    }

    /// The plain TCP stream and the deadline, for the TLS handshake after
    /// STARTTLS. Refused when bytes are already buffered — the server (or
    /// something in between) sent them after its STARTTLS answer and before
    /// the handshake, so they would be read as if they had come over TLS
    /// (a known class of STARTTLS injection bugs) — or when the stream is
    /// already encrypted.
    pub fn into_plain_for_tls(self) -> Result<(TcpStream, Duration), NetFailure> {
        if !self.buf.is_empty() {
            return Err(NetFailure::DataBeforeTls);
        }
        match self.stream {
            tokio_util::either::Either::Left(tcp) => Ok((tcp, self.timeout)),
            tokio_util::either::Either::Right(_) => Err(NetFailure::AlreadyEncrypted),
        }
    }

    /// Writes and flushes `bytes` within the timeout.
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

    /// Reads one complete IMAP response (with literals) and its raw bytes,
    /// all of it within `wait`. Bytes that frame but do not parse are
    /// `Garbage` with their first 200 characters — the evidence for "this
    /// is not an IMAP server"; a response over the framer's limits is
    /// garbage too, so a hostile server cannot make the doctor buffer
    /// without end.
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
                    return Err(NetFailure::TooLong);
                }
                FrameEvent::Incomplete | FrameEvent::LiteralAnnounced { .. } => {
                    self.fill(deadline).await?
                }
            }
        }
    }

    /// Reads one complete SMTP reply and its raw bytes, within `wait`.
    /// More than 64 KiB without a complete reply, or a line that is not an
    /// SMTP reply line (an IMAP `* OK` on the SMTP setting), is `Garbage`
    /// with that line.
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
                        return Err(NetFailure::TooLong);
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

/// Sorts an I/O error: the peer going away in any of its forms is a close
/// (one finding, however the OS reports it); anything else keeps its text.
///
/// The distinction matters to the classifier: on Gmail's settings a
/// close is "retry later", an unknown I/O error is "connection garbled"
/// and not recognised.
fn io_failure(e: io::Error) -> NetFailure {
    match e.kind() {
        io::ErrorKind::UnexpectedEof
        | io::ErrorKind::ConnectionReset
        | io::ErrorKind::BrokenPipe
        | io::ErrorKind::ConnectionAborted => NetFailure::Closed,
        _ => NetFailure::Io(e.to_string()),
    }
}
