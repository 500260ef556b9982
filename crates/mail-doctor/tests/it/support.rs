//! Shared set-up: a mock per test, and a doctor configuration that reaches
//! it through Gmail's own host names.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::Duration;

use gmail_wire::Secret;
use mail_doctor::{Config, Credential, Endpoint, LocalGmail, Network, Security};
use mock_gmail::MockHandle;

/// A port that refuses connections (bound, then released).
pub fn closed_port() -> SocketAddr {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap()
}

/// The hermetic Gmail world for a mock.
pub fn world(mock: &MockHandle) -> Network {
    let a = mock.addrs();
    Network::local_gmail(&LocalGmail {
        imaps: a.imaps,
        imap: a.imap,
        smtps: a.smtps,
        submission: a.submission,
        smtp_relay: a.smtp_relay,
        closed: closed_port(),
    })
}

/// Gmail's settings, a password, the article's era, short timeouts.
pub fn config(mock: &MockHandle, email: &str, password: &str) -> Config {
    let mut c = Config::new(
        email,
        Credential::Password(Secret::new(password.to_owned())),
    );
    c.ca_pem = Some(mock.ca_pem().to_owned());
    c.network = world(mock);
    c.as_of = mock_gmail::model::era::ARTICLE_ERA;
    c.timeout = Duration::from_secs(2);
    c
}

/// Convenience for endpoints.
pub fn ep(host: &str, port: u16, security: Security) -> Endpoint {
    Endpoint {
        host: host.into(),
        port,
        security,
    }
}
