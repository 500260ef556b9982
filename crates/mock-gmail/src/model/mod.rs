//! The state a real Google account has, and the decisions derived from it.
//!
//! - [`account`]: the user's settings and secrets.
//! - [`policy`]: the Workspace admin console, and propagation of changes.
//! - [`era`]: what Google still offered on a given date.
//! - [`decision`]: sign-in and sending decisions (pure functions).
//! - [`preset`]: named failure modes as state.

pub mod account;
pub mod decision;
pub mod era;
pub mod faults;
pub mod policy;
pub mod preset;

pub use account::{Account, AccountKind, AppPassword};
pub use decision::{
    authenticate, may_send, Credential, Decision, Denial, Grant, SecretKind, SendDenial, Service,
};
pub use policy::{LessSecureApps, Policy, PolicyState, Propagation};
pub use preset::{preset, PresetInfo, PresetState, PRESETS};
