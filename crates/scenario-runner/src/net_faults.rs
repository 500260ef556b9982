//! The network around the customer's CRM, as a scenario describes it:
//! where other domains' mail is (`[dns]`) and the faults between the CRM
//! and Gmail (`[network]`: a firewall that drops or refuses the mail
//! ports, a resolver that cannot resolve Gmail's hosts).
//!
//! Every fault is made real, not simulated in the doctor: a refused port
//! is a closed local port, a dropped one a listening socket whose accept
//! queue is full ([`crate::dropping_port`]), a DNS failure an answer of the
//! scenario's own DNS server (SERVFAIL or NXDOMAIN). The doctor meets
//! them through the same code it uses against the real Internet.
//!
//! ```toml
//! [dns]
//! mail = { "firma.example" = "mx.home.pl", "frima.example" = "nxdomain" }
//!
//! [network]
//! imap = "drop"     # or "refuse"; "open" is the default
//! smtp = "refuse"
//! dns = "fail"      # Gmail's hosts: SERVFAIL ("nxdomain": no such host)
//! ```

use std::collections::BTreeMap;
use std::net::SocketAddr;

use mail_doctor::{ConnectTo, Network};
use mock_dns::{Mx, Zones};
use serde::Deserialize;

/// `[dns]`: what DNS says about domains, beyond the mock's own (which are
/// at Google unless listed here).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DnsSpec {
    /// Domain → where its mail is.
    #[serde(default)]
    pub mail: BTreeMap<String, MailAt>,
}

/// Where a domain's mail is, as a scenario writes it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub enum MailAt {
    /// `"google"`: Google Workspace's published MX set.
    Google,
    /// `"nxdomain"`: the domain does not exist.
    NoSuchDomain,
    /// `"none"`: the domain exists without MX records (NODATA).
    NoMx,
    /// `"HOST"` or `"PREF HOST"`: one exchanger (preference 10 by default),
    /// e.g. `"mx.home.pl"` or `"1 smtp.google.com"` (Google's single-record
    /// MX since 2023).
    Host(u16, String),
}

/// Unknown words are errors that list the accepted forms, located by the
/// TOML parser at the value (file, line, field).
impl TryFrom<String> for MailAt {
    type Error = String;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        let words: Vec<&str> = s.split_whitespace().collect();
        let host_ok = |h: &str| {
            h.contains('.')
                && h.trim_end_matches('.').split('.').all(|l| {
                    !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                })
        };
        match words.as_slice() {
            ["google"] => Ok(MailAt::Google),
            ["nxdomain"] => Ok(MailAt::NoSuchDomain),
            ["none"] => Ok(MailAt::NoMx),
            [host] if host_ok(host) => Ok(MailAt::Host(10, (*host).to_owned())),
            [pref, host] if host_ok(host) => pref
                .parse()
                .map(|p| MailAt::Host(p, (*host).to_owned()))
                .map_err(|_| format!("{pref:?} in {s:?} is not an MX preference (0-65535)")),
            _ => Err(format!(
                "{s:?} is not a mail location; expected \"google\", \"nxdomain\", \"none\", a host name (\"mx.home.pl\") or \"PREFERENCE HOST\" (\"1 smtp.google.com\")"
            )),
        }
    }
}

/// A firewall's treatment of a Gmail host's ports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PortFault {
    /// Connections go through.
    #[default]
    Open,
    /// Silently dropped: the connection attempt gets no answer.
    Drop,
    /// Refused (a TCP reset or an ICMP "port unreachable").
    Refuse,
}

/// What the CRM machine's resolver does with Gmail's host names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GmailDns {
    /// They resolve.
    #[default]
    Works,
    /// SERVFAIL: the resolver is broken or blocks them.
    Fail,
    /// NXDOMAIN: the resolver says they do not exist (a filtering DNS).
    Nxdomain,
}

/// `[network]`: the faults between the CRM and Gmail.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkSpec {
    /// imap.gmail.com, every port.
    #[serde(default)]
    pub imap: PortFault,
    /// smtp.gmail.com, every port.
    #[serde(default)]
    pub smtp: PortFault,
    /// Gmail's host names in DNS.
    #[serde(default)]
    pub dns: GmailDns,
}

impl NetworkSpec {
    /// Whether anything is broken (the walk's `check-network` fixes it).
    pub fn is_faulty(&self) -> bool {
        *self != NetworkSpec::default()
    }

    /// Whether a port must be dropped, so the runner makes a dropping port.
    pub fn needs_dropping_port(&self) -> bool {
        self.imap == PortFault::Drop || self.smtp == PortFault::Drop
    }

    /// Applies the faults to the hermetic mapping.
    ///
    /// A blocked host gets a rule for every port ahead of the mock's, so
    /// whatever port the customer typed meets the firewall. A DNS fault
    /// removes Gmail's hosts from the mapping altogether: the doctor then
    /// asks the scenario's DNS server, which fails for them (see
    /// [`NetworkSpec::apply_to_zones`]) — the mapping would otherwise
    /// bypass DNS, as it does for every healthy scenario.
    pub fn apply_to_network(
        &self,
        net: &mut Network,
        refused: SocketAddr,
        dropped: Option<SocketAddr>,
    ) {
        if self.dns != GmailDns::Works {
            net.connect_to.retain(|r| {
                !crate::dns::GMAIL_HOSTS
                    .iter()
                    .any(|h| r.host.eq_ignore_ascii_case(h))
            });
        }
        for (host, fault) in [
            (gmail_wire::google::IMAP_HOST, self.imap),
            (gmail_wire::google::SMTP_HOST, self.smtp),
        ] {
            let addr = match fault {
                PortFault::Open => continue,
                PortFault::Refuse => refused,
                // Without a dropping port (it could not be made), refusing
                // would test something else; the runner reports that
                // instead of running.
                PortFault::Drop => match dropped {
                    Some(a) => a,
                    None => continue,
                },
            };
            net.connect_to.insert(
                0,
                ConnectTo {
                    host: host.to_owned(),
                    port: None,
                    addr,
                },
            );
        }
    }

    /// Applies the DNS fault to the zones: SERVFAIL or NXDOMAIN for
    /// Gmail's host names.
    pub fn apply_to_zones(&self, z: &mut Zones) {
        for h in crate::dns::GMAIL_HOSTS {
            match self.dns {
                GmailDns::Works => {}
                GmailDns::Fail => {
                    z.set_failing(h);
                }
                GmailDns::Nxdomain => {
                    z.remove_host(h);
                }
            }
        }
    }
}

impl DnsSpec {
    /// Applies the scenario's `[dns]` table to the mock's zones.
    pub fn apply_to_zones(&self, z: &mut Zones) {
        for (domain, at) in &self.mail {
            match at {
                MailAt::Google => {
                    z.set_mail(domain, Mx::Google);
                }
                MailAt::NoSuchDomain => {
                    z.remove_mail(domain);
                }
                MailAt::NoMx => {
                    z.set_mail(domain, Mx::Hosts(Vec::new()));
                }
                MailAt::Host(pref, host) => {
                    z.set_mail(domain, Mx::Hosts(vec![(*pref, host.clone())]));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_locations_parse_or_say_what_is_accepted() {
        let p = |s: &str| MailAt::try_from(s.to_owned());
        assert_eq!(p("google"), Ok(MailAt::Google));
        assert_eq!(p("nxdomain"), Ok(MailAt::NoSuchDomain));
        assert_eq!(p("none"), Ok(MailAt::NoMx));
        assert_eq!(p("mx.home.pl"), Ok(MailAt::Host(10, "mx.home.pl".into())));
        assert_eq!(
            p("1 smtp.google.com."),
            Ok(MailAt::Host(1, "smtp.google.com.".into()))
        );
        for bad in [
            "gogle",
            "",
            "mx home pl",
            "x 1 smtp.google.com",
            "mx_1.example",
        ] {
            assert!(p(bad).unwrap_err().contains("expected"), "{bad}");
        }
        assert!(p("99999 mx.home.pl").unwrap_err().contains("preference"));
    }

    #[test]
    fn faults_go_ahead_of_the_mock_and_dns_faults_unmap_gmail() {
        let any: SocketAddr = "127.0.0.1:1".parse().unwrap();
        let mut net = Network {
            connect_to: vec![ConnectTo {
                host: "imap.gmail.com".into(),
                port: Some(993),
                addr: any,
            }],
            offline: true,
        };
        let refused: SocketAddr = "127.0.0.1:2".parse().unwrap();
        let spec = NetworkSpec {
            smtp: PortFault::Refuse,
            ..NetworkSpec::default()
        };
        spec.apply_to_network(&mut net, refused, None);
        assert_eq!(net.connect_to[0].host, "smtp.gmail.com");
        assert_eq!(net.connect_to[0].addr, refused);
        let spec = NetworkSpec {
            dns: GmailDns::Fail,
            ..NetworkSpec::default()
        };
        spec.apply_to_network(&mut net, refused, None);
        assert!(net.connect_to.is_empty());
        assert!(spec.is_faulty() && !spec.needs_dropping_port());
    }
}
