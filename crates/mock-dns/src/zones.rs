//! What the mock's DNS knows: where each domain's mail is hosted (its MX
//! records) and the addresses of the host names a CRM connects to — and
//! the answer to one question, as a pure function.
//!
//! Why a DNS of its own: whether a mailbox is at Google at all is decided
//! by the domain's MX records (a `firma.pl` mailbox may be hosted by
//! another provider, and then no Gmail setting can help). A scenario must
//! exercise the doctor's real lookup code without the Internet, so the
//! mock answers for its own domains and says NXDOMAIN for everything else.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use hickory_proto::op::ResponseCode;
use hickory_proto::rr::rdata::{A, AAAA, MX};
use hickory_proto::rr::{Name, RData, Record, RecordType};

/// Time to live of every answer: short, so a test that changes a zone
/// does not meet a cached answer for long.
const TTL: u32 = 60;

/// A domain's mail exchangers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mx {
    /// Hosted by Google: Google Workspace's published MX set
    /// (`aspmx.l.google.com` and its alternates), or for gmail.com and
    /// googlemail.com Gmail's own (`gmail-smtp-in.l.google.com`).
    Google,
    /// These exchangers, with their preferences (an empty list: the domain
    /// exists but has no MX record).
    Hosts(Vec<(u16, String)>),
}

impl Mx {
    /// One exchanger at preference 10 (a mailbox hosted elsewhere).
    pub fn elsewhere(host: impl Into<String>) -> Mx {
        Mx::Hosts(vec![(10, host.into())])
    }

    /// The records for `domain`.
    fn exchangers(&self, domain: &str) -> Vec<(u16, String)> {
        match self {
            Mx::Google if matches!(domain, "gmail.com" | "googlemail.com") => vec![
                (5, "gmail-smtp-in.l.google.com".into()),
                (10, "alt1.gmail-smtp-in.l.google.com".into()),
                (20, "alt2.gmail-smtp-in.l.google.com".into()),
                (30, "alt3.gmail-smtp-in.l.google.com".into()),
                (40, "alt4.gmail-smtp-in.l.google.com".into()),
            ],
            // support.google.com/a/answer/174125 (the classic set).
            Mx::Google => vec![
                (1, "aspmx.l.google.com".into()),
                (5, "alt1.aspmx.l.google.com".into()),
                (5, "alt2.aspmx.l.google.com".into()),
                (10, "alt3.aspmx.l.google.com".into()),
                (10, "alt4.aspmx.l.google.com".into()),
            ],
            Mx::Hosts(h) => h.clone(),
        }
    }
}

/// The zones the server answers for.
#[derive(Debug, Clone, Default)]
pub struct Zones {
    mail: BTreeMap<String, Mx>,
    hosts: BTreeMap<String, Vec<IpAddr>>,
    /// Names answered with SERVFAIL whatever else is known about them: a
    /// broken resolver on the customer's side, which the doctor must tell
    /// apart from a name that does not exist.
    failing: BTreeSet<String>,
}

/// The answer to one question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// NOERROR (with or without records), NXDOMAIN or SERVFAIL.
    pub code: ResponseCode,
    /// The answer section.
    pub records: Vec<Record>,
}

/// Lower case without the root dot, as names are compared.
fn key(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

impl Zones {
    /// No names at all: every question is NXDOMAIN.
    pub fn new() -> Zones {
        Zones::default()
    }

    /// Sets where `domain`'s mail is hosted.
    pub fn set_mail(&mut self, domain: &str, mx: Mx) -> &mut Self {
        self.mail.insert(key(domain), mx);
        self
    }

    /// Adds an address for a host name (A for IPv4, AAAA for IPv6).
    pub fn add_host(&mut self, name: &str, ip: IpAddr) -> &mut Self {
        let v = self.hosts.entry(key(name)).or_default();
        if !v.contains(&ip) {
            v.push(ip);
        }
        self
    }

    /// Forgets where `domain`'s mail is hosted (with no addresses either,
    /// the name is then NXDOMAIN).
    pub fn remove_mail(&mut self, domain: &str) -> &mut Self {
        self.mail.remove(&key(domain));
        self
    }

    /// Forgets a host name's addresses.
    pub fn remove_host(&mut self, name: &str) -> &mut Self {
        self.hosts.remove(&key(name));
        self
    }

    /// Answers every question about `name` with SERVFAIL.
    pub fn set_failing(&mut self, name: &str) -> &mut Self {
        self.failing.insert(key(name));
        self
    }

    /// Where `domain`'s mail is hosted, if the zones know the domain.
    pub fn mail(&self, domain: &str) -> Option<&Mx> {
        self.mail.get(&key(domain))
    }

    /// The addresses of a host name.
    pub fn addresses(&self, host: &str) -> &[IpAddr] {
        self.hosts.get(&key(host)).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The domains with mail settings, in order.
    pub fn domains(&self) -> impl Iterator<Item = (&str, &Mx)> {
        self.mail.iter().map(|(d, m)| (d.as_str(), m))
    }

    /// The answer to `name`/`rtype`: the records that exist; an empty
    /// NOERROR when the name exists with other types (NODATA); NXDOMAIN for
    /// a name the zones do not have.
    pub fn answer(&self, name: &Name, rtype: RecordType) -> Answer {
        let k = key(&name.to_ascii());
        if self.failing.contains(&k) {
            return Answer {
                code: ResponseCode::ServFail,
                records: Vec::new(),
            };
        }
        let mx = self.mail.get(&k);
        let ips = self.hosts.get(&k);
        if mx.is_none() && ips.is_none() {
            return Answer {
                code: ResponseCode::NXDomain,
                records: Vec::new(),
            };
        }
        let mut records = Vec::new();
        let record = |rdata: RData| Record::from_rdata(name.clone(), TTL, rdata);
        if matches!(rtype, RecordType::MX | RecordType::ANY) {
            for (pref, host) in mx.map(|m| m.exchangers(&k)).unwrap_or_default() {
                if let Ok(exchange) = Name::from_ascii(format!("{}.", key(&host))) {
                    records.push(record(RData::MX(MX::new(pref, exchange))));
                }
            }
        }
        for ip in ips.into_iter().flatten() {
            match (ip, rtype) {
                (IpAddr::V4(v4), RecordType::A | RecordType::ANY) => {
                    records.push(record(RData::A(A(*v4))))
                }
                (IpAddr::V6(v6), RecordType::AAAA | RecordType::ANY) => {
                    records.push(record(RData::AAAA(AAAA(*v6))))
                }
                _ => {}
            }
        }
        Answer {
            code: ResponseCode::NoError,
            records,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(s: &str) -> Name {
        Name::from_ascii(s).unwrap()
    }

    fn zones() -> Zones {
        let mut z = Zones::new();
        z.set_mail("Firma.example", Mx::Google)
            .set_mail("gmail.com", Mx::Google)
            .set_mail("sklep.example", Mx::elsewhere("mx.home.example"))
            .set_mail("bez-poczty.example", Mx::Hosts(Vec::new()))
            .add_host("imap.gmail.com", "127.0.0.1".parse().unwrap())
            .add_host("imap.gmail.com", "::1".parse().unwrap());
        z
    }

    fn mx(a: &Answer) -> Vec<String> {
        a.records
            .iter()
            .filter_map(|r| match r.data() {
                RData::MX(m) => Some(format!("{} {}", m.preference(), m.exchange())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn mail_exchangers_by_host() {
        let z = zones();
        let a = z.answer(&name("firma.EXAMPLE."), RecordType::MX);
        assert_eq!(a.code, ResponseCode::NoError);
        assert_eq!(mx(&a)[0], "1 aspmx.l.google.com.");
        assert_eq!(mx(&a).len(), 5);
        let a = z.answer(&name("gmail.com."), RecordType::MX);
        assert_eq!(mx(&a)[0], "5 gmail-smtp-in.l.google.com.");
        let a = z.answer(&name("sklep.example."), RecordType::MX);
        assert_eq!(mx(&a), ["10 mx.home.example."]);
    }

    #[test]
    fn nodata_and_nxdomain() {
        let z = zones();
        let a = z.answer(&name("bez-poczty.example."), RecordType::MX);
        assert_eq!((a.code, a.records.len()), (ResponseCode::NoError, 0));
        let a = z.answer(&name("firma.example."), RecordType::A);
        assert_eq!((a.code, a.records.len()), (ResponseCode::NoError, 0));
        let a = z.answer(&name("nie-ma.example."), RecordType::MX);
        assert_eq!((a.code, a.records.len()), (ResponseCode::NXDomain, 0));
    }

    #[test]
    fn failing_names_and_removed_ones() {
        let mut z = zones();
        z.set_failing("IMAP.gmail.com").remove_mail("sklep.example");
        let a = z.answer(&name("imap.gmail.com."), RecordType::A);
        assert_eq!((a.code, a.records.len()), (ResponseCode::ServFail, 0));
        let a = z.answer(&name("sklep.example."), RecordType::MX);
        assert_eq!(a.code, ResponseCode::NXDomain);
        z.remove_host("imap.gmail.com");
        // Still failing: the failure is about the resolver, not the name.
        let a = z.answer(&name("imap.gmail.com."), RecordType::A);
        assert_eq!(a.code, ResponseCode::ServFail);
    }

    #[test]
    fn host_addresses_by_family() {
        let z = zones();
        let a = z.answer(&name("imap.gmail.com."), RecordType::A);
        assert_eq!(a.records.len(), 1);
        let a = z.answer(&name("imap.gmail.com."), RecordType::AAAA);
        assert_eq!(a.records.len(), 1);
        let a = z.answer(&name("imap.gmail.com."), RecordType::MX);
        assert_eq!((a.code, a.records.len()), (ResponseCode::NoError, 0));
    }
}
