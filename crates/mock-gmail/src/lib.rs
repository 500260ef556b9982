//! Mock Gmail / Google Workspace IMAP and SMTP servers.
//!
//! Gmail's behaviour is a function of state: a Workspace policy (the admin
//! console), accounts (the users' own settings and secrets) and a date.
//! Every sign-in and sending decision is derived from that state
//! ([`model`]); the protocol code only renders decisions with Gmail's exact
//! texts ([`responses`]). Failure modes are presets of state, never special
//! cases in protocol code.
//!
//! ```no_run
//! # async fn demo() -> Result<(), mock_gmail::Error> {
//! let mock = mock_gmail::MockGmail::builder().mode("app-password-required").start().await?;
//! println!("IMAPS on {}, trust this CA:\n{}", mock.imaps_addr(), mock.ca_pem());
//! mock.update_policy(|p| p.external_smtp_allowed = true);
//! mock.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! # Layout
//! - [`model`]: accounts, Workspace policy, dates, decisions, presets (pure).
//! - [`responses`]: every Gmail text, with its public source.
//! - [`wire_style`]: era styles and verbatim overrides of replies.
//! - [`store`]: the mailbox, with Gmail's label semantics.
//! - [`seed`]: mailboxes loaded at start-up (`.eml`, mbox, the built-in
//!   sample of the `healthy` preset).
//! - `mime`: MIME part trees with exact byte ranges → ENVELOPE,
//!   BODYSTRUCTURE, `BODY[section]`, decoded SEARCH text.
//! - `imap/`, `smtp/`: connection (I/O) → driver (framing) → session (state
//!   machine) → handlers; `sans_io`: what both share (output, fault gate,
//!   in-memory runs).
//! - [`builder`], [`handle`], `listener`, [`tls`], [`transcript`],
//!   [`transcript_dir`]: running it; [`retention`]: captures kept bounded.
//!
//! There is no global state: every mock owns its state through its handle,
//! so many run side by side in one process.

#![forbid(unsafe_code)]
#![deny(missing_debug_implementations)]

pub mod builder;
mod capture;
mod clock;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod handle;
mod ids;
mod imap;
mod listener;
mod mime;
pub mod model;
mod oauth_handle;
pub mod oauth_state;
mod options;
pub mod responses;
pub mod retention;
mod sans_io;
pub mod seed;
mod shared;
mod smtp;
mod snapshot;
pub mod store;
mod stream;
pub mod tls;
pub mod transcript;
pub mod transcript_dir;
pub mod wire_style;
mod world;

pub use builder::{validate_policy, MockGmail, MockGmailBuilder, Ports};
pub use error::Error;
pub use handle::{Addrs, Captures, MockHandle};
pub use model::{
    Account, AccountKind, LessSecureApps, Policy, Propagation, RelaySenders, SendAs, SendVia,
    SmtpRelay,
};
pub use oauth_handle::{ConsentRequest, GrantView};
pub use oauth_state::{IssuedTokens, TokenInfo};
pub use retention::Retention;
pub use shared::{CapturedMessage, Options};
pub use tls::TlsMaterial;
pub use transcript::{Direction, ListenerKind, Transcript};
pub use wire_style::{Stage, WebLoginStyle};
