//! Command-line arguments (clap derive). Validation that clap cannot do is
//! in the `cmd` modules, which convert these into library configuration.

use std::net::IpAddr;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

/// Mock Gmail servers, a Gmail connection doctor, and the scenario suite.
#[derive(Debug, Parser)]
#[command(name = "gmail-harness", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run mock Gmail IMAP and SMTP servers until SIGINT/SIGTERM.
    #[command(after_long_help = crate::cmd::serve::help_text())]
    Serve(ServeArgs),
}

/// `serve` flags (DESIGN.md "Interfaces").
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Built-in failure mode to serve (see the list below).
    #[arg(long, value_name = "NAME", conflicts_with = "scenario")]
    pub mode: Option<String>,
    /// Serve the state of a scenario file.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// The date whose Google to emulate (default: the preset's, 2020-06-01).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<NaiveDate>,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// IMAP over TLS port (Gmail: 993). 0 = ephemeral.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub imaps_port: u16,
    /// IMAP with STARTTLS port (like 143). 0 = ephemeral.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub imap_port: u16,
    /// SMTP over TLS port (Gmail: 465). 0 = ephemeral.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub smtps_port: u16,
    /// SMTP submission with STARTTLS port (Gmail: 587). 0 = ephemeral.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub submission_port: u16,
    /// Write the CA certificate (PEM) here (default: a file in the temp dir).
    #[arg(long, value_name = "FILE")]
    pub ca_out: Option<PathBuf>,
    /// Serve this certificate chain (PEM) instead of a generated one.
    #[arg(long, value_name = "FILE", requires = "key")]
    pub cert: Option<PathBuf>,
    /// Private key (PEM) for --cert.
    #[arg(long, value_name = "FILE", requires = "cert")]
    pub key: Option<PathBuf>,
    /// How IMAP refuses a password blocked by "less secure apps":
    /// alert (tagged [ALERT]), webalert (untagged [WEBALERT] first),
    /// invalid-credentials (the older, ambiguous reply).
    #[arg(long, value_name = "STYLE", value_parser = ["alert", "webalert", "invalid-credentials"])]
    pub web_login_style: Option<String>,
}
