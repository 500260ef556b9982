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
    /// A local problem or a variant newer than this code, in rustls's
    /// words.
    Other(String),
}

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
fn bare_name(name: &str) -> String {
    ["DnsName(\"", "IpAddress(", "UniformResourceIdentifier(\""]
        .iter()
        .find_map(|prefix| name.strip_prefix(prefix))
        .map(|rest| rest.trim_end_matches(')').trim_end_matches('"'))
        .unwrap_or(name)
        .to_owned()
}

/// One technical line per finding, for probe details and evidence (the
/// report's prose is in `i18n`).
impl std::fmt::Display for TlsFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TlsFailure::NotTls => f.write_str("the server answered in plaintext, not TLS"),
            TlsFailure::Closed => {
                f.write_str("the server closed the connection during the handshake")
            }
            TlsFailure::UntrustedIssuer => {
                f.write_str("the certificate is signed by an issuer this machine does not trust")
            }
            TlsFailure::Expired => {
                f.write_str("the certificate has expired (or this machine's clock is wrong)")
            }
            TlsFailure::NotYetValid => {
                f.write_str("the certificate is not valid yet (or this machine's clock is wrong)")
            }
            TlsFailure::WrongName { presented } if presented.is_empty() => {
                f.write_str("the certificate is for another host name")
            }
            TlsFailure::WrongName { presented } => write!(
                f,
                "the certificate is for another host name (it names {})",
                presented.join(", ")
            ),
            TlsFailure::CaUsedAsEndEntity => f.write_str(
                "the server presents a CA certificate as its own (CaUsedAsEndEntity); it needs \
                 a server certificate signed by that CA",
            ),
            TlsFailure::Revoked => f.write_str("the certificate has been revoked"),
            TlsFailure::WrongPurpose => {
                f.write_str("the certificate is not meant for servers (no serverAuth usage)")
            }
            TlsFailure::NoCertificate => f.write_str("the server sent no certificate"),
            TlsFailure::Unusable(what) => write!(f, "the certificate cannot be used: {what}"),
            TlsFailure::Incompatible(what) => {
                write!(
                    f,
                    "no TLS version or cipher in common with the server: {what}"
                )
            }
            TlsFailure::HandshakeRefused(alert) => {
                write!(f, "the server refused the handshake (alert {alert})")
            }
            TlsFailure::Broken(what) => write!(f, "the server's TLS is broken: {what}"),
            TlsFailure::Other(e) => f.write_str(e),
        }
    }
}

/// The rustls client configuration: the public web roots, or only the CA
/// the user named (`--ca-file`): trusting a mock is always explicit.
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
    .map_err(|_| {
        NetFailure::Tls(TlsFailure::Other(format!(
            "{host:?} is not a valid server name"
        )))
    })?;
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

    fn other(e: impl std::error::Error + Send + Sync + 'static) -> OtherError {
        OtherError(Arc::new(e))
    }

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
        let cases: Vec<(C, TlsFailure)> = vec![
            (C::BadEncoding, TlsFailure::Unusable("BadEncoding".into())),
            (C::Expired, TlsFailure::Expired),
            (
                C::ExpiredContext {
                    time: time(2),
                    not_after: time(1),
                },
                TlsFailure::Expired,
            ),
            (C::NotValidYet, TlsFailure::NotYetValid),
            (
                C::NotValidYetContext {
                    time: time(1),
                    not_before: time(2),
                },
                TlsFailure::NotYetValid,
            ),
            (C::Revoked, TlsFailure::Revoked),
            (
                C::UnhandledCriticalExtension,
                TlsFailure::Unusable("UnhandledCriticalExtension".into()),
            ),
            (C::UnknownIssuer, TlsFailure::UntrustedIssuer),
            (C::UnknownRevocationStatus, TlsFailure::Revoked),
            (C::ExpiredRevocationList, TlsFailure::Revoked),
            (
                C::ExpiredRevocationListContext {
                    time: time(2),
                    next_update: time(1),
                },
                TlsFailure::Revoked,
            ),
            (C::BadSignature, TlsFailure::UntrustedIssuer),
            (
                C::UnsupportedSignatureAlgorithm,
                TlsFailure::Unusable("UnsupportedSignatureAlgorithm".into()),
            ),
            (
                C::NotValidForName,
                TlsFailure::WrongName {
                    presented: Vec::new(),
                },
            ),
            (
                C::NotValidForNameContext {
                    expected: name.to_owned(),
                    presented: vec![
                        "DnsName(\"localhost\")".into(),
                        "IpAddress(127.0.0.1)".into(),
                    ],
                },
                TlsFailure::WrongName {
                    presented: vec!["localhost".into(), "127.0.0.1".into()],
                },
            ),
            (C::InvalidPurpose, TlsFailure::WrongPurpose),
            (
                C::InvalidPurposeContext {
                    required: ExtendedKeyPurpose::ServerAuth,
                    presented: vec![ExtendedKeyPurpose::ClientAuth],
                },
                TlsFailure::WrongPurpose,
            ),
            (
                C::InvalidOcspResponse,
                TlsFailure::Unusable("InvalidOcspResponse".into()),
            ),
            (
                C::ApplicationVerificationFailure,
                TlsFailure::Unusable("ApplicationVerificationFailure".into()),
            ),
            // What a real Dovecot's self-signed test certificate gives.
            (
                C::Other(other(webpki::Error::CaUsedAsEndEntity)),
                TlsFailure::CaUsedAsEndEntity,
            ),
            (
                C::Other(other(webpki::Error::EndEntityUsedAsCa)),
                TlsFailure::Unusable("EndEntityUsedAsCa".into()),
            ),
            (
                C::Other(other(io::Error::other("custom verifier says no"))),
                TlsFailure::Unusable("custom verifier says no".into()),
            ),
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

    /// Every `rustls::Error` variant: only record-layer garbage means "not
    /// TLS"; certificate errors are certificate findings; the rest say the
    /// peer spoke TLS and the two sides did not agree.
    #[test]
    fn every_rustls_error_has_its_finding() {
        use rustls::Error as E;
        type Check = fn(&TlsFailure) -> bool;
        let cases: Vec<(E, Check)> = vec![
            (
                E::InappropriateMessage {
                    expect_types: vec![ContentType::Handshake],
                    got_type: ContentType::ApplicationData,
                },
                |f| matches!(f, TlsFailure::Broken(_)),
            ),
            (
                E::InappropriateHandshakeMessage {
                    expect_types: vec![HandshakeType::ServerHello],
                    got_type: HandshakeType::Finished,
                },
                |f| matches!(f, TlsFailure::Broken(_)),
            ),
            (
                E::InvalidEncryptedClientHello(EncryptedClientHelloError::InvalidConfigList),
                |f| matches!(f, TlsFailure::Broken(_)),
            ),
            (E::InvalidMessage(InvalidMessage::InvalidContentType), |f| {
                *f == TlsFailure::NotTls
            }),
            (
                E::InvalidMessage(InvalidMessage::UnknownProtocolVersion),
                |f| *f == TlsFailure::NotTls,
            ),
            (E::InvalidMessage(InvalidMessage::MessageTooLarge), |f| {
                *f == TlsFailure::NotTls
            }),
            (
                E::InvalidMessage(InvalidMessage::InvalidEmptyPayload),
                |f| *f == TlsFailure::NotTls,
            ),
            // A TLS record whose handshake content is malformed: TLS, badly.
            (E::InvalidMessage(InvalidMessage::MissingKeyExchange), |f| {
                matches!(f, TlsFailure::Broken(_))
            }),
            (E::NoCertificatesPresented, |f| {
                *f == TlsFailure::NoCertificate
            }),
            (E::UnsupportedNameType, |f| {
                matches!(f, TlsFailure::Other(_))
            }),
            (E::DecryptError, |f| matches!(f, TlsFailure::Broken(_))),
            (E::EncryptError, |f| matches!(f, TlsFailure::Other(_))),
            (
                E::PeerIncompatible(PeerIncompatible::NoCipherSuitesInCommon),
                |f| matches!(f, TlsFailure::Incompatible(_)),
            ),
            (
                E::PeerMisbehaved(PeerMisbehaved::BadCertChainExtensions),
                |f| matches!(f, TlsFailure::Broken(_)),
            ),
            (E::AlertReceived(AlertDescription::HandshakeFailure), |f| {
                *f == TlsFailure::HandshakeRefused("HandshakeFailure".into())
            }),
            (
                E::InvalidCertificate(CertificateError::UnknownIssuer),
                |f| *f == TlsFailure::UntrustedIssuer,
            ),
            (
                E::InvalidCertRevocationList(CertRevocationListError::BadSignature),
                |f| *f == TlsFailure::Revoked,
            ),
            (E::General("boom".into()), |f| {
                matches!(f, TlsFailure::Other(_))
            }),
            (E::FailedToGetCurrentTime, |f| {
                matches!(f, TlsFailure::Other(_))
            }),
            (E::FailedToGetRandomBytes, |f| {
                matches!(f, TlsFailure::Other(_))
            }),
            (E::HandshakeNotComplete, |f| {
                matches!(f, TlsFailure::Other(_))
            }),
            (E::PeerSentOversizedRecord, |f| {
                matches!(f, TlsFailure::Broken(_))
            }),
            (E::NoApplicationProtocol, |f| {
                matches!(f, TlsFailure::Broken(_))
            }),
            (E::BadMaxFragmentSize, |f| {
                matches!(f, TlsFailure::Broken(_))
            }),
            (E::InconsistentKeys(InconsistentKeys::KeyMismatch), |f| {
                matches!(f, TlsFailure::Other(_))
            }),
            (E::Other(other(io::Error::other("provider"))), |f| {
                matches!(f, TlsFailure::Other(_))
            }),
        ];
        for (error, check) in &cases {
            let got = TlsFailure::from_rustls(error);
            assert!(check(&got), "{error:?} → {got:?}");
            assert_eq!(
                got == TlsFailure::NotTls,
                matches!(
                    error,
                    E::InvalidMessage(
                        InvalidMessage::InvalidContentType
                            | InvalidMessage::UnknownProtocolVersion
                            | InvalidMessage::MessageTooLarge
                            | InvalidMessage::InvalidEmptyPayload
                    )
                ),
                "only record-layer errors mean not TLS: {error:?}"
            );
        }
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
