//! The scenario runner: every file in `scenarios/` is one customer
//! situation; the runner starts a mock in that state, runs the doctor as
//! the customer typed it, and checks the chosen remediation — or walks:
//! applies each chosen remediation as the admin or user would and
//! diagnoses again until `none`.
//!
//! # Layout
//! - [`scenario`]: the file format (typed, unknown keys rejected, errors
//!   with file:line:column and field path).
//! - [`toml_file`]: those located errors, shared with `serve --config`.
//! - [`world`]: the mock for a scenario and the customer's settings.
//! - [`dns`]: the DNS zones of a mock's world (every scenario runs its own
//!   [`mock_dns::DnsServer`], so the doctor's MX step is the real lookup).
//! - [`net_faults`]: `[dns]` and `[network]` — other domains' mail, and
//!   firewalls and DNS failures between the CRM and Gmail;
//!   [`dropping_port`] makes a firewall's silent DROP real.
//! - [`walk`]: applying a remediation to the mock's state.
//! - [`run`]: one scenario, or many in parallel.
//! - [`partition`]: one shard of the suite, for a matrix of CI runners.
//! - [`output`]: progress lines, summary, JSON, JUnit.

#![forbid(unsafe_code)]
#![deny(missing_debug_implementations)]

pub mod dns;
pub mod dropping_port;
pub mod error;
pub mod net_faults;
pub mod output;
pub mod partition;
pub mod run;
pub mod scenario;
pub mod toml_file;
pub mod walk;
pub mod world;

pub use error::Error;
pub use partition::Partition;
pub use run::{discover, load_all, run_all, run_scenario, Outcome};
pub use scenario::Scenario;
