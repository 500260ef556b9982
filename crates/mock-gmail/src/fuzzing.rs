//! Whole sessions driven in memory, for fuzz targets and property tests:
//! arbitrary client bytes go through the same framing, parsing and session
//! code as a socket's would, with no network. Not part of the stable API.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use tokio_rustls::TlsAcceptor;

use crate::builder::MockGmailBuilder;
use crate::error::Error;
use crate::shared::{ConnInfo, Shared};
use crate::transcript::ListenerKind;

/// Builds fresh mock state per run (so runs do not influence each other),
/// reusing one TLS configuration.
pub struct SessionHarness {
    builder: MockGmailBuilder,
    acceptor: TlsAcceptor,
}

impl std::fmt::Debug for SessionHarness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionHarness")
            .field("builder", &self.builder)
            .finish_non_exhaustive()
    }
}

impl SessionHarness {
    /// A harness for a builder's state (e.g. `MockGmail::builder().mode("healthy")`).
    pub fn new(builder: MockGmailBuilder) -> Result<SessionHarness, Error> {
        let material = crate::tls::TlsMaterial::generate()?;
        let acceptor = TlsAcceptor::from(material.server_config()?);
        builder.world()?;
        Ok(SessionHarness { builder, acceptor })
    }

    fn shared(&self) -> Arc<Shared> {
        let world = self.builder.world().expect("validated in new()");
        Arc::new(Shared::new(
            world,
            self.acceptor.clone(),
            String::new(),
            self.builder.options.clone(),
            1,
            tokio_util::sync::CancellationToken::new(),
        ))
    }

    /// Feeds `input` to an IMAP session (in `chunk`-byte pieces) and returns
    /// everything the server would have sent.
    pub fn imap(&self, input: &[u8], chunk: usize, tls: bool) -> Vec<u8> {
        let shared = self.shared();
        let kind = if tls {
            ListenerKind::Imaps
        } else {
            ListenerKind::Imap
        };
        let rec = shared
            .transcripts
            .start(kind, SocketAddr::from((Ipv4Addr::LOCALHOST, 40000)));
        let info = ConnInfo {
            listener: kind,
            peer_ip: "127.0.0.1".into(),
        };
        let session = crate::imap::session::Session::new(shared.clone(), info, rec, tls);
        crate::imap::driver::Driver::new(session, Default::default()).run_in_memory(input, chunk)
    }

    /// Feeds `input` to an SMTP session and returns the server's bytes.
    pub fn smtp(&self, input: &[u8], chunk: usize, tls: bool) -> Vec<u8> {
        let shared = self.shared();
        let kind = if tls {
            ListenerKind::Smtps
        } else {
            ListenerKind::Submission
        };
        let rec = shared
            .transcripts
            .start(kind, SocketAddr::from((Ipv4Addr::LOCALHOST, 40001)));
        let info = ConnInfo {
            listener: kind,
            peer_ip: "127.0.0.1".into(),
        };
        let max_line = shared.options.smtp_max_line;
        let session = crate::smtp::session::Session::new(shared.clone(), info, rec, tls);
        crate::smtp::driver::Driver::new(session, max_line, Default::default())
            .run_in_memory(input, chunk)
    }
}
