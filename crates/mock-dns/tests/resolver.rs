//! The server against a real resolver (hickory-resolver, as the doctor
//! will use it): MX at Google and elsewhere, NXDOMAIN, NODATA, A records,
//! over UDP and over TCP, and a zone changed while running.

use std::net::SocketAddr;

use hickory_resolver::config::{NameServerConfig, ResolverConfig, ResolverOpts};
use hickory_resolver::name_server::TokioConnectionProvider;
use hickory_resolver::proto::xfer::Protocol;
use hickory_resolver::TokioResolver;
use mock_dns::{DnsServer, Mx, Zones};

fn resolver(addr: SocketAddr, protocol: Protocol) -> TokioResolver {
    let mut cfg = ResolverConfig::new();
    cfg.add_name_server(NameServerConfig::new(addr, protocol));
    let mut opts = ResolverOpts::default();
    // Each question reaches the server: a test changes a zone mid-way.
    opts.cache_size = 0;
    opts.attempts = 1;
    TokioResolver::builder_with_config(cfg, TokioConnectionProvider::default())
        .with_options(opts)
        .build()
}

async fn server() -> DnsServer {
    let mut z = Zones::new();
    z.set_mail("firma.example", Mx::Google)
        .set_mail("sklep.example", Mx::elsewhere("mx.home.example"))
        .set_mail("bez-poczty.example", Mx::Hosts(Vec::new()))
        .add_host("imap.gmail.com", "127.0.0.1".parse().unwrap());
    DnsServer::start("127.0.0.1:0".parse().unwrap(), z)
        .await
        .unwrap()
}

async fn mx(r: &TokioResolver, name: &str) -> Result<Vec<String>, String> {
    match r.mx_lookup(name).await {
        Ok(l) => Ok(l
            .iter()
            .map(|m| format!("{} {}", m.preference(), m.exchange()))
            .collect()),
        Err(e) if e.is_nx_domain() => Err("NXDOMAIN".into()),
        Err(e) if e.is_no_records_found() => Err("NODATA".into()),
        Err(e) => Err(e.to_string()),
    }
}

#[tokio::test]
async fn answers_over_udp_and_tcp() {
    let dns = server().await;
    for protocol in [Protocol::Udp, Protocol::Tcp] {
        let r = resolver(dns.addr(), protocol);
        let google = mx(&r, "firma.example.").await.unwrap();
        assert_eq!(google[0], "1 aspmx.l.google.com.", "{protocol}");
        assert_eq!(
            mx(&r, "sklep.example.").await.unwrap(),
            ["10 mx.home.example."]
        );
        assert_eq!(mx(&r, "nie-ma.example.").await, Err("NXDOMAIN".into()));
        assert_eq!(mx(&r, "bez-poczty.example.").await, Err("NODATA".into()));
        let ips: Vec<_> = r
            .ipv4_lookup("imap.gmail.com.")
            .await
            .unwrap()
            .iter()
            .map(|a| a.0.to_string())
            .collect();
        assert_eq!(ips, ["127.0.0.1"]);
    }
    dns.shutdown().await;
}

#[tokio::test]
async fn a_zone_changed_while_running() {
    let dns = server().await;
    let r = resolver(dns.addr(), Protocol::Udp);
    assert_eq!(mx(&r, "sklep.example.").await.unwrap().len(), 1);
    dns.update(|z| {
        z.set_mail("sklep.example", Mx::Google);
    });
    assert_eq!(mx(&r, "sklep.example.").await.unwrap().len(), 5);
    dns.shutdown().await;
}

#[tokio::test]
async fn garbage_does_not_stop_the_server() {
    let dns = server().await;
    let sock = tokio::net::UdpSocket::bind("127.0.0.1:0").await.unwrap();
    sock.send_to(b"\x00", dns.addr()).await.unwrap();
    sock.send_to(&[0xab; 700], dns.addr()).await.unwrap();
    let mut tcp = tokio::net::TcpStream::connect(dns.addr()).await.unwrap();
    use tokio::io::AsyncWriteExt;
    tcp.write_all(&[0x00, 0x05, 1, 2, 3, 4, 5]).await.unwrap();
    drop(tcp);
    let r = resolver(dns.addr(), Protocol::Udp);
    assert_eq!(mx(&r, "sklep.example.").await.unwrap().len(), 1);
    dns.shutdown().await;
}
