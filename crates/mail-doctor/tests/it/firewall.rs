//! Network faults customers have, made real: a firewall that drops the
//! mail ports (a full accept queue: SYNs get no answer), one that refuses
//! them, and a resolver that fails for Gmail's hosts. Each reaches
//! `check-network` with advice that names the port or the DNS.

use std::time::{Duration, Instant};

use mail_doctor::report::text;
use mail_doctor::{ConnectTo, Lang, RemediationId as R};
use mock_gmail::model::preset::{WORKSPACE_EMAIL, WORKSPACE_PASSWORD};
use mock_gmail::MockGmail;

use crate::support::{closed_port, config, dns, DroppingPort};

/// Sends every port of `host` to `addr`, ahead of the mock's rules.
fn block(cfg: &mut mail_doctor::Config, host: &str, addr: std::net::SocketAddr) {
    cfg.network.connect_to.insert(
        0,
        ConnectTo {
            host: host.into(),
            port: None,
            addr,
        },
    );
}

#[tokio::test]
async fn a_firewall_that_drops_993_is_a_connect_timeout() {
    let mock = MockGmail::builder().mode("healthy").start().await.unwrap();
    let drop = DroppingPort::open().await;
    let mut cfg = config(&mock, WORKSPACE_EMAIL, WORKSPACE_PASSWORD);
    cfg.timeout = Duration::from_millis(400);
    block(&mut cfg, "imap.gmail.com", drop.addr);
    let started = Instant::now();
    let r = mail_doctor::diagnose(&cfg).await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(
        (r.remediation, r.rule.as_str()),
        (R::CheckNetwork, "connect.filtered")
    );
    assert_eq!(
        r.evidence_text(Lang::En),
        ["TCP: no answer to the connection attempt"]
    );
    let en = text::render(&r, Lang::En, false);
    assert!(
        en.contains("A firewall silently drops the connection to Gmail [check-network]"),
        "{en}"
    );
    assert!(en.contains("blocks outgoing port 993"), "{en}");
    let pl = text::render(&r, Lang::Pl, false);
    assert!(pl.contains("blokuje wychodzący port 993"), "{pl}");
    mock.shutdown().await;
}

#[tokio::test]
async fn a_firewall_that_refuses_465_is_a_refused_connection() {
    let mock = MockGmail::builder().mode("healthy").start().await.unwrap();
    let mut cfg = config(&mock, WORKSPACE_EMAIL, WORKSPACE_PASSWORD);
    block(&mut cfg, "smtp.gmail.com", closed_port());
    let r = mail_doctor::diagnose(&cfg).await.unwrap();
    assert_eq!(
        (r.remediation, r.rule.as_str()),
        (R::CheckNetwork, "connect.blocked")
    );
    assert_eq!(
        r.decided_by.as_ref().unwrap().protocol,
        mail_doctor::Protocol::Smtp
    );
    let en = text::render(&r, Lang::En, false);
    assert!(en.contains("on port 465 was refused"), "{en}");
    assert!(en.contains("smtp.gmail.com on port 465 (or 587)"), "{en}");
    mock.shutdown().await;
}

#[tokio::test]
async fn a_resolver_that_fails_for_gmails_hosts_is_the_machines_dns() {
    let mock = MockGmail::builder().mode("healthy").start().await.unwrap();
    for servfail in [true, false] {
        let server = dns(&mock, |z| {
            for h in ["imap.gmail.com", "smtp.gmail.com"] {
                if servfail {
                    z.set_failing(h);
                } else {
                    z.remove_host(h);
                }
            }
        })
        .await;
        let mut cfg = config(&mock, WORKSPACE_EMAIL, WORKSPACE_PASSWORD);
        // Gmail's hosts unmapped: the doctor must ask DNS for them.
        cfg.network.connect_to.clear();
        cfg.dns_server = Some(server.addr());
        let r = mail_doctor::diagnose(&cfg).await.unwrap();
        assert_eq!(
            (r.remediation, r.rule.as_str()),
            (R::CheckNetwork, "dns.failed")
        );
        let problem = &r.evidence_text(Lang::En)[0];
        if servfail {
            assert!(
                problem.starts_with("DNS: ") && problem != "DNS: no such host",
                "{problem}"
            );
        } else {
            assert_eq!(problem, "DNS: no such host");
        }
        let en = text::render(&r, Lang::En, false);
        assert!(
            en.contains("The machine cannot resolve imap.gmail.com: check its DNS settings"),
            "{en}"
        );
        assert!(
            !en.contains("blocks outgoing port"),
            "DNS advice is not about opening ports: {en}"
        );
        server.shutdown().await;
    }
    mock.shutdown().await;
}
