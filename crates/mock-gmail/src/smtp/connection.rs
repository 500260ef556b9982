//! The SMTP I/O loop: command lines, SASL lines, DATA (dot-unstuffed) and
//! BDAT chunks in, typed replies out.

use std::sync::Arc;

use gmail_wire::smtp::Reply;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_util::sync::CancellationToken;
use tracing::debug;

use super::driver::Driver;
use super::session::{Action, Session};
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
    let idle_timeout = shared.options.smtp_idle_timeout;
    let session = Session::new(shared.clone(), info, rec.clone(), stream.is_tls());
    let mut driver = Driver::new(session, shared.options.smtp_max_line);
    let mut out = Vec::with_capacity(256);
    if write(&mut stream, &rec, &mut out, &[driver.greeting()])
        .await
        .is_err()
    {
        return;
    }
    loop {
        while let Some(output) = driver.step() {
            if write(&mut stream, &rec, &mut out, &output.replies)
                .await
                .is_err()
            {
                return;
            }
            match output.action {
                Action::Continue => {}
                Action::Close => {
                    let _ = stream.shutdown().await;
                    return;
                }
                Action::StartTls => {
                    driver.start_tls();
                    stream = match stream.upgrade(&shared.acceptor).await {
                        Ok(s) => s,
                        Err(e) => {
                            rec.event(&format!("STARTTLS handshake failed: {e}"));
                            return;
                        }
                    };
                    rec.event("TLS handshake complete (STARTTLS)");
                }
            }
        }
        let read = tokio::select! {
            _ = token.cancelled() => None,
            r = tokio::time::timeout(idle_timeout, stream.read_buf(driver.input())) => Some(r),
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
