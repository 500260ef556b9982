//! A server-side socket that is plaintext or TLS, and can be upgraded by
//! STARTTLS without the protocol code knowing which it is. tokio-util's
//! `Either` forwards reads and writes to whichever side is in use.

use std::io;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;
use tokio_util::either::Either;
use tokio_util::sync::CancellationToken;

use crate::transcript::Recorder;

/// Pending output that triggers a write (bounds per-connection memory).
const FLUSH_AT: usize = 64 * 1024;

/// Plain TCP (left) or TLS over TCP (right).
pub type Stream = Either<TcpStream, Box<TlsStream<TcpStream>>>;

/// A plaintext stream (the STARTTLS listeners, or a fault).
pub fn plain(tcp: TcpStream) -> Stream {
    Either::Left(tcp)
}

/// A stream after the TLS handshake.
pub fn tls(s: TlsStream<TcpStream>) -> Stream {
    Either::Right(Box::new(s))
}

/// Whether TLS is active.
pub fn is_tls(s: &Stream) -> bool {
    matches!(s, Either::Right(_))
}

/// Performs the server side of a TLS handshake on a plaintext stream.
pub async fn upgrade(s: Stream, acceptor: &TlsAcceptor) -> io::Result<Stream> {
    match s {
        Either::Left(tcp) => Ok(tls(acceptor.accept(tcp).await?)),
        Either::Right(_) => Err(io::Error::other("TLS is already active")),
    }
}

/// Encodes, records and sends one step's answers (IMAP responses or SMTP
/// replies), after `delay` (a fault). One write per step, not per line;
/// big answers (a FETCH of a whole mailbox) are streamed whenever 64 KiB
/// are pending instead of being built in memory, and an oversized buffer is
/// dropped afterwards so a long-lived session does not keep it.
pub(crate) async fn write_encoded<T>(
    stream: &mut Stream,
    rec: &Recorder,
    out: &mut Vec<u8>,
    items: &[T],
    delay: Option<Duration>,
    encode: impl Fn(&T, &mut Vec<u8>),
) -> io::Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    if let Some(d) = delay {
        tokio::time::sleep(d).await;
    }
    out.clear();
    for item in items {
        let start = out.len();
        encode(item, out);
        rec.server(&out[start..]);
        if out.len() >= FLUSH_AT {
            stream.write_all(out).await?;
            out.clear();
        }
    }
    stream.write_all(out).await?;
    if out.capacity() > 4 * FLUSH_AT {
        *out = Vec::with_capacity(512);
    }
    stream.flush().await
}

/// A stalled connection (a fault): read and drop everything until the
/// client gives up, the idle timer fires or the mock shuts down.
pub(crate) async fn stall(mut stream: Stream, token: &CancellationToken, idle: Duration) {
    let mut sink = [0u8; 1024];
    loop {
        tokio::select! {
            _ = token.cancelled() => return,
            r = tokio::time::timeout(idle, stream.read(&mut sink)) => match r {
                Ok(Ok(n)) if n > 0 => {}
                _ => return,
            },
        }
    }
}
