//! The IMAP I/O loop: read bytes into the driver, write what it returns,
//! wait for input, store changes (IDLE, NOOP updates) or shutdown. It owns
//! the socket and knows nothing about IMAP itself (see `driver`).

use std::sync::Arc;

use gmail_wire::imap::Response;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_util::sync::CancellationToken;
use tracing::debug;

use super::driver::Driver;
use super::session::{Action, Session};
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
    let idle_timeout = shared.options.imap_idle_timeout;
    let mut driver = Driver::new(Session::new(
        shared.clone(),
        info,
        rec.clone(),
        stream.is_tls(),
    ));
    let mut out: Vec<u8> = Vec::with_capacity(512);
    if write(&mut stream, &rec, &mut out, &driver.greeting())
        .await
        .is_err()
    {
        return;
    }
    loop {
        // Process everything already buffered.
        while let Some(output) = driver.step() {
            if write(&mut stream, &rec, &mut out, &output.responses)
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
                if let Some(rx) = driver.session.watcher() {
                    rx.borrow_and_update();
                }
                let updates = driver.session.on_store_change();
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
