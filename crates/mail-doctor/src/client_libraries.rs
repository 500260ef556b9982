//! "What a CRM's client library sees": after the probes, log in with the
//! `imap` crate and authenticate with lettre, as a CRM would. A library
//! that disagrees with the probe is a finding in itself (CRATES.md lists
//! what these libraries hide; they may also fail where the protocol works).
//!
//! The probes speak the protocols line by line so that no evidence is
//! hidden; a CRM does not. It uses a library, and a library can fail where
//! the protocol works (a parser that chokes on a Gmail extension, a
//! mechanism it does not offer) or hide why it failed (lettre joins reply
//! lines and drops repeated enhanced codes; the `imap` crate does not
//! surface untagged `NO` lines). Running the real libraries after the
//! probes turns "the doctor says it works but the CRM cannot connect" into
//! a note in the report instead of a mystery.
//!
//! Both checks run only for a protocol whose probe reached authentication
//! (before that the library could only repeat the probe's finding), with
//! the doctor's own rustls configuration, so the CA the customer gave is
//! trusted the same way. Library error texts may echo what they were
//! given, so every text is redacted before it leaves this module.
//!
//! # What the check can add
//!
//! - the probe signed in but the library did not: a CRM built on that
//!   library will fail although the account is fine — the note says which
//!   library and quotes its error;
//! - the probe failed but the library signed in: the two disagree, and the
//!   transcript is the place to look (it usually means the probe's stricter
//!   reading found a real problem the library ignores).
//!
//! Agreement adds nothing and is not mentioned.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use gmail_wire::Secret;
use rustls::{ClientConfig, ClientConnection, StreamOwned};
use rustls_pki_types::ServerName;

use crate::config::{Config, Credential, Endpoint, Security};

/// Redacts the secret from library error text (libraries may echo input).
///
/// The text is matched literally: a library that base64-encodes the secret
/// into its message would slip through, which is why `tests/secrets.rs`
/// sweeps every output channel for the encoded forms too.
fn redact(text: String, cfg: &Config) -> String {
    let secret = match &cfg.credential {
        Credential::Password(p) | Credential::OAuthToken(p) => p.expose().clone(),
    };
    if secret.is_empty() {
        text
    } else {
        text.replace(&secret, gmail_wire::secret::REDACTED)
    }
}

/// The XOAUTH2 payload as an `imap` crate authenticator.
///
/// The secret stays wrapped until the crate asks for the response, so a
/// `Debug` of the authenticator prints `[REDACTED]`.
struct XOAuth2(Secret<String>);

/// The `imap` crate sends no initial response: it waits for the first `+`
/// (empty) and passes each later challenge here.
impl imap::Authenticator for XOAuth2 {
    type Response = String;

    fn process(&self, challenge: &[u8]) -> String {
        // The first (empty) challenge gets the token; Google's JSON error
        // challenge gets an empty answer, as the protocol requires.
        if challenge.is_empty() {
            self.0.expose().clone()
        } else {
            String::new()
        }
    }
}

/// Logs in with the `imap` crate over `addr` (the address the probe used,
/// so both talk to the same server) and examines INBOX.
///
/// The crate is synchronous and has no STARTTLS with a custom rustls
/// configuration, so for STARTTLS the greeting and the `STARTTLS` command
/// are done by hand on the socket, and the TLS stream is then handed to
/// the crate (no second greeting follows, CRATES.md).
fn imap_check(
    cfg: &Config,
    ep: &Endpoint,
    addr: SocketAddr,
    tls: Arc<ClientConfig>,
) -> Result<(), String> {
    let timeout = cfg.timeout;
    let name = ServerName::try_from(ep.host.clone()).map_err(|e| e.to_string())?;
    let tcp = TcpStream::connect_timeout(&addr, timeout).map_err(|e| e.to_string())?;
    tcp.set_read_timeout(Some(timeout))
        .map_err(|e| e.to_string())?;
    tcp.set_write_timeout(Some(timeout))
        .map_err(|e| e.to_string())?;
    let mut tcp = tcp;
    if ep.security == Security::Starttls {
        // rust-imap has no STARTTLS with a custom config: do it by hand
        // (CRATES.md), then hand the TLS stream to the library.
        let mut buf = [0u8; 4096];
        let n = tcp.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("connection closed before the greeting".into());
        }
        tcp.write_all(b"x0 STARTTLS\r\n")
            .map_err(|e| e.to_string())?;
        let mut got = Vec::new();
        while !got.windows(2).any(|w| w == b"\r\n") {
            let n = tcp.read(&mut buf).map_err(|e| e.to_string())?;
            if n == 0 {
                return Err("connection closed during STARTTLS".into());
            }
            got.extend_from_slice(&buf[..n]);
        }
        if !got.starts_with(b"x0 OK") {
            return Err(format!(
                "STARTTLS refused: {}",
                String::from_utf8_lossy(&got).trim()
            ));
        }
        let conn = ClientConnection::new(tls, name).map_err(|e| e.to_string())?;
        let client = imap::Client::new(StreamOwned::new(conn, tcp));
        return imap_login(client, cfg);
    }
    let conn = ClientConnection::new(tls, name).map_err(|e| e.to_string())?;
    let mut client = imap::Client::new(StreamOwned::new(conn, tcp));
    client.read_greeting().map_err(|e| e.to_string())?;
    imap_login(client, cfg)
}

/// LOGIN or AUTHENTICATE XOAUTH2, then EXAMINE INBOX (read-only, as the
/// probe's SELECT), then LOGOUT.
fn imap_login<T: Read + Write + std::fmt::Debug>(
    client: imap::Client<T>,
    cfg: &Config,
) -> Result<(), String> {
    let session = match &cfg.credential {
        Credential::Password(p) => client
            .login(&cfg.email, p.expose())
            .map_err(|(e, _)| e.to_string())?,
        Credential::OAuthToken(t) => {
            let payload = gmail_wire::sasl::xoauth2_payload(&cfg.email, t.expose());
            client
                .authenticate("XOAUTH2", &XOAuth2(payload))
                .map_err(|(e, _)| e.to_string())?
        }
    };
    let mut session = session;
    session.examine("INBOX").map_err(|e| e.to_string())?;
    let _ = session.logout();
    Ok(())
}

/// Connects and authenticates with lettre, as a CRM's mailer would, using
/// lettre's own `test_connection` (TCP, TLS, EHLO, AUTH, then NOOP).
///
/// lettre cannot take a rustls configuration, only root certificates, so
/// the CA the customer gave is added as lettre's only root; the transport
/// is built for the probe's address with the typed host as the TLS name.
/// An error is flattened with its `source()` chain, where lettre keeps the
/// server's reply.
async fn smtp_check(cfg: &Config, ep: &Endpoint, addr: SocketAddr) -> Result<(), String> {
    use lettre::transport::smtp::authentication::{Credentials, Mechanism};
    use lettre::transport::smtp::client::{Certificate, CertificateStore, Tls, TlsParameters};
    let mut params = TlsParameters::builder(ep.host.clone());
    let pem = match (&cfg.ca_pem, &cfg.ca_file) {
        (Some(p), _) => Some(p.clone().into_bytes()),
        (None, Some(f)) => std::fs::read(f).ok(),
        _ => None,
    };
    if let Some(pem) = pem {
        params = params
            .certificate_store(CertificateStore::None)
            .add_root_certificate(Certificate::from_pem(&pem).map_err(|e| e.to_string())?);
    }
    let params = params.build_rustls().map_err(|e| e.to_string())?;
    let tls = match ep.security {
        Security::Ssl => Tls::Wrapper(params),
        Security::Starttls => Tls::Required(params),
        Security::None => Tls::None,
    };
    let (creds, mech) = match &cfg.credential {
        Credential::Password(p) => (
            Credentials::new(cfg.email.clone(), p.expose().clone()),
            vec![Mechanism::Plain, Mechanism::Login],
        ),
        Credential::OAuthToken(t) => (
            Credentials::new(cfg.email.clone(), t.expose().clone()),
            vec![Mechanism::Xoauth2],
        ),
    };
    let transport: lettre::AsyncSmtpTransport<lettre::Tokio1Executor> =
        lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::builder_dangerous(
            addr.ip().to_string(),
        )
        .port(addr.port())
        .tls(tls)
        .credentials(creds)
        .authentication(mech)
        .timeout(Some(cfg.timeout))
        .build();
    match transport.test_connection().await {
        Ok(true) => Ok(()),
        Ok(false) => Err("the connection test failed".into()),
        Err(e) => {
            let mut text = e.to_string();
            let mut src = std::error::Error::source(&e);
            while let Some(s) = src {
                text.push_str(": ");
                text.push_str(&s.to_string());
                src = s.source();
            }
            Err(text)
        }
    }
}

/// Runs the library checks for the protocols whose probe got as far as
/// authentication (a library cannot add anything before that).
///
/// A crashed blocking task or an SMTP check over its time limit becomes a
/// failed result with its reason, never a missing row: the classifier must
/// see that the library was tried.
pub(crate) async fn check(
    cfg: &Config,
    tls: Arc<ClientConfig>,
    imap_addr: Option<SocketAddr>,
    smtp_addr: Option<SocketAddr>,
) -> Vec<(crate::Protocol, Result<(), String>)> {
    let mut out = Vec::new();
    if let Some(addr) = imap_addr {
        let c = cfg.clone();
        let ep = cfg.imap.clone();
        let tls = tls.clone();
        let r = tokio::task::spawn_blocking(move || imap_check(&c, &ep, addr, tls))
            .await
            .unwrap_or_else(|e| Err(format!("library check crashed: {e}")));
        out.push((crate::Protocol::Imap, r.map_err(|t| redact(t, cfg))));
    }
    if let Some(addr) = smtp_addr {
        let r = tokio::time::timeout(
            cfg.timeout + Duration::from_secs(1),
            smtp_check(cfg, &cfg.smtp, addr),
        )
        .await
        .unwrap_or_else(|_| Err("timed out".into()));
        out.push((crate::Protocol::Smtp, r.map_err(|t| redact(t, cfg))));
    }
    out
}
