//! mail-doctor integration tests, over real sockets and real TLS against
//! the mock (and a few hand-made misbehaving servers).
//!
//! - `presets`: every built-in preset gets its remediation.
//! - `faults`: injected server and network faults (close, stall, delay,
//!   BYE, bad certificates, plaintext on a TLS port).
//! - `network`: wrong ports, security modes, hosts, certificates, slowness.
//! - `certificates`: a test TLS server with bad certificates (a CA used
//!   as the server's, expired, another name, an untrusted CA) and a
//!   plaintext server on a port chosen as SSL.
//! - `classify_table`: Gmail's texts and variants → ids, without a network.
//! - `reports`: EN/PL text and JSON snapshots; no secret in any output.
//! - `mail_host`: the MX step against a real DNS server: a mailbox at
//!   Google, elsewhere, without MX, a domain that does not exist, a DNS
//!   that fails or stays silent; `--dns-server` for address lookups.
//! - `firewall`: a firewall dropping or refusing the mail ports, a
//!   resolver failing for Gmail's hosts.
//! - `sending`: send-as aliases, From rewriting, the daily limit and the
//!   SMTP relay service, before and after the fix.

mod certificates;
mod classify_table;
mod faults;
mod firewall;
mod mail_host;
mod network;
mod presets;
mod reports;
mod sending;
mod support;
