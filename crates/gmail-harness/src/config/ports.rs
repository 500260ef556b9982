//! Which ports `serve` binds, and a clear message when it cannot.
//!
//! `--gmail-ports` (or `gmail_ports = true`) serves on Gmail's own ports,
//! 993/143/465/587, so a CRM whose server settings cannot name a port (or
//! a test that must use the real ones, with `imap.gmail.com` pointed at
//! this machine) works unchanged. Ports below 1024 need root or the
//! CAP_NET_BIND_SERVICE capability on Linux; without them the bind fails
//! with "permission denied", which alone does not say what to do.

use std::net::{IpAddr, Ipv4Addr};

use mock_gmail::Ports;

use crate::args::ServeArgs;

/// The address to bind (default 127.0.0.1: a mock with test passwords is
/// not for the network unless asked).
pub fn bind(args: &ServeArgs) -> IpAddr {
    args.bind.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST))
}

/// The listener ports: each flag, else Gmail's port with
/// `--gmail-ports`, else 0 (ephemeral).
pub fn ports(args: &ServeArgs) -> Ports {
    let base = if args.gmail_ports {
        Ports::GMAIL
    } else {
        Ports::EPHEMERAL
    };
    Ports {
        imaps: args.imaps_port.unwrap_or(base.imaps),
        imap: args.imap_port.unwrap_or(base.imap),
        smtps: args.smtps_port.unwrap_or(base.smtps),
        submission: args.submission_port.unwrap_or(base.submission),
        smtp_relay: args.smtp_relay_port.unwrap_or(base.smtp_relay),
    }
}

/// Turns a failed bind into advice: privileges for a low port, another
/// process for a port in use.
pub fn explain(e: mock_gmail::Error) -> anyhow::Error {
    let mock_gmail::Error::Bind {
        listener,
        addr,
        source,
    } = &e
    else {
        return e.into();
    };
    match source.kind() {
        std::io::ErrorKind::PermissionDenied if addr.port() < 1024 => {
            let exe = std::env::current_exe()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|_| "gmail-harness".into());
            anyhow::anyhow!(
                "cannot listen for {listener} on {addr}: ports below 1024 need root or the \
                 CAP_NET_BIND_SERVICE capability. Run as root, grant the capability once with \
                 `sudo setcap cap_net_bind_service=+ep {exe}`, or choose ports above 1023 \
                 (--imaps-port, --imap-port, --smtps-port, --submission-port, --smtp-relay-port, or [listen] in --config)"
            )
        }
        std::io::ErrorKind::AddrInUse => anyhow::anyhow!(
            "cannot listen for {listener} on {addr}: the port is in use (another gmail-harness \
             serve, or a mail server on this machine?); pick another port or 0 for an ephemeral one"
        ),
        _ => e.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bind_error(port: u16, kind: std::io::ErrorKind) -> mock_gmail::Error {
        mock_gmail::Error::Bind {
            listener: "imaps",
            addr: ([127, 0, 0, 1], port).into(),
            source: std::io::Error::from(kind),
        }
    }

    #[test]
    fn low_port_permission_error_says_what_to_do() {
        let m = explain(bind_error(993, std::io::ErrorKind::PermissionDenied)).to_string();
        assert!(
            m.contains("127.0.0.1:993")
                && m.contains("CAP_NET_BIND_SERVICE")
                && m.contains("setcap"),
            "{m}"
        );
        let m = explain(bind_error(3993, std::io::ErrorKind::AddrInUse)).to_string();
        assert!(m.contains("in use"), "{m}");
    }
}
