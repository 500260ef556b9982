//! A server-side socket that is plaintext or TLS, and can be upgraded by
//! STARTTLS without the protocol code knowing which it is. tokio-util's
//! `Either` forwards reads and writes to whichever side is in use.

use std::io;

use tokio::net::TcpStream;
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;
use tokio_util::either::Either;

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
