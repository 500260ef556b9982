//! The IMAP I/O loop: read bytes into the driver, write what it returns,
//! wait for input, store changes (IDLE, NOOP updates) or shutdown. It owns
//! the socket and knows nothing about IMAP itself (see `driver`); the only
//! protocol-independent behaviour here is fault injection's timing (delays,
//! stalls).

use std::sync::Arc;
use std::time::Duration;

use gmail_wire::imap::Response;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_util::sync::CancellationToken;
use tracing::debug;

use super::driver::Driver;
use super::session::{Action, Session};
use crate::model::faults::ListenerFaults;
use crate::responses::imap as text;
use crate::shared::{ConnInfo, Shared};
use crate::stream::{stall, Stream};
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
    faults: ListenerFaults,
) {
    let idle_timeout = shared.options.imap_idle_timeout;
    let delay = faults.delay;
    let mut driver = Driver::new(
        Session::new(
            shared.clone(),
            info,
            rec.clone(),
            crate::stream::is_tls(&stream),
        ),
        faults,
    );
    let mut out: Vec<u8> = Vec::with_capacity(512);
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
        // Process everything already buffered.
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
        if driver.session.is_logout() {
            return;
        }
        // Wait for input, an update to push, or shutdown.
        let wake = {
            let (session, input) = driver.parts();
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
                r = tokio::time::timeout(idle_timeout, stream.read_buf(input)) => match r {
                    Ok(r) => Wake::Read(r),
                    Err(_) => Wake::IdleTimeout,
                },
                _ = changed => Wake::StoreChanged,
            }
        };
        match wake {
            Wake::Shutdown => {
                let _ = write(&mut stream, &rec, &mut out, &[text::shutting_down()], None).await;
                let _ = stream.shutdown().await;
                return;
            }
            Wake::IdleTimeout => {
                let _ = write(&mut stream, &rec, &mut out, &[text::autologout()], None).await;
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
                if let Some(rx) = driver.session.watcher() {
                    rx.borrow_and_update();
                }
                let updates = driver.session.on_store_change();
                if write(&mut stream, &rec, &mut out, &updates.responses, delay)
                    .await
                    .is_err()
                {
                    return;
                }
            }
        }
    }
}

/// Encodes, records and sends responses (after `delay`, a fault).
async fn write(
    stream: &mut Stream,
    rec: &Recorder,
    out: &mut Vec<u8>,
    responses: &[Response],
    delay: Option<Duration>,
) -> std::io::Result<()> {
    crate::stream::write_encoded(stream, rec, out, responses, delay, Response::encode).await
}
