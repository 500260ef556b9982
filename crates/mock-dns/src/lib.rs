//! mock-dns: a small authoritative DNS server for the mock's domains.
//!
//! The doctor decides whether a mailbox is at Google at all from its
//! domain's MX records, before any Gmail rung (DESIGN.md "Diagnosis":
//! `not-a-google-mailbox`). Scenarios and `serve --dns-port` must reach
//! that lookup code over a real socket without the Internet, so this
//! server answers MX (at Google, or elsewhere) and A/AAAA for the mock's
//! names, and NXDOMAIN for every other name. It never recurses.
//!
//! ```no_run
//! # async fn demo() -> Result<(), mock_dns::Error> {
//! use mock_dns::{DnsServer, Mx, Zones};
//! let mut zones = Zones::new();
//! zones.set_mail("firma.example", Mx::Google);
//! zones.set_mail("sklep.example", Mx::elsewhere("mx.home.example"));
//! let dns = DnsServer::start("127.0.0.1:0".parse().unwrap(), zones).await?;
//! println!("ask {}", dns.addr());
//! dns.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! Layout: [`zones`] (the data and the answer to one question), `respond`
//! (bytes in, bytes out, sans I/O), `server` (UDP and TCP sockets).

#![forbid(unsafe_code)]

mod respond;
mod server;
pub mod zones;

use std::net::SocketAddr;
use std::sync::{Arc, RwLock};

use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

pub use respond::respond;
pub use zones::{Answer, Mx, Zones};

/// The crate's errors.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The UDP or TCP socket could not be bound.
    #[error("cannot listen for DNS on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
}

/// A running DNS server. Dropping it stops the sockets (without waiting);
/// [`DnsServer::shutdown`] waits for every task.
#[derive(Debug)]
pub struct DnsServer {
    addr: SocketAddr,
    zones: Arc<RwLock<Zones>>,
    stop: CancellationToken,
    tracker: TaskTracker,
}

impl DnsServer {
    /// Listens on `addr` (port 0: any free port, the same for UDP and TCP)
    /// and answers from `zones`.
    pub async fn start(addr: SocketAddr, zones: Zones) -> Result<DnsServer, Error> {
        let (udp, tcp) = server::bind(addr).await?;
        let bound = udp
            .local_addr()
            .map_err(|source| Error::Bind { addr, source })?;
        let zones = Arc::new(RwLock::new(zones));
        let stop = CancellationToken::new();
        let tracker = TaskTracker::new();
        tracker.spawn(server::serve_udp(udp, zones.clone(), stop.clone()));
        tracker.spawn(server::serve_tcp(
            tcp,
            zones.clone(),
            stop.clone(),
            tracker.clone(),
        ));
        Ok(DnsServer {
            addr: bound,
            zones,
            stop,
            tracker,
        })
    }

    /// The address (UDP and TCP).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// A copy of the zones being served.
    pub fn zones(&self) -> Zones {
        self.zones.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Changes the zones; the next question sees the change.
    pub fn update(&self, f: impl FnOnce(&mut Zones)) {
        f(&mut self.zones.write().unwrap_or_else(|e| e.into_inner()));
    }

    /// Stops and waits for every task.
    pub async fn shutdown(self) {
        self.stop.cancel();
        self.tracker.close();
        self.tracker.wait().await;
    }
}

impl Drop for DnsServer {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}
