//! `serve --http-port N`: the control API and web console (mock-http)
//! beside the mock, on the same bind address, stopped before the mock so
//! the mock's graceful shutdown can take back its handle.
//!
//! Who may use it ([`access`]) is settled before anything listens: the
//! allowed host names, the basic-auth credentials, and the refusal to
//! serve a non-loopback address without them.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use anyhow::Context as _;
use mock_gmail::MockHandle;
use mock_http::{Access, Credentials};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::args::ServeArgs;

/// The HTTP server's access settings from the flags (and `--config`,
/// already merged into them), or `None` without `--http-port`. Checked
/// before the mock starts, so a refused setting prints no ready line.
pub fn access(args: &ServeArgs, bind: IpAddr) -> anyhow::Result<Option<Access>> {
    let Some(port) = args.http_port else {
        if args.http_auth.is_some()
            || args.http_auth_file.is_some()
            || !args.http_allowed_host.is_empty()
        {
            anyhow::bail!(
                "--http-auth, --http-auth-file and --http-allowed-host set up the HTTP control API, \
                 which is off: add --http-port N (or http in [listen] of --config)"
            );
        }
        return Ok(None);
    };
    let mut access = Access::default();
    for name in &args.http_allowed_host {
        access = access
            .allow_host(name)
            .context("--http-allowed-host (or http_allowed_hosts in --config)")?;
    }
    let credentials = match (&args.http_auth, &args.http_auth_file) {
        (Some(user_pass), _) => {
            Some(Credentials::parse(user_pass).context("--http-auth (or http_auth in --config)")?)
        }
        (None, Some(path)) => Some(Credentials::load(path)?),
        (None, None) => None,
    };
    if let Some(c) = credentials {
        access = access.credentials(c);
    }
    if access.check_exposure(SocketAddr::new(bind, port)).is_err() {
        anyhow::bail!(
            "refusing to serve the HTTP control API on {bind} without credentials: anyone who can \
             reach that address could change the mock's settings and read its fixture passwords. \
             Require a user name and password with --http-auth-file FILE (one line USER:PASS) or \
             --http-auth USER:PASS (http_auth_file / http_auth in [listen] of --config), or keep \
             the HTTP port on loopback (--bind 127.0.0.1)"
        );
    }
    Ok(Some(access))
}

/// The running HTTP server.
#[derive(Debug)]
pub struct Http {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    task: JoinHandle<Result<(), mock_http::Error>>,
}

impl Http {
    /// Binds `bind:port` (0 = ephemeral) and starts serving, guarded by
    /// `access`.
    pub async fn start(
        mock: Arc<MockHandle>,
        bind: IpAddr,
        port: u16,
        access: Access,
    ) -> anyhow::Result<Http> {
        let listener = tokio::net::TcpListener::bind((bind, port))
            .await
            .with_context(|| format!("cannot listen for http on {bind}:{port}"))?;
        let addr = listener.local_addr()?;
        let auth = access.has_credentials();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(mock_http::serve_with(mock, listener, access, async {
            let _ = stopped.await;
        }));
        tracing::info!(%addr, basic_auth = auth, "control API and console on http://{addr}/");
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
