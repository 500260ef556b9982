//! Accept loops: one task per listener, one task per connection, all on the
//! mock's `TaskTracker` so `shutdown()` can wait for every one of them.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::{debug, info, warn};

use crate::shared::{ConnInfo, Shared};
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
            refuse_over_cap(&tcp, kind, &shared);
            drop(tcp);
            continue;
        };
        let _ = tcp.set_nodelay(true);
        let shared = shared.clone();
        // Connections stop at shutdown and at a reset (a child token).
        let token = shared.session_token();
        tracker.spawn(async move {
            serve_connection(tcp, peer, kind, shared, token).await;
            drop(permit);
        });
    }
    debug!(listener = kind.as_str(), "listener stopped");
}

/// Over the global cap: on plaintext listeners say why (Gmail-style) in
/// one non-blocking write, then close; TLS listeners just close, since a
/// handshake is the very work an overloaded server must not do.
fn refuse_over_cap(tcp: &TcpStream, kind: ListenerKind, shared: &Shared) {
    let line = match kind {
        ListenerKind::Imap => crate::responses::imap::unavailable().to_bytes(),
        ListenerKind::Submission => {
            crate::responses::smtp::unavailable(&shared.smtp_id()).to_bytes()
        }
        ListenerKind::Imaps | ListenerKind::Smtps => return,
    };
    let _ = tcp.try_write(&line);
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
    let faults = shared.listener_faults(kind);
    // A middlebox answering in plaintext on a TLS port is a fault too.
    let stream = if kind.implicit_tls() && !faults.plaintext_on_tls {
        let acceptor = shared.acceptor_for(faults.tls);
        let handshake =
            tokio::time::timeout(shared.options.handshake_timeout, acceptor.accept(tcp));
        let r = tokio::select! {
            _ = token.cancelled() => { rec.close(); return; }
            r = handshake => r,
        };
        match r {
            Ok(Ok(tls)) => {
                rec.event("TLS handshake complete");
                crate::stream::tls(tls)
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
        crate::stream::plain(tcp)
    };
    let info = ConnInfo {
        listener: kind,
        peer_ip: peer.ip().to_string(),
    };
    match kind.protocol() {
        Protocol::Imap => {
            crate::imap::connection::run(stream, info, shared, rec.clone(), token, faults).await
        }
        Protocol::Smtp => {
            crate::smtp::connection::run(stream, info, shared, rec.clone(), token, faults).await
        }
    }
    rec.event("connection closed");
    rec.close();
}
