//! The SMTP I/O loop: command lines, SASL lines, DATA (dot-unstuffed) and
//! BDAT chunks in, typed replies out.

use std::sync::Arc;

use bytes::BytesMut;
use gmail_wire::smtp::{parse_command, Reply};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_util::sync::CancellationToken;
use tracing::debug;

use super::session::{Action, Expect, Session};
use crate::responses::smtp as text;
use crate::shared::{ConnInfo, Shared};
use crate::stream::Stream;
use crate::transcript::Recorder;

/// Serves one SMTP connection until QUIT, EOF, error or shutdown.
pub(crate) async fn run(
    mut stream: Stream,
    info: ConnInfo,
    shared: Arc<Shared>,
    rec: Recorder,
    token: CancellationToken,
) {
    let max_line = shared.options.smtp_max_line;
    let idle_timeout = shared.options.smtp_idle_timeout;
    let mut session = Session::new(shared.clone(), info, rec.clone(), stream.is_tls());
    let mut buf = BytesMut::with_capacity(512);
    let mut out = Vec::with_capacity(256);
    // Set while the rest of an over-long line is being thrown away.
    let mut skipping_line = false;
    // Set while an over-long DATA line is being passed on in pieces: the
    // next bytes continue that line, so they are neither the end-of-data
    // `.` nor dot-stuffed.
    let mut data_mid_line = false;
    if write(&mut stream, &rec, &mut out, &[session.greeting()])
        .await
        .is_err()
    {
        return;
    }
    loop {
        let mut action = Action::Continue;
        loop {
            let output = match session.expect() {
                Expect::Chunk(n) => {
                    if buf.is_empty() {
                        break;
                    }
                    let take = (n.min(buf.len() as u64)) as usize;
                    let chunk = buf.split_to(take);
                    session.on_chunk(&chunk)
                }
                expect => {
                    let Some(pos) = buf.iter().position(|&b| b == b'\n') else {
                        if buf.len() > max_line && expect != Expect::Data {
                            buf.clear();
                            skipping_line = true;
                            rec.event("command line too long; discarded");
                        } else if buf.len() > max_line {
                            // An endless DATA line: keep its bytes flowing
                            // into the message (size is enforced there).
                            let chunk = buf.split_to(buf.len());
                            // Unstuff once, at the start of the line.
                            let piece = if !data_mid_line && chunk.starts_with(b".") {
                                &chunk[1..]
                            } else {
                                &chunk[..]
                            };
                            let _ = session.on_data_line(Some(piece));
                            data_mid_line = true;
                        }
                        break;
                    };
                    let line = buf.split_to(pos + 1);
                    if skipping_line {
                        skipping_line = false;
                        session.line_too_long()
                    } else {
                        match expect {
                            Expect::Command => {
                                if line.len() > max_line {
                                    rec.event("command line too long");
                                    session.line_too_long()
                                } else {
                                    match parse_command(&line) {
                                        Ok(cmd) => {
                                            rec.client(&cmd.transcript_line());
                                            session.on_command(cmd)
                                        }
                                        Err(e) => {
                                            rec.client_raw(&line);
                                            session.on_parse_error(e)
                                        }
                                    }
                                }
                            }
                            Expect::AuthLine => session.on_auth_line(&line),
                            Expect::Data if data_mid_line => {
                                data_mid_line = false;
                                session.on_data_line(Some(&line))
                            }
                            Expect::Data => {
                                let bare = line
                                    .strip_suffix(b"\n")
                                    .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
                                    .unwrap_or(&line);
                                if bare == b"." {
                                    session.on_data_line(None)
                                } else {
                                    // RFC 5321 §4.5.2: "If the first character is a
                                    // period and there are other characters on the
                                    // line, the first character is deleted."
                                    let unstuffed = if line.starts_with(b".") {
                                        &line[1..]
                                    } else {
                                        &line[..]
                                    };
                                    session.on_data_line(Some(unstuffed))
                                }
                            }
                            Expect::Chunk(_) => unreachable!("handled above"),
                        }
                    }
                }
            };
            action = output.action;
            if write(&mut stream, &rec, &mut out, &output.replies)
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
                // Drop anything pipelined after STARTTLS (plaintext injection).
                buf.clear();
                stream = match stream.upgrade(&shared.acceptor).await {
                    Ok(s) => s,
                    Err(e) => {
                        rec.event(&format!("STARTTLS handshake failed: {e}"));
                        return;
                    }
                };
                rec.event("TLS handshake complete (STARTTLS)");
                session.reset_after_tls();
                continue;
            }
            Action::Continue => {}
        }
        let read = tokio::select! {
            _ = token.cancelled() => None,
            r = tokio::time::timeout(idle_timeout, stream.read_buf(&mut buf)) => Some(r),
        };
        match read {
            None => {
                let id = shared.smtp_id();
                let _ = write(&mut stream, &rec, &mut out, &[text::shutting_down(&id)]).await;
                let _ = stream.shutdown().await;
                return;
            }
            Some(Err(_)) => {
                let id = shared.smtp_id();
                let _ = write(
                    &mut stream,
                    &rec,
                    &mut out,
                    &[text::try_again_later("timeout", &id)],
                )
                .await;
                return;
            }
            Some(Ok(Ok(0))) => return,
            Some(Ok(Ok(_))) => {}
            Some(Ok(Err(e))) => {
                debug!(error = %e, "SMTP read ended");
                return;
            }
        }
    }
}

async fn write(
    stream: &mut Stream,
    rec: &Recorder,
    out: &mut Vec<u8>,
    replies: &[Reply],
) -> std::io::Result<()> {
    if replies.is_empty() {
        return Ok(());
    }
    out.clear();
    for r in replies {
        let start = out.len();
        r.encode(out);
        rec.server(&out[start..]);
    }
    stream.write_all(out).await?;
    stream.flush().await
}
