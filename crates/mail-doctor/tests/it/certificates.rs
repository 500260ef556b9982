//! TLS findings over real sockets: a rustls server in the test presents a
//! deliberately bad certificate (made with rcgen, trusted or not through
//! the doctor's CA setting, as `--ca-file` would), or a plaintext server
//! answers on a port chosen as SSL. A refused certificate must be named —
//! never reported as "this port does not begin encrypted"; only a server
//! that does not speak TLS at all may be.
//!
//! The case that motivated this: a real Dovecot 2.3 serving its
//! self-signed test certificate (a CA certificate), given with
//! `--ca-file`, fails with `CaUsedAsEndEntity`; the doctor used to call
//! that a plaintext port.

use std::net::SocketAddr;
use std::sync::Arc;

use mail_doctor::classify::SettingsIssue;
use mail_doctor::report::text;
use mail_doctor::{ConnectTo, Lang, RemediationId as R, Security};
use mock_gmail::model::preset::{WORKSPACE_EMAIL, WORKSPACE_PASSWORD};
use mock_gmail::MockGmail;
use rcgen::{
    BasicConstraints, CertificateParams, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use rustls_pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::support::{config, ep};

/// The customer's own IMAP server, as typed (not Gmail's settings).
const HOST: &str = "mail.example.test";
const PORT: u16 = 10993;

/// A CA, as a test set-up (or Dovecot's `mkcert.sh`) makes one.
fn ca() -> (CertificateParams, KeyPair) {
    let mut p = CertificateParams::new(vec![HOST.to_owned()]).expect("CA params");
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    (p, KeyPair::generate().expect("CA key"))
}

/// A server certificate for `names`, as a CA signs it.
fn leaf(names: &[&str]) -> CertificateParams {
    let mut p = CertificateParams::new(names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>())
        .expect("leaf params");
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    p
}

/// What the test server presents, and the CA PEM the doctor is given.
struct Material {
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
    trusted_ca_pem: String,
}

/// The CA certificate itself as the server's certificate, with the doctor
/// trusting that CA: what Dovecot's self-signed test certificate does.
fn ca_as_server() -> Material {
    let (params, key) = ca();
    let cert = params.self_signed(&key).expect("self-signed CA");
    Material {
        chain: vec![cert.der().clone()],
        key: PrivatePkcs8KeyDer::from(key.serialize_der()).into(),
        trusted_ca_pem: cert.pem(),
    }
}

/// A leaf signed by a trusted CA, after `edit`.
fn signed_leaf(names: &[&str], edit: impl FnOnce(&mut CertificateParams)) -> Material {
    let (ca_params, ca_key) = ca();
    let ca_cert = ca_params.self_signed(&ca_key).expect("CA");
    let issuer = Issuer::new(ca_params, ca_key);
    let mut params = leaf(names);
    edit(&mut params);
    let key = KeyPair::generate().expect("leaf key");
    let cert = params.signed_by(&key, &issuer).expect("leaf");
    Material {
        chain: vec![cert.der().clone(), ca_cert.der().clone()],
        key: PrivatePkcs8KeyDer::from(key.serialize_der()).into(),
        trusted_ca_pem: ca_cert.pem(),
    }
}

/// A TLS server presenting `m`; every handshake is attempted (and fails
/// on the client's side).
async fn tls_server(m: &Material) -> (SocketAddr, JoinHandle<()>) {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(m.chain.clone(), m.key.clone_key())
        .expect("server certificate");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let task = tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            // The client refuses the certificate: the handshake ends in an
            // error here, which is the point.
            let _ = acceptor.accept(tcp).await;
        }
    });
    (addr, task)
}

/// A plaintext IMAP server (what port 143 is), greeting at once.
async fn plaintext_server() -> (SocketAddr, JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let task = tokio::spawn(async move {
        while let Ok((mut tcp, _)) = listener.accept().await {
            let _ = tcp
                .write_all(b"* OK [CAPABILITY IMAP4rev1] Dovecot ready.\r\n")
                .await;
        }
    });
    (addr, task)
}

/// Diagnoses with IMAP set to `HOST:PORT` (SSL), reaching `addr`, with
/// the doctor trusting `extra_ca` besides the mock's CA; SMTP is the
/// healthy mock.
async fn diagnose(addr: SocketAddr, extra_ca: &str) -> mail_doctor::Report {
    let mock = MockGmail::builder()
        .mode("healthy")
        .start()
        .await
        .expect("mock");
    let mut cfg = config(&mock, WORKSPACE_EMAIL, WORKSPACE_PASSWORD);
    cfg.imap = ep(HOST, PORT, Security::Ssl);
    cfg.ca_pem = Some(format!("{}\n{extra_ca}", mock.ca_pem()));
    cfg.network.connect_to.insert(
        0,
        ConnectTo {
            host: HOST.into(),
            port: Some(PORT),
            addr,
        },
    );
    let report = mail_doctor::diagnose(&cfg).await.expect("diagnose");
    mock.shutdown().await;
    report
}

/// Runs the doctor against a server and stops the server.
async fn against(server: (SocketAddr, JoinHandle<()>), extra_ca: &str) -> mail_doctor::Report {
    let (addr, task) = server;
    let report = diagnose(addr, extra_ca).await;
    task.abort();
    let _ = task.await;
    report
}

/// A refused certificate: the certificate finding, and no word of a
/// plaintext port anywhere in the report.
fn assert_certificate_finding(r: &mail_doctor::Report, id: R, rule: &str, evidence: &str) {
    assert_eq!(
        (r.remediation, r.rule.as_str()),
        (id, rule),
        "{:#?}",
        r.probes
    );
    assert_ne!(r.facts.settings, Some(SettingsIssue::PlaintextPort));
    assert!(
        r.evidence_text(mail_doctor::Lang::En)
            .iter()
            .any(|e| e.contains(evidence)),
        "{:?}",
        r.evidence
    );
    let words = text::render(r, Lang::En, false);
    assert!(!words.contains("does not begin encrypted"), "{words}");
    assert!(!words.contains("plaintext"), "{words}");
}

#[tokio::test]
async fn a_ca_certificate_used_as_the_servers_is_named_not_called_plaintext() {
    let m = ca_as_server();
    let r = against(tls_server(&m).await, &m.trusted_ca_pem).await;
    assert_certificate_finding(
        &r,
        R::CheckTlsInterception,
        "tls.ca-used-as-end-entity",
        "CaUsedAsEndEntity",
    );
    assert!(text::render(&r, Lang::En, false).contains("CA certificate as its own"));
}

#[tokio::test]
async fn an_expired_certificate_is_named() {
    let m = signed_leaf(&[HOST], |p| {
        p.not_before = rcgen::date_time_ymd(2019, 1, 1);
        p.not_after = rcgen::date_time_ymd(2020, 1, 1);
    });
    let r = against(tls_server(&m).await, &m.trusted_ca_pem).await;
    assert_certificate_finding(&r, R::CheckTlsInterception, "tls.expired", "expired");
}

#[tokio::test]
async fn a_certificate_for_another_name_points_at_the_host_setting() {
    let m = signed_leaf(&["other.example.test"], |_| {});
    let r = against(tls_server(&m).await, &m.trusted_ca_pem).await;
    // The typed host is not Gmail's: the host setting is the suspect, and
    // the evidence names what the certificate is for.
    assert_certificate_finding(
        &r,
        R::FixConnectionSettings,
        "tls.name-mismatch.host",
        "other.example.test",
    );
    assert_eq!(r.facts.settings, Some(SettingsIssue::WrongHostCertificate));
}

#[tokio::test]
async fn a_ca_not_given_is_an_untrusted_issuer() {
    let m = signed_leaf(&[HOST], |_| {});
    // The doctor is not given this CA (no `--ca-file` for it).
    let r = against(tls_server(&m).await, "").await;
    assert_certificate_finding(
        &r,
        R::CheckTlsInterception,
        "tls.unknown-issuer",
        "does not trust",
    );
    assert!(text::render(&r, Lang::En, false).contains("--ca-file"));
}

#[tokio::test]
async fn a_plaintext_server_on_a_port_chosen_as_ssl_is_not_tls() {
    let r = against(plaintext_server().await, "").await;
    assert_eq!(
        (r.remediation, r.rule.as_str()),
        (R::FixConnectionSettings, "tls.plaintext-port"),
        "{:#?}",
        r.probes
    );
    assert_eq!(r.facts.settings, Some(SettingsIssue::PlaintextPort));
    assert!(text::render(&r, Lang::En, false).contains("does not begin encrypted"));
}
