//! Certificates and the rustls server configuration.
//!
//! At start-up the mock generates (rcgen) a CA and a leaf certificate for
//! `localhost`, `127.0.0.1`, `::1`, `imap.gmail.com`, `smtp.gmail.com` and
//! `smtp-relay.gmail.com`;
//! clients trust the CA (`MockHandle::ca_pem`, `serve --ca-out`). Users who
//! install a CA once can load a fixed certificate and key from files.
//!
//! Configs are built with an explicit ring provider: two providers in one
//! dependency graph make rustls's process default panic (CRATES.md).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::Path;
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, SanType,
};
use rustls::ServerConfig;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

use crate::error::Error;

/// The generated CA's common name.
const CA_NAME: &str = "gmail-harness mock CA";

/// Names every generated leaf certificate covers.
pub const LEAF_NAMES: &[&str] = &[
    "localhost",
    "imap.gmail.com",
    "smtp.gmail.com",
    "smtp-relay.gmail.com",
];

/// A certificate chain, its key, and the PEM of the CA clients should trust.
pub struct TlsMaterial {
    ca_pem: String,
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
    /// The generated CA's certificate and key (PEM, in memory only), so
    /// fault variants can be signed by the same CA; `None` for loaded files.
    ca_keys: Option<Arc<(String, gmail_wire::Secret<String>)>>,
}

impl std::fmt::Debug for TlsMaterial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsMaterial")
            .field("chain_len", &self.chain.len())
            .field("generated_ca", &self.ca_keys.is_some())
            .finish_non_exhaustive()
    }
}

impl Clone for TlsMaterial {
    fn clone(&self) -> Self {
        TlsMaterial {
            ca_pem: self.ca_pem.clone(),
            chain: self.chain.clone(),
            key: self.key.clone_key(),
            ca_keys: self.ca_keys.clone(),
        }
    }
}

fn ca_params(common_name: &str) -> Result<CertificateParams, Error> {
    let mut p = CertificateParams::new(Vec::<String>::new())?;
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    p.distinguished_name.push(DnType::CommonName, common_name);
    p.distinguished_name
        .push(DnType::OrganizationName, "gmail-harness");
    Ok(p)
}

fn leaf_params(names: &[&str]) -> Result<CertificateParams, Error> {
    let mut p = CertificateParams::new(names.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>())?;
    p.subject_alt_names
        .push(SanType::IpAddress(IpAddr::V4(Ipv4Addr::LOCALHOST)));
    p.subject_alt_names
        .push(SanType::IpAddress(IpAddr::V6(Ipv6Addr::LOCALHOST)));
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    p.distinguished_name.push(
        DnType::CommonName,
        names.first().copied().unwrap_or("localhost"),
    );
    Ok(p)
}

impl TlsMaterial {
    /// Generates a fresh CA and leaf (ECDSA P-256; well under a millisecond).
    pub fn generate() -> Result<Self, Error> {
        Self::generate_for(LEAF_NAMES)
    }

    /// Like [`TlsMaterial::generate`] with other leaf DNS names (the IP
    /// SANs are always included).
    pub fn generate_for(names: &[&str]) -> Result<Self, Error> {
        Self::generate_with_ca(CA_NAME, names)
    }

    fn generate_with_ca(ca_name: &str, names: &[&str]) -> Result<Self, Error> {
        let ca_key = KeyPair::generate()?;
        let ca = ca_params(ca_name)?;
        let ca_cert = ca.self_signed(&ca_key)?;
        let issuer = Issuer::new(ca, ca_key);
        let leaf_key = KeyPair::generate()?;
        let leaf = leaf_params(names)?.signed_by(&leaf_key, &issuer)?;
        Ok(TlsMaterial {
            ca_pem: ca_cert.pem(),
            chain: vec![leaf.der().clone(), ca_cert.der().clone()],
            key: leaf_key_der(&leaf_key)?,
            ca_keys: Some(Arc::new((
                ca_cert.pem(),
                gmail_wire::Secret::new(issuer.key().serialize_pem()),
            ))),
        })
    }

    /// A deliberately bad certificate for fault injection, served instead
    /// of the good one; clients still trust only the original CA.
    pub fn variant(&self, fault: crate::model::faults::TlsFault) -> Result<TlsMaterial, Error> {
        use crate::model::faults::TlsFault;
        let signed = |params: CertificateParams| -> Result<TlsMaterial, Error> {
            let leaf_key = KeyPair::generate()?;
            let (leaf, ca_der) = match &self.ca_keys {
                Some(keys) => {
                    // The CA's parameters are deterministic (same name), so
                    // with its key they make the same issuer again.
                    let ca_key = KeyPair::from_pem(keys.1.expose())?;
                    let issuer = Issuer::new(ca_params(CA_NAME)?, ca_key);
                    (
                        params.signed_by(&leaf_key, &issuer)?,
                        self.chain.last().cloned(),
                    )
                }
                // Loaded certificates have no CA key here: self-sign.
                None => (params.self_signed(&leaf_key)?, None),
            };
            let mut chain = vec![leaf.der().clone()];
            chain.extend(ca_der);
            Ok(TlsMaterial {
                ca_pem: self.ca_pem.clone(),
                chain,
                key: leaf_key_der(&leaf_key)?,
                ca_keys: self.ca_keys.clone(),
            })
        };
        match fault {
            TlsFault::WrongName => signed(leaf_params(&["wrong-host.example"])?),
            TlsFault::Expired => {
                let mut p = leaf_params(LEAF_NAMES)?;
                p.not_before = rcgen::date_time_ymd(2019, 1, 1);
                p.not_after = rcgen::date_time_ymd(2020, 1, 1);
                signed(p)
            }
            TlsFault::UnknownCa => {
                // Another CA with another name, like an antivirus or a
                // proxy re-signing connections with its own root.
                let mut other =
                    TlsMaterial::generate_with_ca("Untrusted Interception CA", LEAF_NAMES)?;
                other.ca_keys = None;
                other.ca_pem = self.ca_pem.clone();
                Ok(other)
            }
        }
    }

    /// Loads a fixed certificate chain and key (PEM). `ca` is the PEM clients
    /// should trust; when `None`, the last certificate of the chain is used.
    pub fn from_pem_files(cert: &Path, key: &Path, ca: Option<&Path>) -> Result<Self, Error> {
        let read = |p: &Path| {
            std::fs::read(p).map_err(|source| Error::ReadFile {
                path: p.display().to_string(),
                source,
            })
        };
        let cert_pem = read(cert)?;
        let chain = CertificateDer::pem_slice_iter(&cert_pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| Error::Pem {
                path: cert.display().to_string(),
                detail: e.to_string(),
            })?;
        if chain.is_empty() {
            return Err(Error::Pem {
                path: cert.display().to_string(),
                detail: "no CERTIFICATE block".into(),
            });
        }
        let key_pem = read(key)?;
        let key_der = PrivateKeyDer::from_pem_slice(&key_pem).map_err(|e| Error::Pem {
            path: key.display().to_string(),
            detail: e.to_string(),
        })?;
        let ca_pem = match ca {
            Some(p) => String::from_utf8_lossy(&read(p)?).into_owned(),
            None => pem_of(chain.last().expect("non-empty")),
        };
        Ok(TlsMaterial {
            ca_pem,
            chain,
            key: key_der,
            ca_keys: None,
        })
    }

    /// The CA certificate clients should trust, as PEM.
    pub fn ca_pem(&self) -> &str {
        &self.ca_pem
    }

    /// A rustls server configuration serving this chain.
    ///
    /// The server picks the cipher suite (as Google's servers do), preferring
    /// AES-128-GCM with SHA-256: as secure for this purpose as AES-256 with
    /// SHA-384, and about 8 % cheaper per handshake here (SHA-384 has no
    /// hardware path in ring on this class of CPU; measured with perf).
    pub fn server_config(&self) -> Result<Arc<ServerConfig>, Error> {
        let mut provider = rustls::crypto::ring::default_provider();
        provider.cipher_suites.sort_by_key(|s| match s.suite() {
            rustls::CipherSuite::TLS13_AES_128_GCM_SHA256 => 0,
            rustls::CipherSuite::TLS13_CHACHA20_POLY1305_SHA256 => 1,
            rustls::CipherSuite::TLS13_AES_256_GCM_SHA384 => 2,
            _ => 3,
        });
        let mut cfg = ServerConfig::builder_with_provider(Arc::new(provider))
            .with_safe_default_protocol_versions()?
            .with_no_client_auth()
            .with_single_cert(self.chain.clone(), self.key.clone_key())?;
        cfg.ignore_client_order = true;
        Ok(Arc::new(cfg))
    }
}

fn leaf_key_der(key: &KeyPair) -> Result<PrivateKeyDer<'static>, Error> {
    PrivateKeyDer::try_from(key.serialize_der()).map_err(|e| Error::Pem {
        path: "<generated>".into(),
        detail: e.to_string(),
    })
}

fn pem_of(der: &CertificateDer<'_>) -> String {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD.encode(der.as_ref());
    let mut s = String::from("-----BEGIN CERTIFICATE-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        s.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        s.push('\n');
    }
    s.push_str("-----END CERTIFICATE-----\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generate_and_configure() {
        let m = TlsMaterial::generate().unwrap();
        assert!(m.ca_pem().starts_with("-----BEGIN CERTIFICATE-----"));
        m.server_config().unwrap();
    }

    #[test]
    fn load_from_files() {
        let m = TlsMaterial::generate().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let cert = dir.path().join("cert.pem");
        let key = dir.path().join("key.pem");
        let chain_pem: String = m.chain.iter().map(pem_of).collect();
        std::fs::write(&cert, chain_pem).unwrap();
        let key_pem = format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            base64::Engine::encode(
                &base64::engine::general_purpose::STANDARD,
                m.key.secret_der()
            )
        );
        std::fs::write(&key, key_pem).unwrap();
        let loaded = TlsMaterial::from_pem_files(&cert, &key, None).unwrap();
        assert_eq!(loaded.ca_pem(), m.ca_pem().replace("\r\n", "\n"));
        loaded.server_config().unwrap();
        let err = TlsMaterial::from_pem_files(&key, &key, None).unwrap_err();
        assert!(err.to_string().contains("key.pem"), "{err}");
    }
}
