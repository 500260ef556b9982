//! The IMAP I/O loop: read bytes, frame them, hand typed commands to the
//! session, write its responses. It owns the socket and the buffers and
//! knows nothing about IMAP semantics.

use std::sync::Arc;

use bytes::BytesMut;
use gmail_wire::imap::{parse_command, FrameEvent, Framer, Response};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_util::sync::CancellationToken;
use tracing::debug;

use super::session::{Action, Expect, Output, Session};
use crate::responses::imap as text;
use crate::shared::{ConnInfo, Shared};
use crate::stream::Stream;
use crate::transcript::Recorder;

enum Wake {
    Shutdown,
    Read(std::io::Result<usize>),
    IdleTimeout,
    StoreChanged,
}

/// Serves one IMAP connection until LOGOUT, EOF, error or shutdown.
pub(crate) async fn run(
    mut stream: Stream,
    info: ConnInfo,
    shared: Arc<Shared>,
    rec: Recorder,
    token: CancellationToken,
) {
    let limits = shared.options.imap_limits;
    let idle_timeout = shared.options.imap_idle_timeout;
    let mut session = Session::new(shared.clone(), info, rec.clone(), stream.is_tls());
    let mut buf = BytesMut::with_capacity(512);
    let mut framer = Framer::for_commands(limits);
    let mut out: Vec<u8> = Vec::with_capacity(512);
    // Bytes of an oversized literal still to be thrown away.
    let mut discard: u64 = 0;

    let greeting = session.greeting();
    if write(&mut stream, &rec, &mut out, &greeting).await.is_err() {
        return;
    }
    loop {
        // Process everything already buffered.
        let mut action = Action::Continue;
        loop {
            if discard > 0 {
                let n = discard.min(buf.len() as u64) as usize;
                let _ = buf.split_to(n);
                discard -= n as u64;
                if discard > 0 {
                    break;
                }
            }
            let output = match session.expect() {
                Expect::Command => match framer.next(&buf) {
                    FrameEvent::Incomplete => break,
                    FrameEvent::LiteralAnnounced { .. } => Output::one(text::literal_continue()),
                    FrameEvent::Complete { len } => {
                        let frame = buf.split_to(len);
                        framer.reset();
                        match parse_command(&frame) {
                            Ok(cmd) => {
                                rec.client(&cmd.transcript_line());
                                session.on_command(cmd)
                            }
                            Err(e) => {
                                rec.client_raw(&frame);
                                session.on_parse_error(e)
                            }
                        }
                    }
                    FrameEvent::LineTooLong => {
                        // Drop the line (now or once its end arrives) and say so.
                        match Framer::discard_line(&buf) {
                            Some(n) => {
                                let _ = buf.split_to(n);
                            }
                            None => {
                                buf.clear();
                            }
                        }
                        framer.reset();
                        rec.event("command line too long; discarded");
                        Output::one(text::line_too_long())
                    }
                    FrameEvent::LiteralTooLarge { length, line_end } => {
                        let line = buf.split_to(line_end);
                        framer.reset();
                        rec.client_raw(&line);
                        let tag = line
                            .iter()
                            .position(|&b| b == b' ')
                            .map(|p| String::from_utf8_lossy(&line[..p]).into_owned())
                            .unwrap_or_else(|| "*".to_owned());
                        // A non-synchronising literal's data follows anyway.
                        if line.ends_with(b"+}\r\n") || line.ends_with(b"+}\n") {
                            discard = length;
                        }
                        let tag = gmail_wire::imap::Tag(tag);
                        Output::one(text::literal_too_large(&tag))
                    }
                },
                Expect::Line => {
                    let Some(pos) = buf.iter().position(|&b| b == b'\n') else {
                        if buf.len() > limits.max_line {
                            buf.clear();
                        }
                        break;
                    };
                    let line = buf.split_to(pos + 1);
                    session.on_line(&line)
                }
            };
            action = output.action;
            if write(&mut stream, &rec, &mut out, &output.responses)
                .await
                .is_err()
            {
                return;
            }
            if action != Action::Continue {
                break;
            }
        }
        match action {
            Action::Close => {
                let _ = stream.shutdown().await;
                return;
            }
            Action::StartTls => {
                // Anything pipelined after STARTTLS was sent in plaintext:
                // drop it, or it would be executed as if protected
                // (CVE-2011-0411 class of bugs).
                buf.clear();
                framer.reset();
                stream = match stream.upgrade(&shared.acceptor).await {
                    Ok(s) => s,
                    Err(e) => {
                        rec.event(&format!("STARTTLS handshake failed: {e}"));
                        return;
                    }
                };
                rec.event("TLS handshake complete (STARTTLS)");
                session.tls = true;
                continue;
            }
            Action::Continue => {}
        }
        if session.is_logout() {
            return;
        }
        // Wait for input, an update to push, or shutdown.
        let wake = {
            let changed = async {
                match session.watcher() {
                    Some(rx) => {
                        if rx.changed().await.is_err() {
                            std::future::pending::<()>().await;
                        }
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                _ = token.cancelled() => Wake::Shutdown,
                r = tokio::time::timeout(idle_timeout, stream.read_buf(&mut buf)) => match r {
                    Ok(r) => Wake::Read(r),
                    Err(_) => Wake::IdleTimeout,
                },
                _ = changed => Wake::StoreChanged,
            }
        };
        match wake {
            Wake::Shutdown => {
                let _ = write(&mut stream, &rec, &mut out, &[text::shutting_down()]).await;
                let _ = stream.shutdown().await;
                return;
            }
            Wake::IdleTimeout => {
                let _ = write(&mut stream, &rec, &mut out, &[text::autologout()]).await;
                return;
            }
            Wake::Read(Ok(0)) => return,
            Wake::Read(Ok(_)) => {}
            Wake::Read(Err(e)) => {
                // Clients often close without close_notify: not an error.
                debug!(error = %e, "IMAP read ended");
                return;
            }
            Wake::StoreChanged => {
                // Let a burst of changes (several deliveries, a bulk COPY)
                // settle so it is reported as one EXISTS, as real servers
                // coalesce IDLE notifications. Changes during the window
                // are folded into this report.
                tokio::time::sleep(shared.options.imap_push_coalesce).await;
                if let Some(rx) = session.watcher() {
                    rx.borrow_and_update();
                }
                let updates = session.on_store_change();
                if write(&mut stream, &rec, &mut out, &updates.responses)
                    .await
                    .is_err()
                {
                    return;
                }
            }
        }
    }
}

/// Encodes, records and sends responses.
async fn write(
    stream: &mut Stream,
    rec: &Recorder,
    out: &mut Vec<u8>,
    responses: &[Response],
) -> std::io::Result<()> {
    if responses.is_empty() {
        return Ok(());
    }
    out.clear();
    for r in responses {
        let start = out.len();
        r.encode(out);
        rec.server(&out[start..]);
    }
    stream.write_all(out).await?;
    stream.flush().await
}
