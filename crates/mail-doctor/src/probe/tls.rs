//! The TLS step: the client configuration, the handshake, and what a
//! failed handshake means — read from the typed `rustls::Error`, never
//! guessed from which port was typed.
//!
//! Why typed: a handshake can fail because the port is not TLS at all
//! (the customer chose SSL for a STARTTLS port), or because the server
//! spoke TLS and its certificate was refused. The two need opposite advice
//! — change the security setting, or look at the certificate — and only
//! the error itself tells them apart. A real Dovecot serving its
//! self-signed test certificate fails with `CaUsedAsEndEntity`: the port is
//! right, the certificate is what is wrong.
//!
//! [`TlsFailure::from_rustls`] maps every `rustls::Error` and
//! `rustls::CertificateError` variant to one finding. The enums are
//! `#[non_exhaustive]`, so each match lists every variant known today and
//! ends with one catch-all for variants a later rustls may add; those
//! become [`TlsFailure::Other`] with rustls's own words.
//!
//! | rustls says | finding | what it means for the customer |
//! |---|---|---|
//! | `InvalidMessage` at the record layer (content type, version, length) | [`TlsFailure::NotTls`] | the port begins in plaintext: SSL chosen for a STARTTLS port, or an impostor on Gmail's |
//! | `InvalidCertificate(UnknownIssuer \| BadSignature)` | [`TlsFailure::UntrustedIssuer`] | interception, or a test CA not given with `--ca-file` |
//! | `InvalidCertificate(Expired… \| NotValidYet…)` | [`TlsFailure::Expired`], [`TlsFailure::NotYetValid`] | usually the local clock |
//! | `InvalidCertificate(NotValidForName…)` | [`TlsFailure::WrongName`] | another server answered, or the host setting is wrong |
//! | `InvalidCertificate(Other(webpki CaUsedAsEndEntity))` | [`TlsFailure::CaUsedAsEndEntity`] | the server's own set-up: it needs a leaf certificate |
//! | revocation, purpose, encoding, algorithm errors; no certificate | [`TlsFailure::Revoked`], [`TlsFailure::WrongPurpose`], [`TlsFailure::Unusable`], [`TlsFailure::NoCertificate`] | the certificate itself is unusable |
//! | `AlertReceived`, `PeerIncompatible` | [`TlsFailure::HandshakeRefused`], [`TlsFailure::Incompatible`] | TLS spoken, no agreement (an old server, a picky proxy) |
//! | other handshake or message errors | [`TlsFailure::Broken`] | TLS spoken badly |
//! | local errors, future variants | [`TlsFailure::Other`] | rustls's words |
//!
//! # Trust
//!
//! The doctor trusts either the Mozilla roots or, with `--ca-file`, only the
//! given CA — never the machine's own store. That is deliberate: an
//! antivirus or a company proxy that intercepts TLS installs its root in
//! the machine's store, and a doctor that trusted it would report Gmail's
//! connection as healthy while the CRM (which may use its own store) fails,
//! or the reverse. With fixed roots the finding is the same on every
//! machine, and interception shows as an untrusted issuer.
//!
//! # Timeouts
//!
//! The handshake runs under the same per-step timeout as every other wait:
//! a server that accepts the TCP connection and ignores the ClientHello (a
//! plaintext server waiting for its client to speak) becomes
//! `NetFailure::TlsTimeout`, not a hang.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use rustls::{CertificateError, ClientConfig, RootCertStore};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName};
use serde::Serialize;
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

use super::conn::NetFailure;
use crate::config::Config;
use crate::error::Error;

/// What went wrong in a TLS handshake, in terms a customer's fix depends
/// on: the first two say the port did not do TLS, the certificate
/// findings say TLS worked and the certificate was refused (and why), the
/// rest say both sides spoke TLS but could not agree.
///
/// rustls's own names inside the payloads (an alert's name, an error
/// variant's Debug text) are kept as they are: they are what a technician
/// searches for, and they are quoted verbatim in every language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "problem", content = "detail")]
pub enum TlsFailure {
    /// The server's first bytes are not a TLS record (a wrong record type,
    /// version or length): it answered in plaintext, as a STARTTLS or
    /// plain port does (`* OK …`, `220 …`). The only finding that means
    /// "this port does not begin encrypted".
    NotTls,
    /// The server closed the connection during the handshake without a
    /// TLS alert.
    Closed,
    /// The certificate chain does not lead to a trusted CA, or a signature
    /// in it is invalid: interception by an antivirus or proxy, or a test
    /// server whose CA was not given with `--ca-file`.
    UntrustedIssuer,
    /// The certificate has expired (or this machine's clock is ahead).
    Expired,
    /// The certificate is not valid yet (or this machine's clock is
    /// behind).
    NotYetValid,
    /// The certificate is for other names than the host typed.
    WrongName {
        /// The names the certificate presents, when rustls reports them.
        presented: Vec<String>,
    },
    /// The server presents a CA certificate (`basicConstraints CA:TRUE`)
    /// as its own. Self-signed test certificates made as CAs (Dovecot's
    /// and many `openssl req -x509` recipes) fail like this even when the
    /// CA is trusted: the server needs a leaf certificate signed by it.
    CaUsedAsEndEntity,
    /// The certificate is revoked, or its revocation status is unknown or
    /// stale.
    Revoked,
    /// The certificate is not for TLS servers (its extended key usage
    /// lacks `serverAuth`).
    WrongPurpose,
    /// The server sent no certificate.
    NoCertificate,
    /// The certificate cannot be checked: malformed, an unknown critical
    /// extension, an unsupported signature algorithm, a leaf used as a CA.
    Unusable(String),
    /// Client and server share no TLS version, cipher suite or key
    /// exchange (an old server offering only TLS 1.0, say).
    Incompatible(String),
    /// The server refused the handshake with a TLS alert (its name).
    HandshakeRefused(String),
    /// The server speaks TLS, but not correctly (an unexpected or
    /// malformed handshake message, a failed decryption).
    Broken(String),
    /// The host typed cannot be a TLS server name (neither a DNS name nor
    /// an IP address), so no handshake was attempted.
    InvalidServerName(String),
    /// A local problem or a variant newer than this code, in rustls's
    /// words.
    Other(String),
}

/// The mapping functions are public so that a library user with a
/// `rustls::Error` of their own gets the same finding the doctor reports.
impl TlsFailure {
    /// Maps a rustls error to its finding.
    pub fn from_rustls(e: &rustls::Error) -> TlsFailure {
        use rustls::Error as E;
        use rustls::InvalidMessage as M;
        match e {
            // Record-layer errors: the first bytes are not a TLS record.
            E::InvalidMessage(
                M::InvalidContentType
                | M::UnknownProtocolVersion
                | M::MessageTooLarge
                | M::InvalidEmptyPayload,
            ) => TlsFailure::NotTls,
            // A TLS record carrying a malformed handshake message: the peer
            // speaks TLS, badly.
            E::InvalidMessage(m) => TlsFailure::Broken(format!("invalid message: {m:?}")),
            E::InvalidCertificate(c) => TlsFailure::from_certificate(c),
            E::NoCertificatesPresented => TlsFailure::NoCertificate,
            E::InvalidCertRevocationList(_) => TlsFailure::Revoked,
            E::PeerIncompatible(p) => TlsFailure::Incompatible(format!("{p:?}")),
            E::AlertReceived(alert) => TlsFailure::HandshakeRefused(format!("{alert:?}")),
            E::InappropriateMessage { .. }
            | E::InappropriateHandshakeMessage { .. }
            | E::InvalidEncryptedClientHello(_)
            | E::DecryptError
            | E::PeerMisbehaved(_)
            | E::PeerSentOversizedRecord
            | E::BadMaxFragmentSize
            | E::NoApplicationProtocol => TlsFailure::Broken(e.to_string()),
            E::UnsupportedNameType
            | E::EncryptError
            | E::General(_)
            | E::FailedToGetCurrentTime
            | E::FailedToGetRandomBytes
            | E::HandshakeNotComplete
            | E::InconsistentKeys(_)
            | E::Other(_) => TlsFailure::Other(e.to_string()),
            // `rustls::Error` is non-exhaustive: a future variant.
            _ => TlsFailure::Other(e.to_string()),
        }
    }

    /// Maps a refused certificate to what is wrong with it.
    pub fn from_certificate(c: &CertificateError) -> TlsFailure {
        use CertificateError as C;
        #[allow(deprecated)]
        match c {
            C::UnknownIssuer | C::BadSignature => TlsFailure::UntrustedIssuer,
            C::Expired | C::ExpiredContext { .. } => TlsFailure::Expired,
            C::NotValidYet | C::NotValidYetContext { .. } => TlsFailure::NotYetValid,
            C::NotValidForName => TlsFailure::WrongName {
                presented: Vec::new(),
            },
            C::NotValidForNameContext { presented, .. } => TlsFailure::WrongName {
                presented: presented.iter().map(|n| bare_name(n)).collect(),
            },
            C::Revoked
            | C::UnknownRevocationStatus
            | C::ExpiredRevocationList
            | C::ExpiredRevocationListContext { .. } => TlsFailure::Revoked,
            C::InvalidPurpose | C::InvalidPurposeContext { .. } => TlsFailure::WrongPurpose,
            C::BadEncoding
            | C::UnhandledCriticalExtension
            | C::UnsupportedSignatureAlgorithm
            | C::UnsupportedSignatureAlgorithmContext { .. }
            | C::UnsupportedSignatureAlgorithmForPublicKeyContext { .. }
            | C::InvalidOcspResponse
            | C::ApplicationVerificationFailure => TlsFailure::Unusable(format!("{c:?}")),
            // rustls passes webpki's errors it has no variant for (among
            // them `CaUsedAsEndEntity`) as `Other`, wrapping the typed
            // webpki error: downcast it rather than read its text.
            C::Other(other) => match other.0.downcast_ref::<webpki::Error>() {
                Some(webpki::Error::CaUsedAsEndEntity) => TlsFailure::CaUsedAsEndEntity,
                Some(w) => TlsFailure::Unusable(format!("{w:?}")),
                None => TlsFailure::Unusable(other.to_string()),
            },
            // `CertificateError` is non-exhaustive: a future variant.
            _ => TlsFailure::Unusable(format!("{c:?}")),
        }
    }

    /// Maps the I/O error tokio-rustls returns from a handshake: the
    /// rustls error inside it when there is one, else the way the socket
    /// ended.
    pub(crate) fn from_io(e: &io::Error) -> TlsFailure {
        if let Some(err) = e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
            return TlsFailure::from_rustls(err);
        }
        match e.kind() {
            io::ErrorKind::UnexpectedEof
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::BrokenPipe
            | io::ErrorKind::ConnectionAborted => TlsFailure::Closed,
            _ => TlsFailure::Other(e.to_string()),
        }
    }

    /// Whether the certificate was refused — TLS itself worked, so the
    /// port and the security mode are right.
    pub fn is_certificate(&self) -> bool {
        matches!(
            self,
            TlsFailure::UntrustedIssuer
                | TlsFailure::Expired
                | TlsFailure::NotYetValid
                | TlsFailure::WrongName { .. }
                | TlsFailure::CaUsedAsEndEntity
                | TlsFailure::Revoked
                | TlsFailure::WrongPurpose
                | TlsFailure::NoCertificate
                | TlsFailure::Unusable(_)
        )
    }
}

/// webpki reports a certificate's names as `DnsName("mail.example")` and
/// `IpAddress(127.0.0.1)`; the report quotes the bare name.
///
/// Only the three forms webpki produces are unwrapped; any other text is
/// kept whole, so an unexpected form is still shown rather than lost.
fn bare_name(name: &str) -> String {
    ["DnsName(\"", "IpAddress(", "UniformResourceIdentifier(\""]
        .iter()
        .find_map(|prefix| name.strip_prefix(prefix))
        .map(|rest| rest.trim_end_matches(')').trim_end_matches('"'))
        .unwrap_or(name)
        .to_owned()
}

/// The rustls client configuration: the public web roots, or only the CA
/// the user named (`--ca-file`): trusting a mock is always explicit.
///
/// Only that CA, not that CA *added to* the public roots: a test run must
/// not pass because a real certificate happened to be trusted, and a CA
/// file with no certificate in it is an error naming the file rather than
/// a silent fall-back to the web roots. The Mozilla roots (`webpki-roots`)
/// rather than the machine's store make a diagnosis repeatable across
/// machines; an intercepting antivirus that installed its own root on the
/// CRM's host is then seen as what it is.
///
/// Called once per diagnosis; the configuration is shared (an `Arc`) by
/// both probes and the library checks, so all of them trust the same roots.
pub fn client_config(cfg: &Config) -> Result<Arc<ClientConfig>, Error> {
    let mut roots = RootCertStore::empty();
    let pem = match (&cfg.ca_pem, &cfg.ca_file) {
        (Some(p), _) => Some(p.clone().into_bytes()),
        (None, Some(path)) => Some(std::fs::read(path).map_err(|source| Error::CaFile {
            path: path.display().to_string(),
            detail: source.to_string(),
        })?),
        (None, None) => None,
    };
    match pem {
        Some(pem) => {
            let label = cfg
                .ca_file
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "<ca_pem>".into());
            let mut n = 0;
            for cert in CertificateDer::pem_slice_iter(&pem) {
                let cert = cert.map_err(|e| Error::CaFile {
                    path: label.clone(),
                    detail: e.to_string(),
                })?;
                roots.add(cert).map_err(|e| Error::CaFile {
                    path: label.clone(),
                    detail: e.to_string(),
                })?;
                n += 1;
            }
            if n == 0 {
                return Err(Error::CaFile {
                    path: label,
                    detail: "no CERTIFICATE block found".into(),
                });
            }
        }
        None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
    }
    // An explicit provider: two providers in one build make the default
    // builder panic at run time (CRATES.md).
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Tls(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// Performs a TLS handshake, verifying the certificate for `host`; a
/// failure keeps rustls's typed reason as a [`TlsFailure`].
///
/// The server name is the host as *typed*, even under a mapping: the
/// certificate must be valid for the name the customer gave, which is
/// exactly what a CRM would check.
pub(crate) async fn handshake(
    tcp: TcpStream,
    host: &str,
    config: Arc<ClientConfig>,
    timeout: Duration,
) -> Result<TlsStream<TcpStream>, NetFailure> {
    let name = ServerName::try_from(
        host.trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned(),
    )
    .map_err(|_| NetFailure::Tls(TlsFailure::InvalidServerName(host.to_owned())))?;
    match tokio::time::timeout(timeout, TlsConnector::from(config).connect(name, tcp)).await {
        Err(_) => Err(NetFailure::TlsTimeout),
        Ok(Ok(s)) => Ok(s),
        Ok(Err(e)) => Err(NetFailure::Tls(TlsFailure::from_io(&e))),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use rustls::{
        AlertDescription, CertRevocationListError, ContentType, EncryptedClientHelloError,
        ExtendedKeyPurpose, HandshakeType, InconsistentKeys, InvalidMessage, OtherError,
        PeerIncompatible, PeerMisbehaved,
    };
    use rustls_pki_types::UnixTime;

    use super::*;

    /// Wraps an error as rustls wraps what it has no variant for.
    fn other(e: impl std::error::Error + Send + Sync + 'static) -> OtherError {
        OtherError(Arc::new(e))
    }

    /// A point in time for the `*Context` variants (the values do not
    /// matter to the mapping).
    fn time(secs: u64) -> UnixTime {
        UnixTime::since_unix_epoch(Duration::from_secs(secs))
    }

    /// Every `CertificateError` variant names what is wrong with the
    /// certificate; none of them says the port is not TLS.
    #[test]
    #[allow(deprecated)]
    fn every_certificate_error_names_the_certificate_defect() {
        use CertificateError as C;
        let name = ServerName::try_from("imap.example.org").expect("a valid name");
        let names = vec![
            "DnsName(\"localhost\")".into(),
            "IpAddress(127.0.0.1)".into(),
        ];
        let unusable = |what: &str| TlsFailure::Unusable(what.into());
        #[rustfmt::skip]
        let cases: Vec<(C, TlsFailure)> = vec![
            (C::BadEncoding, unusable("BadEncoding")),
            (C::Expired, TlsFailure::Expired),
            (C::ExpiredContext { time: time(2), not_after: time(1) }, TlsFailure::Expired),
            (C::NotValidYet, TlsFailure::NotYetValid),
            (C::NotValidYetContext { time: time(1), not_before: time(2) }, TlsFailure::NotYetValid),
            (C::Revoked, TlsFailure::Revoked),
            (C::UnhandledCriticalExtension, unusable("UnhandledCriticalExtension")),
            (C::UnknownIssuer, TlsFailure::UntrustedIssuer),
            (C::UnknownRevocationStatus, TlsFailure::Revoked),
            (C::ExpiredRevocationList, TlsFailure::Revoked),
            (C::ExpiredRevocationListContext { time: time(2), next_update: time(1) }, TlsFailure::Revoked),
            (C::BadSignature, TlsFailure::UntrustedIssuer),
            (C::UnsupportedSignatureAlgorithm, unusable("UnsupportedSignatureAlgorithm")),
            (C::NotValidForName, TlsFailure::WrongName { presented: Vec::new() }),
            // webpki's Debug names become bare names.
            (C::NotValidForNameContext { expected: name.to_owned(), presented: names },
             TlsFailure::WrongName { presented: vec!["localhost".into(), "127.0.0.1".into()] }),
            (C::InvalidPurpose, TlsFailure::WrongPurpose),
            (C::InvalidPurposeContext { required: ExtendedKeyPurpose::ServerAuth, presented: vec![ExtendedKeyPurpose::ClientAuth] }, TlsFailure::WrongPurpose),
            (C::InvalidOcspResponse, unusable("InvalidOcspResponse")),
            (C::ApplicationVerificationFailure, unusable("ApplicationVerificationFailure")),
            // What a real Dovecot's self-signed test certificate gives.
            (C::Other(other(webpki::Error::CaUsedAsEndEntity)), TlsFailure::CaUsedAsEndEntity),
            (C::Other(other(webpki::Error::EndEntityUsedAsCa)), unusable("EndEntityUsedAsCa")),
            (C::Other(other(io::Error::other("custom verifier says no"))), unusable("custom verifier says no")),
        ];
        for (error, want) in cases {
            let got = TlsFailure::from_rustls(&rustls::Error::InvalidCertificate(error.clone()));
            assert_eq!(got, want, "{error:?}");
            assert!(got.is_certificate(), "{error:?}");
        }
        // The two context-carrying variants whose payload is not
        // comparable by value are checked by kind.
        for error in [
            C::UnsupportedSignatureAlgorithmContext {
                signature_algorithm_id: vec![1, 2],
                supported_algorithms: Vec::new(),
            },
            C::UnsupportedSignatureAlgorithmForPublicKeyContext {
                signature_algorithm_id: vec![1, 2],
                public_key_algorithm_id: vec![3],
            },
        ] {
            let got = TlsFailure::from_certificate(&error);
            assert!(
                matches!(got, TlsFailure::Unusable(_)),
                "{error:?} → {got:?}"
            );
        }
    }

    /// The finding's kind, for tables that do not care about the text.
    fn kind(f: &TlsFailure) -> &'static str {
        match f {
            TlsFailure::NotTls => "not-tls",
            TlsFailure::Closed => "closed",
            TlsFailure::Incompatible(_) => "incompatible",
            TlsFailure::HandshakeRefused(_) => "refused",
            TlsFailure::Broken(_) => "broken",
            TlsFailure::Other(_) => "other",
            _ if f.is_certificate() => "certificate",
            _ => "unexpected",
        }
    }

    /// Every `rustls::Error` variant: only record-layer garbage means "not
    /// TLS"; certificate errors are certificate findings; a peer that
    /// speaks TLS badly is "broken"; local trouble is "other".
    #[test]
    fn every_rustls_error_has_its_finding() {
        use rustls::Error as E;
        use InvalidMessage as M;
        let hello = |got_type| E::InappropriateHandshakeMessage {
            expect_types: vec![HandshakeType::ServerHello],
            got_type,
        };
        #[rustfmt::skip]
        let cases: Vec<(E, &str)> = vec![
            (E::InappropriateMessage { expect_types: vec![ContentType::Handshake], got_type: ContentType::ApplicationData }, "broken"),
            (hello(HandshakeType::Finished), "broken"),
            (E::InvalidEncryptedClientHello(EncryptedClientHelloError::InvalidConfigList), "broken"),
            // The record layer: a plaintext greeting's first bytes.
            (E::InvalidMessage(M::InvalidContentType), "not-tls"),
            (E::InvalidMessage(M::UnknownProtocolVersion), "not-tls"),
            (E::InvalidMessage(M::MessageTooLarge), "not-tls"),
            (E::InvalidMessage(M::InvalidEmptyPayload), "not-tls"),
            // A TLS record whose handshake content is malformed: TLS, badly.
            (E::InvalidMessage(M::MissingKeyExchange), "broken"),
            (E::NoCertificatesPresented, "certificate"),
            (E::UnsupportedNameType, "other"),
            (E::DecryptError, "broken"),
            (E::EncryptError, "other"),
            (E::PeerIncompatible(PeerIncompatible::NoCipherSuitesInCommon), "incompatible"),
            (E::PeerMisbehaved(PeerMisbehaved::BadCertChainExtensions), "broken"),
            (E::AlertReceived(AlertDescription::HandshakeFailure), "refused"),
            (E::InvalidCertificate(CertificateError::UnknownIssuer), "certificate"),
            (E::InvalidCertRevocationList(CertRevocationListError::BadSignature), "certificate"),
            (E::General("boom".into()), "other"),
            (E::FailedToGetCurrentTime, "other"),
            (E::FailedToGetRandomBytes, "other"),
            (E::HandshakeNotComplete, "other"),
            (E::PeerSentOversizedRecord, "broken"),
            (E::NoApplicationProtocol, "broken"),
            (E::BadMaxFragmentSize, "broken"),
            (E::InconsistentKeys(InconsistentKeys::KeyMismatch), "other"),
            (E::Other(other(io::Error::other("provider"))), "other"),
        ];
        for (error, want) in &cases {
            assert_eq!(kind(&TlsFailure::from_rustls(error)), *want, "{error:?}");
        }
        assert_eq!(
            TlsFailure::from_rustls(&E::AlertReceived(AlertDescription::HandshakeFailure)),
            TlsFailure::HandshakeRefused("HandshakeFailure".into())
        );
    }

    /// The I/O wrapper tokio-rustls returns: the rustls error inside wins;
    /// a bare end of stream is a close.
    #[test]
    fn io_errors_unwrap_to_the_rustls_error() {
        let wrapped = io::Error::new(
            io::ErrorKind::InvalidData,
            rustls::Error::InvalidCertificate(CertificateError::Expired),
        );
        assert_eq!(TlsFailure::from_io(&wrapped), TlsFailure::Expired);
        let eof = io::Error::from(io::ErrorKind::UnexpectedEof);
        assert_eq!(TlsFailure::from_io(&eof), TlsFailure::Closed);
    }
}
