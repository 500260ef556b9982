//! The Workspace SMTP relay service (smtp-relay.gmail.com), as the admin
//! configures it under Apps › Google Workspace › Gmail › Routing › SMTP
//! relay service, and the decision it makes for each message.
//!
//! Many CRMs send for a whole company through the relay rather than through
//! each user's smtp.gmail.com sign-in. The relay identifies the sender by
//! the connecting IP address (the admin's allowlist) or by SMTP AUTH, and
//! then checks the envelope sender against the allowed senders. Source of
//! the settings: support.google.com/a/answer/2956491; of the refusals:
//! support.google.com/a/answer/6140680 and the transcripts cited in
//! `responses::smtp`.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use super::sending::domain_of;

/// "Allowed senders".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RelaySenders {
    /// "Only registered Apps users in my domains": the sender must be an
    /// account of the organisation.
    RegisteredUsers,
    /// "Only addresses in my domains" (the default).
    #[default]
    DomainAddresses,
    /// "Any addresses (not recommended)".
    Any,
}

/// One SMTP relay setting of the Workspace. Google lets an admin add
/// several; the mock models the one that applies.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct SmtpRelay {
    /// A relay setting exists (without one, every message is "Mail relay
    /// denied").
    pub enabled: bool,
    /// "Allowed senders".
    pub allowed_senders: RelaySenders,
    /// "Only accept mail from the specified IP addresses".
    pub only_allowlisted_ips: bool,
    /// The IP addresses or ranges (`203.0.113.7`, `203.0.113.0/24`,
    /// `2001:db8::/32`) the admin listed.
    pub allowed_ips: Vec<String>,
    /// "Require SMTP Authentication".
    pub require_auth: bool,
    /// "Require TLS encryption".
    pub require_tls: bool,
}

impl Default for SmtpRelay {
    /// Google's state before an admin adds a relay setting: none.
    fn default() -> Self {
        SmtpRelay {
            enabled: false,
            allowed_senders: RelaySenders::DomainAddresses,
            only_allowlisted_ips: false,
            allowed_ips: Vec::new(),
            require_auth: false,
            require_tls: false,
        }
    }
}

/// Why the relay refuses a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelayDenial {
    /// TLS is required and the client did not start it.
    TlsRequired,
    /// No relay setting, or the client is neither on the allowlist nor
    /// authenticated ("Mail relay denied").
    NotRegistered,
    /// The admin requires SMTP AUTH and the client did not authenticate.
    AuthRequired,
    /// The sender is not one the setting allows.
    SenderNotAllowed,
}

/// What the relay knows about one message when it decides.
#[derive(Debug, Clone, Copy)]
pub struct RelayRequest<'a> {
    /// The connecting client's address.
    pub peer: Option<IpAddr>,
    /// TLS is active on the connection.
    pub tls: bool,
    /// The account that signed in with SMTP AUTH, if any.
    pub authenticated: Option<&'a str>,
    /// `MAIL FROM`.
    pub from: &'a str,
    /// The organisation's domains.
    pub domains: &'a [String],
    /// Whether `from` is an account of the organisation.
    pub from_is_user: bool,
}

/// Whether `ip` is within an allowlist entry (an address or a CIDR range).
/// Unparseable entries match nothing (the API refuses them on input).
pub fn ip_allowed(list: &[String], ip: IpAddr) -> bool {
    list.iter().any(|entry| match parse_range(entry) {
        Some((net, bits)) => in_range(ip, net, bits),
        None => false,
    })
}

/// Parses `addr` or `addr/bits`.
pub fn parse_range(entry: &str) -> Option<(IpAddr, u8)> {
    let entry = entry.trim();
    let (addr, bits) = match entry.split_once('/') {
        Some((a, b)) => (a, Some(b.parse::<u8>().ok()?)),
        None => (entry, None),
    };
    let addr: IpAddr = addr.parse().ok()?;
    let max = if addr.is_ipv4() { 32 } else { 128 };
    let bits = bits.unwrap_or(max);
    (bits <= max).then_some((addr, bits))
}

fn in_range(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            u128::from(a) & mask == u128::from(n) & mask
        }
        // An IPv4 client over an IPv6 socket arrives mapped.
        (IpAddr::V6(a), IpAddr::V4(_)) => a
            .to_ipv4_mapped()
            .is_some_and(|v4| in_range(IpAddr::V4(v4), net, bits)),
        _ => false,
    }
}

/// The relay's decision at `MAIL FROM`, first match wins: TLS, a relay
/// setting at all, the IP allowlist, SMTP AUTH, then the sender.
pub fn relay_decision(relay: &SmtpRelay, r: RelayRequest<'_>) -> Result<(), RelayDenial> {
    if relay.require_tls && !r.tls {
        return Err(RelayDenial::TlsRequired);
    }
    if !relay.enabled {
        return Err(RelayDenial::NotRegistered);
    }
    let listed = r.peer.is_some_and(|ip| ip_allowed(&relay.allowed_ips, ip));
    if relay.only_allowlisted_ips && !listed {
        return Err(RelayDenial::NotRegistered);
    }
    if relay.require_auth && r.authenticated.is_none() {
        return Err(RelayDenial::AuthRequired);
    }
    if !listed && r.authenticated.is_none() {
        return Err(RelayDenial::NotRegistered);
    }
    let in_domains = domain_of(r.from).is_some_and(|d| r.domains.contains(&d));
    let sender_ok = match relay.allowed_senders {
        RelaySenders::Any => !r.from.trim().is_empty(),
        RelaySenders::DomainAddresses => in_domains,
        RelaySenders::RegisteredUsers => in_domains && r.from_is_user,
    };
    if !sender_ok {
        return Err(RelayDenial::SenderNotAllowed);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req<'a>(domains: &'a [String]) -> RelayRequest<'a> {
        RelayRequest {
            peer: Some("127.0.0.1".parse().unwrap()),
            tls: true,
            authenticated: None,
            from: "crm@firma.pl",
            domains,
            from_is_user: false,
        }
    }

    #[test]
    fn ranges() {
        let l = vec![
            "10.0.0.0/8".to_owned(),
            "2001:db8::/32".into(),
            "bad".into(),
        ];
        assert!(ip_allowed(&l, "10.1.2.3".parse().unwrap()));
        assert!(!ip_allowed(&l, "11.1.2.3".parse().unwrap()));
        assert!(ip_allowed(&l, "2001:db8::1".parse().unwrap()));
        assert!(ip_allowed(&l, "::ffff:10.0.0.1".parse().unwrap()));
        assert!(ip_allowed(
            &["0.0.0.0/0".into()],
            "8.8.8.8".parse().unwrap()
        ));
        assert!(parse_range("10.0.0.0/33").is_none());
        assert!(parse_range("127.0.0.1").is_some());
    }

    #[test]
    fn first_match_order() {
        let d = vec!["firma.pl".to_owned()];
        let mut relay = SmtpRelay::default();
        assert_eq!(
            relay_decision(&relay, req(&d)),
            Err(RelayDenial::NotRegistered)
        );
        relay.require_tls = true;
        let plain = RelayRequest {
            tls: false,
            ..req(&d)
        };
        assert_eq!(relay_decision(&relay, plain), Err(RelayDenial::TlsRequired));
        relay.enabled = true;
        // Neither listed nor authenticated.
        assert_eq!(
            relay_decision(&relay, req(&d)),
            Err(RelayDenial::NotRegistered)
        );
        relay.allowed_ips = vec!["127.0.0.1".into()];
        assert_eq!(relay_decision(&relay, req(&d)), Ok(()));
        relay.require_auth = true;
        assert_eq!(
            relay_decision(&relay, req(&d)),
            Err(RelayDenial::AuthRequired)
        );
        let authed = RelayRequest {
            authenticated: Some("anna@firma.pl"),
            ..req(&d)
        };
        assert_eq!(relay_decision(&relay, authed), Ok(()));
        let outside = RelayRequest {
            from: "crm@inna.pl",
            ..authed
        };
        assert_eq!(
            relay_decision(&relay, outside),
            Err(RelayDenial::SenderNotAllowed)
        );
        relay.allowed_senders = RelaySenders::Any;
        assert_eq!(relay_decision(&relay, outside), Ok(()));
        relay.allowed_senders = RelaySenders::RegisteredUsers;
        assert_eq!(
            relay_decision(&relay, authed),
            Err(RelayDenial::SenderNotAllowed)
        );
        let user = RelayRequest {
            from_is_user: true,
            ..authed
        };
        assert_eq!(relay_decision(&relay, user), Ok(()));
        relay.only_allowlisted_ips = true;
        relay.allowed_ips = vec!["10.0.0.0/8".into()];
        assert_eq!(
            relay_decision(&relay, user),
            Err(RelayDenial::NotRegistered)
        );
    }
}
