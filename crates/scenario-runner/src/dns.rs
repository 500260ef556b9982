//! The DNS a mock's world implies: every domain the mock hosts has its
//! mail at Google, and Gmail's host names lead to the mock's address.
//! `serve --dns-port` and the scenarios serve these zones with
//! [`mock_dns::DnsServer`], plus what a scenario says about other domains.

use std::net::{IpAddr, Ipv4Addr};

use mock_dns::{Mx, Zones};
use mock_gmail::MockHandle;

/// Gmail's host names a CRM connects to.
pub const GMAIL_HOSTS: [&str; 3] = ["imap.gmail.com", "smtp.gmail.com", "smtp-relay.gmail.com"];

/// The zones of `mock`'s world: each account's domain and each of the
/// Workspace's other domains (`policy.domains`) have Google's MX; Gmail's
/// host names resolve to `ip` (loopback when the mock listens on every
/// address, since "every address" is not one a client can dial).
pub fn zones_for(mock: &MockHandle, ip: IpAddr) -> Zones {
    let ip = if ip.is_unspecified() {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    } else {
        ip
    };
    let mut z = Zones::new();
    for a in mock.accounts() {
        let d = a.domain();
        if !d.is_empty() {
            z.set_mail(&d, Mx::Google);
        }
    }
    for d in mock.policy().domains {
        z.set_mail(&d, Mx::Google);
    }
    for h in GMAIL_HOSTS {
        z.add_host(h, ip);
    }
    z
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_mocks_domains_are_at_google() {
        let mock = mock_gmail::MockGmail::builder()
            .mode("healthy")
            .policy(mock_gmail::Policy {
                domains: vec!["firma-handel.example".into()],
                ..mock_gmail::Policy::default()
            })
            .start()
            .await
            .unwrap();
        let z = zones_for(&mock, "0.0.0.0".parse().unwrap());
        let domains: Vec<_> = z.domains().map(|(d, _)| d.to_owned()).collect();
        assert_eq!(
            domains,
            ["firma-handel.example", "firma.example", "gmail.com"]
        );
        assert_eq!(
            z.addresses("IMAP.gmail.com."),
            ["127.0.0.1".parse::<IpAddr>().unwrap()]
        );
        mock.shutdown().await;
    }
}
