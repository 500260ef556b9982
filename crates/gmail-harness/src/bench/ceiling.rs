//! The ceiling: a bare rustls accept loop with the mock's certificate type
//! and crypto provider (handshake, one line, close) — the most any TLS
//! server can do on this machine. The mock's sessions/s are reported as a
//! fraction of it.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context as _;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;

use super::client::Target;

/// Serves until killed (run as `gmail-harness tls-ceiling`): prints one JSON
/// line `{"addr": …}` after writing the CA to `ca_out`.
pub async fn serve(ca_out: &std::path::Path) -> anyhow::Result<u8> {
    let _ = rlimit::increase_nofile_limit(u64::MAX);
    let material = mock_gmail::TlsMaterial::generate()?;
    std::fs::write(ca_out, material.ca_pem())
        .with_context(|| format!("writing {}", ca_out.display()))?;
    let acceptor = TlsAcceptor::from(material.server_config()?);
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    println!("{{\"addr\":\"{}\"}}", listener.local_addr()?);
    loop {
        let (tcp, _) = listener.accept().await?;
        let _ = tcp.set_nodelay(true);
        let acceptor = acceptor.clone();
        tokio::spawn(async move {
            if let Ok(mut tls) = acceptor.accept(tcp).await {
                let _ = tls.write_all(b"* OK ceiling\r\n").await;
                let _ = tls.shutdown().await;
            }
        });
    }
}

/// One ceiling "session": connect, handshake, read the line, close.
pub async fn session(t: &Target, addr: SocketAddr) -> Result<(), String> {
    let tcp = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    let _ = tcp.set_nodelay(true);
    let tls = tokio_rustls::TlsConnector::from(t.tls.clone())
        .connect(t.server_name.clone(), tcp)
        .await
        .map_err(|e| e.to_string())?;
    let mut line = String::new();
    BufReader::new(tls)
        .read_line(&mut line)
        .await
        .map_err(|e| e.to_string())?;
    if line.starts_with("* OK") {
        Ok(())
    } else {
        Err(format!("unexpected {line:?}"))
    }
}

/// A shared target for the ceiling server (its own CA).
pub fn target(ca_pem: &[u8], addr: SocketAddr) -> anyhow::Result<Arc<(Target, SocketAddr)>> {
    let tls = super::tls_config(ca_pem)?;
    let server_name = rustls_pki_types::ServerName::try_from("localhost")?.to_owned();
    Ok(Arc::new((
        Target {
            imaps: addr,
            smtps: addr,
            tls,
            server_name,
        },
        addr,
    )))
}
