//! What the customer typed into the CRM, and how the doctor should run.
//!
//! Two kinds of input meet here, and they are kept apart on purpose:
//!
//! - **What the customer typed** — the address, the secret, the IMAP and SMTP
//!   [`Endpoint`]s, the remediations already tried. The classifier reasons
//!   with these *as typed*: "port 993 with STARTTLS" is a finding only if the
//!   doctor still believes port 993 was asked for.
//! - **How the doctor runs** — the [`Network`] mapping, the CA to trust, the
//!   timeout, the date to reason with, whether to send a test message and
//!   run the library check. None of these change what the report says about
//!   the settings; they change only where the bytes go and how long to wait.
//!
//! # The mapping
//!
//! A test cannot make `imap.gmail.com` resolve to a mock without touching the
//! machine's DNS, and a scenario must not depend on the network at all. So a
//! [`ConnectTo`] rule says "when the customer's `imap.gmail.com:993` is
//! dialled, connect to this local address instead", like curl's
//! `--connect-to`: the TLS name, the transcript and every sentence of the
//! report still say `imap.gmail.com:993`. [`Network::local_gmail`] builds
//! the complete hermetic world the scenarios use, including the refusing
//! ports and the non-existent hosts, so a customer's typo behaves as it
//! would against the real Gmail.
//!
//! # The date
//!
//! Google removed settings over the years (less secure apps, the user's own
//! IMAP switch) and renamed the product (G Suite → Google Workspace). The
//! advice depends on which of them existed, so the date reasoned with is
//! part of the configuration: today by default, any past day for a
//! recorded transcript (`--as-of`).
//!
//! # Secrets
//!
//! The secret is held as a [`Secret`], whose `Debug` prints `[REDACTED]`;
//! it is exposed only where bytes are written to a server and where the
//! library check must hand it to a library. Nothing in this module prints
//! it.

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

/// The Workspace SMTP relay service's host (Admin console › Apps › Google
/// Workspace › Gmail › Routing › SMTP relay service). CRMs that send for a
/// whole domain use it instead of smtp.gmail.com; it takes ports 25, 465
/// and 587, and SMTP AUTH is optional there (the admin decides).
pub const SMTP_RELAY_HOST: &str = "smtp-relay.gmail.com";

/// Checks that `s` is a plain mail address (`local@domain.tld`), as a CRM's
/// sender field holds it: no display name, no angle brackets, no spaces,
/// one `@`, a dotted domain. The error says what is wrong, so the CLI and
/// scenario files can report it next to the field that held it.
///
/// Deliberately narrower than RFC 5322 (no quoted local parts, no
/// comments): the address goes verbatim into `MAIL FROM:<…>` and the
/// test message's `From:` header, where anything fancier would change what
/// is being tested.
pub fn check_address(s: &str) -> Result<(), String> {
    let Some((local, domain)) = s.split_once('@') else {
        return Err(format!("{s:?} is not a mail address (no @)"));
    };
    if local.is_empty() {
        return Err(format!("{s:?} has nothing before the @"));
    }
    if domain.contains('@') {
        return Err(format!("{s:?} has more than one @"));
    }
    if s.chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | ',' | ';'))
    {
        return Err(format!(
            "{s:?} contains spaces, quotes, angle brackets or separators (give the bare address)"
        ));
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 || labels.iter().any(|l| l.is_empty()) {
        return Err(format!(
            "{s:?} has no valid domain after the @ (expected e.g. name@example.com)"
        ));
    }
    Ok(())
}

/// How a connection is protected.
///
/// Three modes, as every CRM's settings screen has them; "TLS" and "SSL"
/// are the same mode (encryption from the first byte), which is why the
/// parser accepts both words.
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
///
/// Compared case-insensitively by host where it matters (Gmail's settings,
/// the mapping), since customers type `IMAP.Gmail.com` too.
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
    ///
    /// For SMTP the relay service counts too: smtp-relay.gmail.com on 587 or
    /// 25 with STARTTLS, or 465 with SSL, as Google documents it, so a CRM
    /// sending through the relay is not told to fix its settings.
    pub fn is_gmail_setting(&self, protocol: crate::Protocol) -> bool {
        match protocol {
            crate::Protocol::Imap => {
                self.host.eq_ignore_ascii_case(google::IMAP_HOST)
                    && self.port == google::IMAP_PORT
                    && self.security == Security::Ssl
            }
            crate::Protocol::Smtp if self.is_smtp_relay() => {
                (self.port == google::SMTP_PORT_SSL && self.security == Security::Ssl)
                    || (matches!(self.port, google::SMTP_PORT_STARTTLS | 25)
                        && self.security == Security::Starttls)
            }
            crate::Protocol::Smtp => {
                self.host.eq_ignore_ascii_case(google::SMTP_HOST)
                    && ((self.port == google::SMTP_PORT_SSL && self.security == Security::Ssl)
                        || (self.port == google::SMTP_PORT_STARTTLS
                            && self.security == Security::Starttls))
            }
        }
    }

    /// Whether the host is the Workspace SMTP relay service.
    pub fn is_smtp_relay(&self) -> bool {
        self.host.eq_ignore_ascii_case(SMTP_RELAY_HOST)
    }
}

/// `host:port (SECURITY)`, as the report quotes typed settings.
impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{} ({})", self.host, self.port, self.security)
    }
}

/// The secret the customer typed.
///
/// The kind of secret changes the diagnosis: the same "Invalid
/// credentials" means something else for an app password (mistyped or
/// revoked) than for the account password (possibly a blocked "less secure
/// app"), and a token is sent with XOAUTH2 instead of LOGIN/PLAIN.
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
///
/// A rule without a port matches every port of the host, which is how the
/// hermetic world makes the other ports of Gmail's hosts refuse.
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
///
/// The default (no mapping, online) is the real network: the doctor as a
/// customer runs it.
#[derive(Debug, Clone, Default)]
pub struct Network {
    /// Mapped host:port pairs, first match wins.
    pub connect_to: Vec<ConnectTo>,
    /// Treat every unmapped host as non-existent (hermetic tests).
    pub offline: bool,
}

/// Local servers standing in for Gmail (a mock), for [`Network::local_gmail`].
///
/// Six addresses are enough for every setting a customer can type at
/// Gmail's hosts: the two TLS ports, the two STARTTLS ports (587 and 25
/// share one listener), the SMTP relay service (587 and 25, STARTTLS) and
/// one refusing port for everything else.
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
    /// Serves smtp-relay.gmail.com:587 and :25 (the Workspace SMTP relay
    /// service, STARTTLS). Its port 465 refuses: the mock's relay has only
    /// a STARTTLS listener.
    pub smtp_relay: SocketAddr,
    /// A port that refuses connections: every other port of Google's hosts.
    pub closed: SocketAddr,
}

/// Hermetic worlds are built here rather than in each caller so that the
/// scenario runner and any other tool standing in for Gmail share one
/// definition of "Gmail, locally", refusing ports and unknown hosts
/// included.
impl Network {
    /// A hermetic world where Gmail's host names lead to local servers:
    /// the customer's settings are used as typed (`imap.gmail.com:143` with
    /// SSL really reaches a STARTTLS listener), every other port of
    /// imap.gmail.com, smtp.gmail.com, smtp-relay.gmail.com and gmail.com
    /// refuses, and every other host does not exist.
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
                rule(
                    SMTP_RELAY_HOST,
                    Some(google::SMTP_PORT_STARTTLS),
                    l.smtp_relay,
                ),
                rule(SMTP_RELAY_HOST, Some(25), l.smtp_relay),
                rule(SMTP_RELAY_HOST, None, l.closed),
                rule("gmail.com", None, l.closed),
            ],
            offline: true,
        }
    }
}

/// Everything one diagnosis needs.
///
/// Built with [`Config::new`] (Gmail's real settings, today, a ten-second
/// timeout, library check on) and then adjusted field by field; the CLI
/// and the scenario runner fill it from their own inputs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The address (also the user name).
    pub email: String,
    /// The address the CRM sends as (`--from`); `None` sends as the login.
    /// Gmail treats the account's own address, the organisation's domains,
    /// verified "Send mail as" addresses and any other address
    /// differently (DESIGN.md "Sending"), so the envelope probe and the
    /// test message use exactly this address.
    pub from: Option<String>,
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
    /// The DNS server for the MX step and for address lookups
    /// (`--dns-server`); `None` uses the system resolver. The mapping in
    /// [`Config::network`] still comes first for the probes' connections
    /// (see `probe::conn::resolve`): a scenario's mapped Gmail hosts reach
    /// the mock whatever DNS says, while the MX step always asks DNS.
    pub dns_server: Option<SocketAddr>,
}

impl Config {
    /// A configuration with Gmail's real endpoints and today's date.
    pub fn new(email: impl Into<String>, credential: Credential) -> Self {
        Config {
            email: email.into(),
            from: None,
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
            dns_server: None,
        }
    }

    /// The address the probes send as: `from`, else the login.
    pub fn sender(&self) -> &str {
        self.from.as_deref().unwrap_or(&self.email)
    }

    /// Whether the CRM sends as an address other than the login (compared
    /// case-insensitively, as mail addresses are in practice): only then
    /// can Gmail's sender rules (send-as addresses, From rewriting) refuse
    /// or change what the CRM sends.
    pub fn sends_as_other(&self) -> bool {
        !self.sender().eq_ignore_ascii_case(&self.email)
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
    fn addresses_are_checked() {
        assert!(check_address("crm@firma.example").is_ok());
        for bad in [
            "crm",
            "@firma.example",
            "a@b@c.pl",
            "a@localhost",
            "a@.pl",
            "Anna <a@b.pl>",
            "a b@c.pl",
        ] {
            assert!(check_address(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sender_defaults_to_the_login() {
        let mut c = Config::new(
            "anna@firma.pl",
            Credential::Password(Secret::new("x".to_owned())),
        );
        assert_eq!(c.sender(), "anna@firma.pl");
        assert!(!c.sends_as_other());
        c.from = Some("Anna@Firma.pl".into());
        assert!(!c.sends_as_other());
        c.from = Some("sales@partner.example".into());
        assert_eq!(c.sender(), "sales@partner.example");
        assert!(c.sends_as_other());
    }

    #[test]
    fn relay_host_is_a_gmail_smtp_setting() {
        let ep = |host: &str, port, security| Endpoint {
            host: host.into(),
            port,
            security,
        };
        assert!(
            ep(SMTP_RELAY_HOST, 587, Security::Starttls).is_gmail_setting(crate::Protocol::Smtp)
        );
        assert!(ep(SMTP_RELAY_HOST, 25, Security::Starttls).is_gmail_setting(crate::Protocol::Smtp));
        assert!(!ep(SMTP_RELAY_HOST, 587, Security::Ssl).is_gmail_setting(crate::Protocol::Smtp));
        assert!(
            !ep("smtp.gmail.com", 25, Security::Starttls).is_gmail_setting(crate::Protocol::Smtp)
        );
    }

    #[test]
    fn app_password_shape() {
        let p = |s: &str| Credential::Password(Secret::new(s.to_owned()));
        assert!(p("abcd efgh ijkl mnop").looks_like_app_password());
        assert!(!p("Wiosna-2020").looks_like_app_password());
    }
}
