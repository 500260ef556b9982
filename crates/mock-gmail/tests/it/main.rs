//! mock-gmail integration tests: real sockets, real TLS, real clients.
//!
//! - `fetch_corpus`: ENVELOPE / BODYSTRUCTURE snapshots of `tests/corpus`,
//!   checked with the `imap` crate; sections byte for byte.
//! - `imap_bytes`: byte-exact IMAP exchanges (C:/S:) per preset and flow.
//! - `smtp_bytes`: byte-exact SMTP exchanges.
//! - `fault_gate`: injected faults strike IMAP and SMTP at the same points.
//! - `smtp_phases`: the SMTP session's phase transitions (what each phase
//!   refuses; what EHLO, RSET and STARTTLS forget and keep).
//! - `real_clients`: the `imap` crate and `lettre`, as a CRM would use them.
//! - `policy_change`: fixing a setting while running; propagation delay.
//! - `sending`: who may be the sender, From rewriting, daily limits, the
//!   SMTP relay service.
//! - `side_by_side`: many mocks in one process.
//! - `secrets`: nothing secret reaches a transcript.
//! - `sessions_fuzz`: whole sessions fed arbitrary bytes (proptest twin of
//!   the cargo-fuzz session targets).
//! - `mailbox_labels`: Gmail's label semantics (folders, UIDs, X-GM-*).
//! - `label_views`: X-GM-LABELS seen from the selected folder (C:/S:
//!   transcripts of STORE, +/- X-GM-LABELS and FETCH).
//! - `mailbox_commands`: STORE, EXPUNGE, APPEND, folder admin, QUOTA.
//! - `mailbox_search`: SEARCH keys, CHARSET, X-GM-RAW.
//! - `mailbox_push`: IDLE pushes and latency, coalescing, EXPUNGE rules.
//! - `crm_sync`: a CRM's sync with the `imap` crate.
//! - `crm_sync_python`: the same sync with Python's `imaplib` and `smtplib`.
//! - `seeding`: the healthy preset's sample mailbox, `.eml`/mbox seeding.
//! - `oauth`: the authorization server: refresh, XOAUTH2 with issued
//!   tokens, expiry and every invalidation cause.
//! - `open_mode`: open-test mode (accounts created on first use).
//! - `reset`: `MockHandle::reset` between test cases.
//! - `retention`: bounded captures and transcripts, `clear_mailbox`.

mod crm_sync;
mod crm_sync_python;
mod fault_gate;
mod fetch_corpus;
mod imap_bytes;
mod label_views;
mod limits;
mod load;
mod mailbox_commands;
mod mailbox_labels;
mod mailbox_push;
mod mailbox_search;
mod oauth;
mod open_mode;
mod policy_change;
mod real_clients;
mod reset;
mod retention;
mod secrets;
mod seeding;
mod sending;
mod sessions_fuzz;
mod side_by_side;
mod smtp_bytes;
mod smtp_phases;
mod support;
