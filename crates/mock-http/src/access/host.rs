//! Which `Host` values name this server.
//!
//! A DNS-rebinding page points its own name (`evil.example`) at 127.0.0.1
//! after the page has loaded; from then on the browser sends the page's
//! same-origin requests to the mock, with `Host: evil.example:8025`. The
//! address is ours, the name is not: so every request's `Host` must be
//! one of the names this server is known by — its loopback names, the
//! address the client connected to, and the names the user added (a
//! reverse proxy, a container name).
//!
//! An `Origin` or `Referer` is checked against the same set
//! ([`super::origin`]), so both checks agree on what "this server" is.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A host in a `Host` header or a URL: an IP literal or a name
/// (lower-cased, without a trailing dot).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Host {
    Ip(IpAddr),
    Name(String),
}

impl fmt::Display for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Host::Ip(IpAddr::V6(ip)) => write!(f, "[{ip}]"),
            Host::Ip(ip) => write!(f, "{ip}"),
            Host::Name(n) => f.write_str(n),
        }
    }
}

/// `host[:port]`, as in `Host` (RFC 9110 §7.2) and a URL's authority
/// without user info (RFC 3986 §3.2). `port` is `None` when absent, so
/// the caller applies the scheme's default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Authority {
    pub host: Host,
    pub port: Option<u16>,
}

impl Authority {
    /// Parses `host[:port]`; `None` for anything else (user info, a path,
    /// spaces, a bad port), which the caller refuses.
    pub(crate) fn parse(s: &str) -> Option<Authority> {
        let (host, port) = if let Some(rest) = s.strip_prefix('[') {
            let (inside, after) = rest.split_once(']')?;
            let ip: Ipv6Addr = inside.parse().ok()?;
            (Host::Ip(IpAddr::V6(ip)), after)
        } else {
            let end = s.find(':').unwrap_or(s.len());
            (host_name_or_v4(&s[..end])?, &s[end..])
        };
        let port = match port {
            "" | ":" => None,
            p => Some(parse_port(p.strip_prefix(':')?)?),
        };
        Some(Authority { host, port })
    }
}

impl fmt::Display for Authority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.port {
            Some(p) => write!(f, "{}:{p}", self.host),
            None => write!(f, "{}", self.host),
        }
    }
}

/// A port: 1 to 5 digits and nothing else (`u16::from_str` takes `+80`).
fn parse_port(p: &str) -> Option<u16> {
    if p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    p.parse().ok()
}

/// A dotted IPv4 address, else a DNS name (letters, digits, `-`, `_`,
/// dots), lower-cased with one trailing dot dropped.
fn host_name_or_v4(s: &str) -> Option<Host> {
    if let Ok(ip) = s.parse::<Ipv4Addr>() {
        return Some(Host::Ip(IpAddr::V4(ip)));
    }
    let name = s.strip_suffix('.').unwrap_or(s);
    let ok = !name.is_empty()
        && name.len() <= 253
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && !name.split('.').any(str::is_empty);
    ok.then(|| Host::Name(name.to_ascii_lowercase()))
}

/// A name the user allowed: any port unless the entry names one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HostRule {
    host: Host,
    port: Option<u16>,
}

impl HostRule {
    /// Parses a user's entry (`mock`, `mock.internal:8025`, `192.168.1.5`).
    pub(crate) fn parse(s: &str) -> Result<HostRule, &'static str> {
        let a = Authority::parse(s.trim()).ok_or(
            "not a host name, IP address or host:port (letters, digits, `-`, `.`; IPv6 in brackets)",
        )?;
        Ok(HostRule {
            host: a.host,
            port: a.port,
        })
    }
}

impl fmt::Display for HostRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.port {
            Some(p) => write!(f, "{}:{p}", self.host),
            None => write!(f, "{} (any port)", self.host),
        }
    }
}

/// Every name this server answers to.
#[derive(Debug, Clone)]
pub(crate) struct AllowedHosts {
    /// The listening port: loopback names and addresses must carry it.
    port: u16,
    /// The bound address when it is a specific one (not 0.0.0.0 or ::).
    bound: Option<IpAddr>,
    /// Names the user added.
    extra: Vec<HostRule>,
}

impl AllowedHosts {
    pub(crate) fn new(bound: std::net::SocketAddr, extra: Vec<HostRule>) -> AllowedHosts {
        let ip = bound.ip();
        AllowedHosts {
            port: bound.port(),
            bound: (!ip.is_unspecified()).then_some(ip),
            extra,
        }
    }

    /// Whether `a` names this server. `default_port` applies when `a` has
    /// none (80 for a `Host` header and `http://`, 443 for `https://`);
    /// `local` is the address the client connected to, when known, which
    /// covers a server bound to 0.0.0.0 reached by its IP address.
    pub(crate) fn allows(&self, a: &Authority, default_port: u16, local: Option<IpAddr>) -> bool {
        let port = a.port.unwrap_or(default_port);
        let own = port == self.port
            && match &a.host {
                Host::Name(n) => n == "localhost",
                Host::Ip(ip) => {
                    let ip = ip.to_canonical();
                    ip.is_loopback()
                        || Some(ip) == self.bound.map(|b| b.to_canonical())
                        || Some(ip) == local.map(|l| l.to_canonical())
                }
            };
        own || self
            .extra
            .iter()
            .any(|r| r.host == a.host && r.port.is_none_or(|p| p == port))
    }

    /// The allowed hosts in words, for a refusal.
    pub(crate) fn describe(&self) -> String {
        let p = self.port;
        let mut out = vec![
            format!("127.0.0.1:{p}"),
            format!("localhost:{p}"),
            format!("[::1]:{p}"),
        ];
        match self.bound {
            Some(ip) if !ip.is_loopback() => out.push(format!("{}:{p}", Host::Ip(ip))),
            None => out.push(format!("this machine's addresses:{p}")),
            _ => {}
        }
        out.extend(self.extra.iter().map(HostRule::to_string));
        out.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth(s: &str) -> Authority {
        Authority::parse(s).unwrap_or_else(|| panic!("{s:?} parses"))
    }

    fn hosts(bound: &str, extra: &[&str]) -> AllowedHosts {
        AllowedHosts::new(
            bound.parse().unwrap(),
            extra.iter().map(|e| HostRule::parse(e).unwrap()).collect(),
        )
    }

    #[test]
    fn authorities_parse_strictly() {
        assert_eq!(auth("LocalHost:8025").to_string(), "localhost:8025");
        assert_eq!(auth("[0:0:0:0:0:0:0:1]:80").to_string(), "[::1]:80");
        assert_eq!(auth("127.0.0.1").port, None);
        assert_eq!(auth("mock.internal.").to_string(), "mock.internal");
        for bad in [
            "",
            "a b",
            "user@host",
            "host/x",
            "host:+80",
            "host:70000",
            "::1",
            "[::1",
            "[::1]x",
            "a..b",
            "h:1:2",
        ] {
            assert!(Authority::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn loopback_names_need_the_servers_port() {
        let h = hosts("127.0.0.1:8025", &[]);
        for ok in [
            "127.0.0.1:8025",
            "localhost:8025",
            "[::1]:8025",
            "LOCALHOST:8025",
        ] {
            assert!(h.allows(&auth(ok), 80, None), "{ok}");
        }
        for no in [
            "localhost",
            "localhost:8026",
            "evil.example:8025",
            "10.0.0.1:8025",
        ] {
            assert!(!h.allows(&auth(no), 80, None), "{no}");
        }
    }

    #[test]
    fn the_connected_address_counts_when_bound_to_all() {
        let h = hosts("0.0.0.0:8025", &[]);
        let local = Some("192.168.1.5".parse().unwrap());
        assert!(h.allows(&auth("192.168.1.5:8025"), 80, local));
        assert!(!h.allows(&auth("192.168.1.6:8025"), 80, local));
        let h = hosts("192.168.1.5:8025", &[]);
        assert!(h.allows(&auth("192.168.1.5:8025"), 80, None));
    }

    #[test]
    fn added_names_match_any_port_unless_one_is_given() {
        let h = hosts("127.0.0.1:8025", &["mock", "proxy.example:443"]);
        assert!(h.allows(&auth("mock"), 80, None));
        assert!(h.allows(&auth("MOCK:9000"), 80, None));
        assert!(h.allows(&auth("proxy.example"), 443, None));
        assert!(!h.allows(&auth("proxy.example:8443"), 80, None));
        assert!(!h.allows(&auth("mock.evil.example"), 80, None));
        assert!(HostRule::parse("http://mock").is_err());
        assert!(h.describe().contains("mock (any port)"), "{}", h.describe());
    }
}
