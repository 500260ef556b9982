//! The sockets: UDP and TCP on the same port (RFC 7766: a server must
//! answer over both), each request handed to [`crate::respond`].
//!
//! UDP answers are limited to 512 bytes (truncated with TC set beyond
//! it, so a resolver retries over TCP); TCP carries the two-byte length
//! prefix of RFC 1035 §4.2.2 and serves requests on a connection until
//! the client closes it or stays silent for [`IDLE`].

use std::net::SocketAddr;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream, UdpSocket};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::debug;

use crate::respond::{respond, UDP_LIMIT};
use crate::zones::Zones;
use crate::Error;

/// How long a TCP connection may stay silent.
const IDLE: Duration = Duration::from_secs(10);

/// How many times a free UDP port is tried when its TCP twin is taken
/// (port 0 picks the UDP port; the TCP socket must get the same number).
const BIND_TRIES: usize = 20;

/// Binds UDP and TCP on the same address and port.
pub(crate) async fn bind(addr: SocketAddr) -> Result<(UdpSocket, TcpListener), Error> {
    let err = |source| Error::Bind { addr, source };
    let tries = if addr.port() == 0 { BIND_TRIES } else { 1 };
    let mut last = None;
    for _ in 0..tries {
        let udp = UdpSocket::bind(addr).await.map_err(err)?;
        let bound = udp.local_addr().map_err(err)?;
        match TcpListener::bind(bound).await {
            Ok(tcp) => return Ok((udp, tcp)),
            Err(e) => last = Some(e),
        }
    }
    Err(err(
        last.unwrap_or_else(|| std::io::ErrorKind::AddrInUse.into())
    ))
}

/// Answers UDP datagrams until cancelled.
pub(crate) async fn serve_udp(udp: UdpSocket, zones: Arc<RwLock<Zones>>, stop: CancellationToken) {
    let mut buf = vec![0u8; 4096];
    loop {
        let (n, peer) = tokio::select! {
            _ = stop.cancelled() => return,
            r = udp.recv_from(&mut buf) => match r {
                Ok(x) => x,
                // ICMP errors from earlier sends surface here; keep serving.
                Err(e) => { debug!("dns udp receive: {e}"); continue; }
            },
        };
        let reply = {
            let z = zones.read().unwrap_or_else(|e| e.into_inner());
            respond(&z, &buf[..n], Some(UDP_LIMIT))
        };
        if let Some(reply) = reply {
            if let Err(e) = udp.send_to(&reply, peer).await {
                debug!("dns udp reply to {peer}: {e}");
            }
        }
    }
}

/// Accepts TCP connections until cancelled.
pub(crate) async fn serve_tcp(
    tcp: TcpListener,
    zones: Arc<RwLock<Zones>>,
    stop: CancellationToken,
    tracker: TaskTracker,
) {
    loop {
        let conn = tokio::select! {
            _ = stop.cancelled() => return,
            r = tcp.accept() => match r {
                Ok((c, _)) => c,
                Err(e) => { debug!("dns tcp accept: {e}"); continue; }
            },
        };
        let zones = zones.clone();
        let stop = stop.clone();
        tracker.spawn(async move {
            tokio::select! {
                _ = stop.cancelled() => {}
                _ = tcp_connection(conn, zones) => {}
            }
        });
    }
}

/// Length-prefixed requests on one connection.
async fn tcp_connection(mut conn: TcpStream, zones: Arc<RwLock<Zones>>) {
    loop {
        let mut len = [0u8; 2];
        match tokio::time::timeout(IDLE, conn.read_exact(&mut len)).await {
            Ok(Ok(_)) => {}
            _ => return,
        }
        let mut req = vec![0u8; usize::from(u16::from_be_bytes(len))];
        match tokio::time::timeout(IDLE, conn.read_exact(&mut req)).await {
            Ok(Ok(_)) => {}
            _ => return,
        }
        let reply = {
            let z = zones.read().unwrap_or_else(|e| e.into_inner());
            respond(&z, &req, None)
        };
        let Some(reply) = reply else { return };
        let Ok(n) = u16::try_from(reply.len()) else {
            return;
        };
        let mut out = Vec::with_capacity(reply.len() + 2);
        out.extend_from_slice(&n.to_be_bytes());
        out.extend_from_slice(&reply);
        if conn.write_all(&out).await.is_err() {
            return;
        }
    }
}
