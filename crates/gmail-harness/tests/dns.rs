//! `serve --dns-port`: the mock's domains over real DNS, asked with
//! hickory-resolver (as the doctor asks).

mod support;

use hickory_resolver::config::{NameServerConfig, ResolverConfig, ResolverOpts};
use hickory_resolver::name_server::TokioConnectionProvider;
use hickory_resolver::proto::xfer::Protocol;
use hickory_resolver::TokioResolver;
use support::Served;

fn resolver(addr: &str) -> TokioResolver {
    let mut cfg = ResolverConfig::new();
    cfg.add_name_server(NameServerConfig::new(addr.parse().unwrap(), Protocol::Udp));
    let mut opts = ResolverOpts::default();
    opts.attempts = 1;
    TokioResolver::builder_with_config(cfg, TokioConnectionProvider::default())
        .with_options(opts)
        .build()
}

#[tokio::test]
async fn serve_answers_mx_and_gmail_hosts() {
    let s = Served::start(&["--mode", "healthy", "--dns-port", "0"]);
    let r = resolver(&s.addr("dns"));
    let mx = r.mx_lookup("firma.example.").await.unwrap();
    let first = mx.iter().min_by_key(|m| m.preference()).unwrap();
    assert_eq!(first.exchange().to_ascii(), "aspmx.l.google.com.");
    let mx = r.mx_lookup("gmail.com.").await.unwrap();
    assert!(mx
        .iter()
        .any(|m| m.exchange().to_ascii() == "gmail-smtp-in.l.google.com."));
    let ip = r.ipv4_lookup("smtp-relay.gmail.com.").await.unwrap();
    assert_eq!(ip.iter().next().unwrap().0.to_string(), "127.0.0.1");
    let e = r.mx_lookup("not-hosted.example.").await.unwrap_err();
    assert!(e.is_nx_domain(), "{e}");
    let (status, log) = s.terminate();
    assert!(status.success(), "{log}");
}

#[test]
fn without_the_flag_there_is_no_dns() {
    let s = Served::start(&["--mode", "healthy"]);
    assert!(s.ready.get("dns").is_none());
    assert!(s.ready["smtp_relay"].is_string());
    s.terminate();
}
