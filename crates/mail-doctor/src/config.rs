//! What the customer typed into the CRM, and how the doctor should run.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use chrono::NaiveDate;
use gmail_wire::google;
use gmail_wire::Secret;
use serde::{Deserialize, Serialize};

use crate::remedy::RemediationId;

/// How a connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// TLS from the first byte (IMAP 993, SMTP 465). CRMs call it "SSL".
    Ssl,
    /// Plaintext, then STARTTLS (SMTP 587, IMAP 143).
    Starttls,
    /// No encryption at all.
    None,
}

/// Accepts the words CRMs and mail clients use for the three modes
/// ("SSL/TLS", "implicit", "plain", any case), so a customer's settings
/// can be typed as they appear on screen.
impl FromStr for Security {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "ssl" | "tls" | "ssl/tls" | "implicit" => Ok(Security::Ssl),
            "starttls" => Ok(Security::Starttls),
            "none" | "plain" | "plaintext" => Ok(Security::None),
            other => Err(format!(
                "unknown security {other:?} (expected ssl, starttls or none)"
            )),
        }
    }
}

/// The words the report uses (the CRM's own labels: "SSL", "STARTTLS").
impl fmt::Display for Security {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Security::Ssl => "SSL",
            Security::Starttls => "STARTTLS",
            Security::None => "none",
        })
    }
}

/// A server as the customer typed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoint {
    /// Host name (or address).
    pub host: String,
    /// Port.
    pub port: u16,
    /// Security mode.
    pub security: Security,
}

impl Endpoint {
    /// Gmail's IMAP settings: imap.gmail.com, 993, SSL.
    pub fn gmail_imap() -> Self {
        Endpoint {
            host: google::IMAP_HOST.into(),
            port: google::IMAP_PORT,
            security: Security::Ssl,
        }
    }

    /// Gmail's SMTP settings: smtp.gmail.com, 465, SSL.
    pub fn gmail_smtp() -> Self {
        Endpoint {
            host: google::SMTP_HOST.into(),
            port: google::SMTP_PORT_SSL,
            security: Security::Ssl,
        }
    }

    /// Whether these are settings Gmail accepts for the protocol.
    pub fn is_gmail_setting(&self, protocol: crate::Protocol) -> bool {
        let host = self.host.eq_ignore_ascii_case(match protocol {
            crate::Protocol::Imap => google::IMAP_HOST,
            crate::Protocol::Smtp => google::SMTP_HOST,
        });
        host && match protocol {
            crate::Protocol::Imap => {
                self.port == google::IMAP_PORT && self.security == Security::Ssl
            }
            crate::Protocol::Smtp => {
                (self.port == google::SMTP_PORT_SSL && self.security == Security::Ssl)
                    || (self.port == google::SMTP_PORT_STARTTLS
                        && self.security == Security::Starttls)
            }
        }
    }
}

/// `host:port (SECURITY)`, as the report quotes typed settings.
impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{} ({})", self.host, self.port, self.security)
    }
}

/// The secret the customer typed.
#[derive(Debug, Clone)]
pub enum Credential {
    /// A password (the account password or an app password).
    Password(Secret<String>),
    /// An OAuth 2.0 access token (XOAUTH2).
    OAuthToken(Secret<String>),
}

impl Credential {
    /// Whether the secret looks like a Google app password (16 letters,
    /// possibly in groups of four), which changes what a refusal means.
    pub fn looks_like_app_password(&self) -> bool {
        match self {
            Credential::Password(p) => {
                let letters: String = p.expose().chars().filter(|c| !c.is_whitespace()).collect();
                letters.len() == 16 && letters.chars().all(|c| c.is_ascii_lowercase())
            }
            Credential::OAuthToken(_) => false,
        }
    }

    /// Whether this is an OAuth token.
    pub fn is_oauth(&self) -> bool {
        matches!(self, Credential::OAuthToken(_))
    }
}

/// Where to connect when the customer's host and port are mapped (like
/// curl's `--connect-to`): the doctor reasons with the typed settings but
/// connects to `addr`. This is how tests and scenarios point
/// `imap.gmail.com:993` at a mock without changing what the report says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectTo {
    /// Host as typed (case-insensitive).
    pub host: String,
    /// Port as typed; `None` matches any port.
    pub port: Option<u16>,
    /// The real address to connect to.
    pub addr: SocketAddr,
}

impl FromStr for ConnectTo {
    type Err = String;

    /// `HOST:PORT:ADDR:PORT` (curl's form) or `HOST::ADDR:PORT` (any port).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut parts = s.splitn(3, ':');
        let (Some(host), Some(port), Some(addr)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(format!("expected HOST:PORT:ADDR:PORT, got {s:?}"));
        };
        if host.is_empty() {
            return Err(format!("missing host in {s:?}"));
        }
        let port = if port.is_empty() {
            None
        } else {
            Some(
                port.parse()
                    .map_err(|_| format!("bad port {port:?} in {s:?}"))?,
            )
        };
        let addr: SocketAddr = addr
            .parse()
            .map_err(|_| format!("bad target address {addr:?} in {s:?} (expected IP:PORT)"))?;
        Ok(ConnectTo {
            host: host.to_owned(),
            port,
            addr,
        })
    }
}

/// Name resolution and address mapping.
#[derive(Debug, Clone, Default)]
pub struct Network {
    /// Mapped host:port pairs, first match wins.
    pub connect_to: Vec<ConnectTo>,
    /// Treat every unmapped host as non-existent (hermetic tests).
    pub offline: bool,
}

/// Local servers standing in for Gmail (a mock), for [`Network::local_gmail`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalGmail {
    /// Serves imap.gmail.com:993 (IMAP over TLS).
    pub imaps: SocketAddr,
    /// Serves imap.gmail.com:143 (IMAP with STARTTLS).
    pub imap: SocketAddr,
    /// Serves smtp.gmail.com:465 (SMTP over TLS).
    pub smtps: SocketAddr,
    /// Serves smtp.gmail.com:587 and :25 (SMTP with STARTTLS).
    pub submission: SocketAddr,
    /// A port that refuses connections: every other port of Google's hosts.
    pub closed: SocketAddr,
}

impl Network {
    /// A hermetic world where Gmail's host names lead to local servers:
    /// the customer's settings are used as typed (`imap.gmail.com:143` with
    /// SSL really reaches a STARTTLS listener), every other port of
    /// imap.gmail.com, smtp.gmail.com and gmail.com refuses, and every
    /// other host does not exist.
    pub fn local_gmail(l: &LocalGmail) -> Network {
        let rule = |host: &str, port: Option<u16>, addr: SocketAddr| ConnectTo {
            host: host.to_owned(),
            port,
            addr,
        };
        Network {
            connect_to: vec![
                rule(google::IMAP_HOST, Some(google::IMAP_PORT), l.imaps),
                rule(google::IMAP_HOST, Some(143), l.imap),
                rule(google::IMAP_HOST, None, l.closed),
                rule(google::SMTP_HOST, Some(google::SMTP_PORT_SSL), l.smtps),
                rule(
                    google::SMTP_HOST,
                    Some(google::SMTP_PORT_STARTTLS),
                    l.submission,
                ),
                rule(google::SMTP_HOST, Some(25), l.submission),
                rule(google::SMTP_HOST, None, l.closed),
                rule("gmail.com", None, l.closed),
            ],
            offline: true,
        }
    }
}

/// Everything one diagnosis needs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The address (also the user name).
    pub email: String,
    /// The secret.
    pub credential: Credential,
    /// IMAP settings as typed.
    pub imap: Endpoint,
    /// SMTP settings as typed.
    pub smtp: Endpoint,
    /// Trust this CA (PEM) instead of the public web roots.
    pub ca_file: Option<PathBuf>,
    /// The CA as PEM text (alternative to `ca_file`, for library users).
    pub ca_pem: Option<String>,
    /// The date to reason with (which Google settings exist).
    pub as_of: NaiveDate,
    /// Per-step timeout (connect, handshake, each reply).
    pub timeout: Duration,
    /// Send a real message to the account itself and wait for it.
    pub send_test: bool,
    /// Also log in with the `imap` crate and lettre and compare.
    pub library_check: bool,
    /// Remediations the customer has already carried out.
    pub tried: Vec<RemediationId>,
    /// Address mapping.
    pub network: Network,
}

impl Config {
    /// A configuration with Gmail's real endpoints and today's date.
    pub fn new(email: impl Into<String>, credential: Credential) -> Self {
        Config {
            email: email.into(),
            credential,
            imap: Endpoint::gmail_imap(),
            smtp: Endpoint::gmail_smtp(),
            ca_file: None,
            ca_pem: None,
            as_of: chrono::Utc::now().date_naive(),
            timeout: Duration::from_secs(10),
            send_test: false,
            library_check: true,
            tried: Vec::new(),
            network: Network::default(),
        }
    }

    /// The kind of account the address belongs to.
    pub fn account_kind(&self) -> google::AccountKind {
        google::AccountKind::for_email(&self.email)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connect_to_forms() {
        let c: ConnectTo = "imap.gmail.com:993:127.0.0.1:4000".parse().unwrap();
        assert_eq!(c.port, Some(993));
        assert_eq!(c.addr.port(), 4000);
        let c: ConnectTo = "gmail.com::[::1]:9".parse().unwrap();
        assert_eq!(c.port, None);
        assert!("x:1:nope".parse::<ConnectTo>().is_err());
    }

    #[test]
    fn app_password_shape() {
        let p = |s: &str| Credential::Password(Secret::new(s.to_owned()));
        assert!(p("abcd efgh ijkl mnop").looks_like_app_password());
        assert!(!p("Wiosna-2020").looks_like_app_password());
    }
}
