//! `serve --http-port N`: the control API and web console (mock-http)
//! beside the mock, on the same bind address, stopped before the mock so
//! the mock's graceful shutdown can take back its handle.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use anyhow::Context as _;
use mock_gmail::MockHandle;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The running HTTP server.
#[derive(Debug)]
pub struct Http {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    task: JoinHandle<Result<(), mock_http::Error>>,
}

impl Http {
    /// Binds `bind:port` (0 = ephemeral) and starts serving.
    pub async fn start(mock: Arc<MockHandle>, bind: IpAddr, port: u16) -> anyhow::Result<Http> {
        let listener = tokio::net::TcpListener::bind((bind, port))
            .await
            .with_context(|| format!("cannot listen for http on {bind}:{port}"))?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(mock_http::serve(mock, listener, async {
            let _ = stopped.await;
        }));
        tracing::info!(%addr, "control API and console on http://{addr}/");
        Ok(Http { addr, stop, task })
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, finishes requests in flight, and drops its handle.
    pub async fn stop(self) -> anyhow::Result<()> {
        let _ = self.stop.send(());
        self.task.await.context("the HTTP server task failed")??;
        Ok(())
    }
}

/// Stops the HTTP server (if any), then shuts the mock down gracefully.
pub async fn shutdown(mock: Arc<MockHandle>, http: Option<Http>) -> anyhow::Result<()> {
    if let Some(h) = http {
        h.stop().await?;
    }
    match Arc::try_unwrap(mock) {
        Ok(m) => m.shutdown().await,
        // Unreachable once the server has stopped; dropping still cancels.
        Err(m) => drop(m),
    }
    Ok(())
}
