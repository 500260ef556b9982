//! The state a real Google account has, and the decisions derived from it.
//!
//! - [`account`]: the user's settings and secrets.
//! - [`policy`]: the Workspace admin console, and propagation of changes.
//! - [`era`]: what Google still offered on a given date.
//! - [`decision`]: sign-in decisions (pure functions).
//! - [`sending`]: who may be the sender, daily limits (pure functions).
//! - [`relay`]: the SMTP relay service's settings and decision.
//! - [`oauth`]: OAuth clients, grants, tokens, API controls and their
//!   decisions (pure functions).
//! - [`preset`]: named failure modes as state.

pub mod account;
pub mod decision;
pub mod era;
pub mod faults;
pub mod oauth;
pub mod policy;
pub mod preset;
pub mod relay;
pub mod sending;

pub use account::{Account, AccountKind, AppPassword};
pub use decision::{authenticate, Credential, Decision, Denial, Grant, SecretKind, Service};
pub use policy::{LessSecureApps, Policy, PolicyState, Propagation};
pub use preset::{preset, PresetInfo, PresetState, PRESETS};
pub use relay::{relay_decision, RelayDenial, RelayRequest, RelaySenders, SmtpRelay};
pub use sending::{SendAs, SendDenial, SendVia, SenderDecision};
