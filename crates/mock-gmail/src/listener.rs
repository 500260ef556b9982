//! Accept loops: one task per listener, one task per connection, all on the
//! mock's `TaskTracker` so `shutdown()` can wait for every one of them.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::{debug, info, info_span, warn, Instrument as _};

use crate::shared::{ConnInfo, Shared};
use crate::transcript::{ListenerKind, Protocol, Recorder};

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
        ListenerKind::Submission | ListenerKind::SmtpRelay => {
            crate::responses::smtp::unavailable(&shared.smtp_id()).to_bytes()
        }
        ListenerKind::Imaps | ListenerKind::Smtps => return,
    };
    let _ = tcp.try_write(&line);
}

/// One connection: converse, then the bookkeeping every connection gets
/// however it ended — the transcript closed (and written to the transcript
/// directory, if any), and exactly one log line.
///
/// The line comes at the end because only then is everything known (how
/// it ended, who signed in, how long it took); the auth decisions logged
/// meanwhile carry the same `conn` span, so they line up with it.
async fn serve_connection(
    tcp: TcpStream,
    peer: SocketAddr,
    kind: ListenerKind,
    shared: Arc<Shared>,
    token: CancellationToken,
) {
    let rec = shared.transcripts.start(kind, peer);
    let span = info_span!("conn", id = rec.id(), listener = kind.as_str(), %peer);
    let started = tokio::time::Instant::now();
    let end = converse(tcp, peer, kind, shared.clone(), token, &rec)
        .instrument(span.clone())
        .await;
    rec.event(&end);
    rec.close();
    let transcript = rec.snapshot();
    // `in_scope`, not a guard from `span.enter()`: the transcript write
    // below awaits, and a guard held across an await leaves the span
    // entered on a worker thread while this task sleeps, so other
    // connections' spans nest inside it and tracing's registry panics
    // ("tried to clone a span that already closed") when the task resumes
    // on another thread — which took `serve --transcript-dir` down.
    span.in_scope(|| {
        info!(
            account = transcript.account.as_deref().unwrap_or("-"),
            ms = started.elapsed().as_millis() as u64,
            end = %end,
            "connection"
        )
    });
    if let Some(dir) = &shared.options.transcript_dir {
        if let Err(e) = dir.write(&transcript).instrument(span.clone()).await {
            span.in_scope(
                || warn!(dir = %dir.path().display(), error = %e, "cannot write the transcript"),
            );
        }
    }
}

/// TLS (on implicit-TLS listeners), then the protocol; returns how the
/// connection ended, for the transcript and the log.
async fn converse(
    tcp: TcpStream,
    peer: SocketAddr,
    kind: ListenerKind,
    shared: Arc<Shared>,
    token: CancellationToken,
    rec: &Recorder,
) -> String {
    let faults = shared.listener_faults(kind);
    // A middlebox answering in plaintext on a TLS port is a fault too.
    let stream = if kind.implicit_tls() && !faults.plaintext_on_tls {
        let acceptor = shared.acceptor_for(faults.tls);
        let handshake =
            tokio::time::timeout(shared.options.handshake_timeout, acceptor.accept(tcp));
        let r = tokio::select! {
            _ = token.cancelled() => return "shut down during the TLS handshake".into(),
            r = handshake => r,
        };
        match r {
            Ok(Ok(tls)) => {
                rec.event("TLS handshake complete");
                crate::stream::tls(tls)
            }
            Ok(Err(e)) => return format!("TLS handshake failed: {e}"),
            Err(_) => return "TLS handshake timed out".into(),
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
    "connection closed".into()
}
