//! mock-gmail integration tests: real sockets, real TLS, real clients.
//!
//! - `imap_bytes`: byte-exact IMAP exchanges (C:/S:) per preset and flow.
//! - `smtp_bytes`: byte-exact SMTP exchanges.
//! - `real_clients`: the `imap` crate and `lettre`, as a CRM would use them.
//! - `policy_change`: fixing a setting while running; propagation delay.
//! - `side_by_side`: many mocks in one process.
//! - `secrets`: nothing secret reaches a transcript.

mod imap_bytes;
mod policy_change;
mod real_clients;
mod secrets;
mod side_by_side;
mod smtp_bytes;
mod support;
