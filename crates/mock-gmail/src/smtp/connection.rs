//! The SMTP I/O loop: read bytes into the driver, write its replies, wait
//! for input or shutdown. The protocol lives in `driver` and `session`;
//! this file only moves bytes (and applies fault injection's timing).

use std::sync::Arc;
use std::time::Duration;

use gmail_wire::smtp::Reply;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_util::sync::CancellationToken;
use tracing::debug;

use super::driver::Driver;
use super::session::{Action, Session};
use crate::model::faults::ListenerFaults;
use crate::responses::smtp as text;
use crate::shared::{ConnInfo, Shared};
use crate::stream::{stall, Stream};
use crate::transcript::Recorder;

/// Serves one SMTP connection until QUIT, EOF, error or shutdown.
pub(crate) async fn run(
    mut stream: Stream,
    info: ConnInfo,
    shared: Arc<Shared>,
    rec: Recorder,
    token: CancellationToken,
    faults: ListenerFaults,
) {
    let idle_timeout = shared.options.smtp_idle_timeout;
    let delay = faults.delay;
    let session = Session::new(
        shared.clone(),
        info,
        rec.clone(),
        crate::stream::is_tls(&stream),
    );
    let mut driver = Driver::new(session, shared.options.smtp_max_line, faults);
    let mut out = Vec::with_capacity(256);
    let greeting = driver.greeting();
    if write(&mut stream, &rec, &mut out, &greeting.responses, delay)
        .await
        .is_err()
    {
        return;
    }
    match greeting.action {
        Action::Close => {
            let _ = stream.shutdown().await;
            return;
        }
        Action::Stall => return stall(stream, &token, idle_timeout).await,
        Action::Continue | Action::StartTls => {}
    }
    loop {
        while let Some(output) = driver.step() {
            if write(&mut stream, &rec, &mut out, &output.responses, delay)
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
                Action::Stall => return stall(stream, &token, idle_timeout).await,
                Action::StartTls => {
                    driver.start_tls();
                    stream = match crate::stream::upgrade(stream, &shared.acceptor_for(faults.tls))
                        .await
                    {
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
                let _ = write(
                    &mut stream,
                    &rec,
                    &mut out,
                    &[text::shutting_down(&id)],
                    None,
                )
                .await;
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
                    None,
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

/// Encodes, records and sends replies (after `delay`, a fault).
async fn write(
    stream: &mut Stream,
    rec: &Recorder,
    out: &mut Vec<u8>,
    replies: &[Reply],
    delay: Option<Duration>,
) -> std::io::Result<()> {
    crate::stream::write_encoded(stream, rec, out, replies, delay, Reply::encode).await
}
