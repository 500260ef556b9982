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

/// A port that silently drops connection attempts, like a firewall's DROP
/// rule: a listener with the smallest backlog, never accepted from, its
/// queue filled with connections held here, so the kernel discards
/// further SYNs. Filled until an attempt times out, so the port is proven
/// to drop before a test relies on it.
pub struct DroppingPort {
    pub addr: SocketAddr,
    _listener: tokio::net::TcpListener,
    _held: Vec<tokio::net::TcpStream>,
}

impl DroppingPort {
    pub async fn open() -> DroppingPort {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let listener = socket.listen(0).unwrap();
        let addr = listener.local_addr().unwrap();
        let mut held = Vec::new();
        for _ in 0..16 {
            match tokio::time::timeout(
                Duration::from_millis(50),
                tokio::net::TcpStream::connect(addr),
            )
            .await
            {
                Ok(s) => held.push(s.unwrap()),
                Err(_) => {
                    return DroppingPort {
                        addr,
                        _listener: listener,
                        _held: held,
                    }
                }
            }
        }
        panic!("the backlog never filled: this kernel does not drop SYNs on a full queue");
    }
}

/// The mock's own DNS world: its domains at Google, Gmail's hosts on
/// loopback, then `edit`.
pub async fn dns(
    mock: &MockHandle,
    edit: impl FnOnce(&mut mock_dns::Zones),
) -> mock_dns::DnsServer {
    let mut z = mock_dns::Zones::new();
    for a in mock.accounts() {
        z.set_mail(&a.domain(), mock_dns::Mx::Google);
    }
    for h in ["imap.gmail.com", "smtp.gmail.com", "smtp-relay.gmail.com"] {
        z.add_host(h, "127.0.0.1".parse().unwrap());
    }
    edit(&mut z);
    mock_dns::DnsServer::start("127.0.0.1:0".parse().unwrap(), z)
        .await
        .unwrap()
}
