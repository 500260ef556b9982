//! The first question of every diagnosis: is this mailbox at Google at
//! all? The login's domain's MX records answer it, looked up with
//! hickory-resolver — and the same resolver answers the probes' address
//! lookups when `--dns-server` names a server.
//!
//! # Why before the probes
//!
//! A `firma.pl` mailbox may be hosted by another provider (home.pl, OVH,
//! Microsoft 365). Then Gmail's settings cannot work whatever the password,
//! and walking the customer down Gmail's ladder (less secure apps, app
//! passwords) sends them to settings that do not exist for their mailbox.
//! The MX records say where the domain's mail goes; the classifier reads
//! them before any Gmail rung (`classify::mailbox`).
//!
//! # What the lookup can say
//!
//! The answer is recorded as data ([`MxFinding`]); this module does not
//! decide whether an exchanger is Google's — the classifier does. Four
//! answers are told apart because each leads elsewhere:
//!
//! - exchangers (the domain's mail goes there);
//! - NXDOMAIN: the domain does not exist — the address is mistyped;
//! - NODATA: the domain exists without MX records (RFC 5321 §5.1: mail then
//!   goes to the domain's own address, which is not Google's);
//! - no answer (timeout, SERVFAIL, no resolver configured): the DNS is
//!   broken, which says nothing about where the mailbox is — a note only,
//!   never a reason to stop the Gmail ladder.
//!
//! # Which resolver
//!
//! `Config::dns_server` names one server (the mock's, in scenarios); else
//! the system's configuration (`/etc/resolv.conf`), read fresh for each
//! diagnosis. A hermetic configuration (`Network::offline`) without a DNS
//! server skips the lookup rather than asking the machine's DNS, so tests
//! never depend on it.

use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use hickory_resolver::config::{NameServerConfig, ResolverConfig, ResolverOpts};
use hickory_resolver::name_server::TokioConnectionProvider;
use hickory_resolver::proto::op::ResponseCode;
use hickory_resolver::proto::xfer::Protocol as Transport;
use hickory_resolver::proto::ProtoErrorKind;
use hickory_resolver::{ResolveError, TokioResolver};
use serde::Serialize;

use crate::config::Config;

/// One mail exchanger as DNS gave it (the host with its root dot, as in
/// the zone: `aspmx.l.google.com.`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exchanger {
    /// Lower is tried first.
    pub preference: u16,
    /// The exchanger's host name.
    pub host: String,
}

/// Why the MX records could not be read: the DNS, not the domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "detail")]
pub enum MxProblem {
    /// No answer within the timeout.
    Timeout,
    /// The server answered with an error code (SERVFAIL, REFUSED, …), in
    /// DNS's own words.
    ServerFailure(String),
    /// Another resolver error, in its words.
    Failed(String),
    /// The system's resolver configuration could not be read.
    NoSystemConfig(String),
}

/// What the MX lookup found for the login's domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum MxFinding {
    /// The domain's mail exchangers, lowest preference first.
    Exchangers {
        /// The records.
        hosts: Vec<Exchanger>,
    },
    /// NXDOMAIN: the domain does not exist.
    NoSuchDomain,
    /// NODATA: the domain exists but has no MX record.
    NoExchangers,
    /// The lookup got no usable answer.
    Unknown {
        /// Why.
        problem: MxProblem,
    },
    /// Not looked up: a hermetic configuration without a DNS server.
    NotChecked,
}

/// The MX step's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MxCheck {
    /// The login's domain (lower case, no root dot).
    pub domain: String,
    /// What DNS said.
    pub finding: MxFinding,
    /// Wall time in milliseconds.
    pub elapsed_ms: u64,
}

/// The domain part of an address, lower case; empty when there is none.
pub fn domain_of(email: &str) -> String {
    email
        .rsplit_once('@')
        .map(|(_, d)| d.trim().trim_end_matches('.').to_ascii_lowercase())
        .unwrap_or_default()
}

/// Looks up the login's domain's MX records (see the module docs).
pub async fn check(cfg: &Config) -> MxCheck {
    let started = Instant::now();
    let domain = domain_of(&cfg.email);
    let finding = if cfg.dns_server.is_none() && cfg.network.offline {
        MxFinding::NotChecked
    } else {
        match resolver(cfg.dns_server, cfg.timeout) {
            Err(problem) => MxFinding::Unknown { problem },
            Ok(r) => lookup(&r, &domain, cfg.timeout).await,
        }
    };
    MxCheck {
        domain,
        finding,
        elapsed_ms: started.elapsed().as_millis() as u64,
    }
}

/// The MX question itself, bounded by `timeout` as a whole (the resolver's
/// own timeout is per attempt).
async fn lookup(r: &TokioResolver, domain: &str, timeout: Duration) -> MxFinding {
    let name = format!("{domain}.");
    match tokio::time::timeout(timeout, r.mx_lookup(name.as_str())).await {
        Err(_) => MxFinding::Unknown {
            problem: MxProblem::Timeout,
        },
        Ok(Ok(l)) => {
            let mut hosts: Vec<Exchanger> = l
                .iter()
                .map(|m| Exchanger {
                    preference: m.preference(),
                    host: m.exchange().to_ascii().to_ascii_lowercase(),
                })
                .collect();
            hosts.sort_by(|a, b| (a.preference, &a.host).cmp(&(b.preference, &b.host)));
            if hosts.is_empty() {
                MxFinding::NoExchangers
            } else {
                MxFinding::Exchangers { hosts }
            }
        }
        Ok(Err(e)) => match sort_error(&e) {
            Sorted::NxDomain => MxFinding::NoSuchDomain,
            Sorted::NoData => MxFinding::NoExchangers,
            Sorted::Problem(problem) => MxFinding::Unknown { problem },
        },
    }
}

/// A resolver error sorted into what the doctor tells apart.
pub(crate) enum Sorted {
    /// The name does not exist.
    NxDomain,
    /// The name exists without records of the type asked for.
    NoData,
    /// No usable answer.
    Problem(MxProblem),
}

/// Sorts a resolver error. hickory reports NXDOMAIN, NODATA *and* SERVFAIL
/// as "no records found"; only the response code tells them apart, and a
/// SERVFAIL must not be read as "the domain does not exist".
pub(crate) fn sort_error(e: &ResolveError) -> Sorted {
    let Some(proto) = e.proto() else {
        return Sorted::Problem(MxProblem::Failed(e.to_string()));
    };
    match proto.kind() {
        ProtoErrorKind::NoRecordsFound { response_code, .. } => match *response_code {
            ResponseCode::NXDomain => Sorted::NxDomain,
            ResponseCode::NoError => Sorted::NoData,
            code => Sorted::Problem(MxProblem::ServerFailure(code.to_string())),
        },
        ProtoErrorKind::Timeout => Sorted::Problem(MxProblem::Timeout),
        _ => Sorted::Problem(MxProblem::Failed(e.to_string())),
    }
}

/// A resolver: the one `dns_server` (UDP, with TCP for long answers), or
/// the system's configuration. Built per diagnosis, so a changed
/// `/etc/resolv.conf` or zone is seen by the next run.
pub(crate) fn resolver(
    dns_server: Option<SocketAddr>,
    timeout: Duration,
) -> Result<TokioResolver, MxProblem> {
    match dns_server {
        Some(addr) => {
            let mut cfg = ResolverConfig::new();
            cfg.add_name_server(NameServerConfig::new(addr, Transport::Udp));
            cfg.add_name_server(NameServerConfig::new(addr, Transport::Tcp));
            let mut opts = ResolverOpts::default();
            opts.timeout = timeout;
            // One server, asked directly: a retry would only double the
            // wait on a silent server.
            opts.attempts = 1;
            // A walk changes the zones between diagnoses; each diagnosis
            // builds its own resolver, but no answer should outlive it.
            opts.cache_size = 0;
            Ok(
                TokioResolver::builder_with_config(cfg, TokioConnectionProvider::default())
                    .with_options(opts)
                    .build(),
            )
        }
        None => {
            let mut b = TokioResolver::builder_tokio()
                .map_err(|e| MxProblem::NoSystemConfig(e.to_string()))?;
            b.options_mut().timeout = timeout;
            Ok(b.build())
        }
    }
}

/// Address lookup through the given DNS server (`--dns-server`), for the
/// probes; the error is sorted like the MX lookup's.
pub(crate) async fn addresses(
    dns_server: SocketAddr,
    host: &str,
    timeout: Duration,
) -> Result<Vec<IpAddr>, Sorted> {
    let r = resolver(Some(dns_server), timeout).map_err(Sorted::Problem)?;
    let name = format!("{}.", host.trim_end_matches('.'));
    match tokio::time::timeout(timeout, r.lookup_ip(name.as_str())).await {
        Err(_) => Err(Sorted::Problem(MxProblem::Timeout)),
        Ok(Ok(l)) => Ok(l.iter().collect()),
        Ok(Err(e)) => Err(sort_error(&e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_domain_is_the_part_after_the_last_at() {
        assert_eq!(domain_of("Anna@Firma.PL"), "firma.pl");
        assert_eq!(domain_of("a@b.example."), "b.example");
        assert_eq!(domain_of("nobody"), "");
    }
}
