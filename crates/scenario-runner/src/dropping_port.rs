//! A local port that silently drops connection attempts, as a firewall's
//! DROP rule does — without root, packet filters or timing tricks.
//!
//! How: a listening socket with the smallest accept backlog, never
//! accepted from, whose queue is filled with connections this value holds.
//! Once the queue is full the kernel discards further SYNs (Linux counts
//! them as listen overflows), so a client's `connect` gets no answer at all
//! until its own timeout — exactly what a customer behind a dropping
//! firewall sees, and distinct from a refused port.
//!
//! The queue is filled until a connection attempt itself times out, so the
//! port is proven to drop before any scenario relies on it; a system where
//! that never happens (a kernel with another backlog policy) gets an error,
//! not a port that silently tests something else.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::net::{TcpListener, TcpSocket, TcpStream};

/// Longest queue this will try to fill before giving up.
const MAX_FILL: usize = 16;

/// How long one filling attempt waits: a queued connection completes in
/// microseconds on loopback, so a wait this long means "dropped".
const PROBE_WAIT: Duration = Duration::from_millis(50);

/// The dropping port; it drops for as long as the value lives.
#[derive(Debug)]
pub struct DroppingPort {
    addr: SocketAddr,
    _listener: TcpListener,
    _held: Vec<TcpStream>,
}

impl DroppingPort {
    /// Opens one on 127.0.0.1 (see the module docs).
    pub async fn open() -> Result<DroppingPort, String> {
        let fail =
            |what: &str, e: std::io::Error| format!("cannot make a dropping port ({what}): {e}");
        let socket = TcpSocket::new_v4().map_err(|e| fail("socket", e))?;
        socket
            .bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .map_err(|e| fail("bind", e))?;
        let listener = socket.listen(0).map_err(|e| fail("listen", e))?;
        let addr = listener.local_addr().map_err(|e| fail("address", e))?;
        let mut held = Vec::new();
        for _ in 0..MAX_FILL {
            match tokio::time::timeout(PROBE_WAIT, TcpStream::connect(addr)).await {
                Ok(Ok(s)) => held.push(s),
                Ok(Err(e)) => return Err(fail("filling the queue", e)),
                Err(_) => {
                    return Ok(DroppingPort {
                        addr,
                        _listener: listener,
                        _held: held,
                    })
                }
            }
        }
        Err(format!(
            "cannot make a dropping port: {MAX_FILL} connections queued and the port still answers"
        ))
    }

    /// Where to connect to be dropped.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_connection_attempt_gets_no_answer_until_dropped() {
        let port = DroppingPort::open().await.unwrap();
        let attempt =
            tokio::time::timeout(Duration::from_millis(300), TcpStream::connect(port.addr())).await;
        assert!(attempt.is_err(), "the connection was answered: {attempt:?}");
        let addr = port.addr();
        drop(port);
        // Without the queue's holder the port is closed: refused, at once.
        let e = TcpStream::connect(addr).await.unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::ConnectionRefused);
    }
}
