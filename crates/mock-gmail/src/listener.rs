//! Accept loops: one task per listener, one task per connection, all on the
//! mock's `TaskTracker` so `shutdown()` can wait for every one of them.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::{debug, info, warn};

use crate::shared::{ConnInfo, Shared};
use crate::stream::Stream;
use crate::transcript::{ListenerKind, Protocol};

/// Accepts connections until the token is cancelled.
pub(crate) async fn accept_loop(
    listener: TcpListener,
    kind: ListenerKind,
    shared: Arc<Shared>,
    token: CancellationToken,
    tracker: TaskTracker,
) {
    loop {
        let accepted = tokio::select! {
            _ = token.cancelled() => break,
            r = listener.accept() => r,
        };
        let (tcp, peer) = match accepted {
            Ok(x) => x,
            Err(e) => {
                // EMFILE and friends: back off briefly instead of spinning.
                warn!(listener = kind.as_str(), error = %e, "accept failed");
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                continue;
            }
        };
        let Ok(permit) = shared.permits.clone().try_acquire_owned() else {
            warn!(listener = kind.as_str(), %peer, "global connection cap reached; closing");
            drop(tcp);
            continue;
        };
        let _ = tcp.set_nodelay(true);
        let shared = shared.clone();
        let token = token.clone();
        tracker.spawn(async move {
            serve_connection(tcp, peer, kind, shared, token).await;
            drop(permit);
        });
    }
    debug!(listener = kind.as_str(), "listener stopped");
}

async fn serve_connection(
    tcp: TcpStream,
    peer: SocketAddr,
    kind: ListenerKind,
    shared: Arc<Shared>,
    token: CancellationToken,
) {
    let rec = shared.transcripts.start(kind, peer);
    info!(listener = kind.as_str(), %peer, "connection");
    let stream = if kind.implicit_tls() {
        let handshake = tokio::time::timeout(
            shared.options.handshake_timeout,
            shared.acceptor.accept(tcp),
        );
        let r = tokio::select! {
            _ = token.cancelled() => { rec.close(); return; }
            r = handshake => r,
        };
        match r {
            Ok(Ok(tls)) => {
                rec.event("TLS handshake complete");
                Stream::Tls(Box::new(tls))
            }
            Ok(Err(e)) => {
                rec.event(&format!("TLS handshake failed: {e}"));
                debug!(%peer, error = %e, "TLS handshake failed");
                rec.close();
                return;
            }
            Err(_) => {
                rec.event("TLS handshake timed out");
                rec.close();
                return;
            }
        }
    } else {
        Stream::Plain(tcp)
    };
    let info = ConnInfo {
        listener: kind,
        peer_ip: peer.ip().to_string(),
    };
    match kind.protocol() {
        Protocol::Imap => {
            crate::imap::connection::run(stream, info, shared, rec.clone(), token).await
        }
        Protocol::Smtp => {
            crate::smtp::connection::run(stream, info, shared, rec.clone(), token).await
        }
    }
    rec.event("connection closed");
    rec.close();
}
