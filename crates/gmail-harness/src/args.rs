//! Command-line arguments (clap derive). Validation that clap cannot do is
//! in the `cmd` modules, which convert these into library configuration.

use std::net::IpAddr;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use gmail_wire::Secret;

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
    /// Diagnose why a Gmail / Google Workspace mailbox will not connect and
    /// name the one setting to change. Exit: 0 healthy, 1 remediation
    /// chosen, 2 usage error.
    Diagnose(DiagnoseArgs),
    /// Run scenario files (default: ./scenarios): the doctor against an
    /// in-process mock per scenario, including remediation walks. Exit 0
    /// when all pass, 1 on any mismatch, 2 on usage or parse errors.
    Scenarios(ScenariosArgs),
    /// Measure the mock (or an external server with --external): IMAPS
    /// sessions/s, SMTP submissions/s, memory per idle connection, start-up
    /// time, scenario suite wall time. Build with --release.
    Bench(BenchArgs),
    /// (Benchmark helper) a bare rustls accept loop: handshake, one line,
    /// close. Prints `{"addr": …}`; serves until killed.
    #[command(hide = true)]
    TlsCeiling {
        /// Where to write the CA (PEM).
        #[arg(long, value_name = "FILE")]
        ca_out: PathBuf,
    },
}

/// `bench` flags.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Workloads: all, imaps, smtp, memory, startup, scenarios, ceiling,
    /// soak (comma-separated or repeated). `all` is every one but soak.
    #[arg(long, default_value = "all", value_name = "W")]
    pub workload: Vec<String>,
    /// How long the soak runs (mixed IMAPS + SMTP test cases).
    #[arg(
        long,
        default_value_t = 600.0,
        value_name = "S",
        allow_negative_numbers = true
    )]
    pub soak_seconds: f64,
    /// Seconds between the soak's RSS samples (the first one is the
    /// post-warm-up reference); a run shorter than two intervals samples
    /// every quarter of its length.
    #[arg(
        long,
        default_value_t = 30.0,
        value_name = "S",
        allow_negative_numbers = true
    )]
    pub soak_sample_seconds: f64,
    /// Test cases in flight during the soak.
    #[arg(long, default_value_t = 32, value_name = "N")]
    pub soak_concurrency: usize,
    /// Seconds per load run.
    #[arg(long, default_value_t = 5.0, value_name = "S")]
    pub seconds: f64,
    /// Client concurrency levels for the imaps and smtp workloads.
    #[arg(long, value_delimiter = ',', default_values_t = [1usize, 32], value_name = "N,…")]
    pub concurrency: Vec<usize>,
    /// Idle logged-in IMAPS connections to hold for the memory workload.
    #[arg(long, value_delimiter = ',', default_values_t = [1000usize, 10000], value_name = "N,…")]
    pub connections: Vec<usize>,
    /// Start-up measurements to take (median reported).
    #[arg(long, default_value_t = 20)]
    pub startup_runs: usize,
    /// Scenario suite runs (median reported).
    #[arg(long, default_value_t = 5)]
    pub scenario_runs: usize,
    /// Scenario directory for the scenarios workload.
    #[arg(long, default_value = "scenarios", value_name = "DIR")]
    pub scenarios_dir: PathBuf,
    /// Measure an already running server instead of spawning the mock.
    #[arg(long)]
    pub external: bool,
    /// IMAPS address of the external server.
    #[arg(long, value_name = "ADDR")]
    pub imaps: Option<std::net::SocketAddr>,
    /// SMTPS address of the external server.
    #[arg(long, value_name = "ADDR")]
    pub smtps: Option<std::net::SocketAddr>,
    /// CA certificate (PEM) of the external server.
    #[arg(long, value_name = "PEM")]
    pub ca_file: Option<PathBuf>,
    /// Certificate name to verify.
    #[arg(long, default_value = "localhost")]
    pub server_name: String,
    /// Server process ids (repeatable) for CPU and RSS figures.
    #[arg(long, value_name = "PID")]
    pub server_pid: Vec<u32>,
    /// Bench users are PREFIX<i>@DOMAIN for i in 0..USERS.
    #[arg(long, default_value_t = 1000)]
    pub users: usize,
    /// User name prefix.
    #[arg(long, default_value = "bench")]
    pub user_prefix: String,
    /// User domain.
    #[arg(long, default_value = "bench.example")]
    pub domain: String,
    /// Password of every bench user.
    #[arg(long, default_value = "bench-password")]
    pub password: String,
    /// Recipient of the SMTP workload's messages.
    #[arg(long, default_value = "sink@bench.example")]
    pub rcpt: String,
    /// Do not seed the bench users' INBOXes (an external server is seeded by its own script).
    #[arg(long)]
    pub no_seed: bool,
    /// Before the memory workload, delete the mail the earlier workloads
    /// left in the mock's mailboxes (over its control API), so the figure
    /// shows the server without it. Gmail keeps mail; captures are bounded.
    #[arg(long)]
    pub clear_mail: bool,
    /// Print all figures as JSON at the end.
    #[arg(long)]
    pub json: bool,
}

/// `scenarios` flags.
#[derive(Debug, Args)]
pub struct ScenariosArgs {
    /// Scenario files or directories (default: scenarios).
    #[arg(value_name = "DIR|FILE")]
    pub paths: Vec<PathBuf>,
    /// Only run scenarios whose name or path contains this text.
    #[arg(long, value_name = "S")]
    pub filter: Option<String>,
    /// Output: text (progress lines and summary), json or junit.
    #[arg(long, default_value = "text", value_parser = ["text", "json", "junit"])]
    pub format: String,
    /// Run one shard of the (filtered) suite, for a matrix of CI runners:
    /// `K/N` or `count:K/N` (every N-th scenario in sorted order, from the
    /// K-th), or `hash:K/N` (by a stable hash of the file name, so a file
    /// keeps its shard when others are added). Like cargo-nextest's.
    #[arg(long, value_name = "K/N")]
    pub partition: Option<scenario_runner::Partition>,
    /// Scenarios run at once.
    #[arg(long, short = 'j', value_name = "N", default_value_t = 8)]
    pub jobs: usize,
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
    /// Address to listen on [default: 127.0.0.1].
    #[arg(long, value_name = "IP")]
    pub bind: Option<IpAddr>,
    /// IMAP over TLS port (Gmail: 993) [default: 0 = ephemeral].
    #[arg(long, value_name = "N")]
    pub imaps_port: Option<u16>,
    /// IMAP with STARTTLS port (like 143) [default: 0 = ephemeral].
    #[arg(long, value_name = "N")]
    pub imap_port: Option<u16>,
    /// SMTP over TLS port (Gmail: 465) [default: 0 = ephemeral].
    #[arg(long, value_name = "N")]
    pub smtps_port: Option<u16>,
    /// SMTP submission with STARTTLS port (Gmail: 587) [default: 0 = ephemeral].
    #[arg(long, value_name = "N")]
    pub submission_port: Option<u16>,
    /// The Workspace SMTP relay service (smtp-relay.gmail.com) with
    /// STARTTLS port [default: 0 = ephemeral; 25 with --gmail-ports].
    #[arg(long, value_name = "N")]
    pub smtp_relay_port: Option<u16>,
    /// Listen on Gmail's own ports: 993, 143, 465, 587, and 25 for the relay (needs root or
    /// CAP_NET_BIND_SERVICE). A --…-port flag still wins for its listener.
    #[arg(long)]
    pub gmail_ports: bool,
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
    /// Load a mailbox at start-up (repeatable): a directory of .eml files
    /// (recursive, in path order) or an mbox file (mboxrd/mboxo). Goes into
    /// the mode's first account unless --seed-account is given; replaces
    /// the healthy preset's sample mailbox for that account.
    #[arg(long, value_name = "DIR|FILE")]
    pub seed: Vec<PathBuf>,
    /// The account --seed loads into (in open mode it is created; its
    /// first sign-in sets the password).
    #[arg(long, value_name = "EMAIL", requires = "seed")]
    pub seed_account: Option<String>,
    /// Start the healthy preset's Workspace user with an empty mailbox
    /// instead of the built-in sample.
    #[arg(long)]
    pub no_sample: bool,
    /// Read accounts, policy, mailboxes, ports, certificates and faults
    /// from a TOML file (docs/config.md). Flags given here win over it.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Write each connection's redacted transcript to a file in DIR when
    /// the connection ends (NNNNNN-LISTENER-PEERPORT.txt, C:/S: lines).
    #[arg(long, value_name = "DIR")]
    pub transcript_dir: Option<PathBuf>,
    /// Also serve the HTTP control API (JSON, docs/openapi.yaml) and the
    /// web console on this port of --bind (0 = ephemeral), announced as
    /// "http" in the ready line. Without it there is no HTTP listener.
    #[arg(long, value_name = "N")]
    pub http_port: Option<u16>,
    /// Also serve DNS on this port (UDP and TCP, 0 = ephemeral): MX records
    /// at Google for the mock's domains, Gmail's host names → the bind
    /// address, NXDOMAIN for the rest. Announced as "dns"; point the
    /// doctor's --dns-server at it.
    #[arg(long, value_name = "N")]
    pub dns_port: Option<u16>,
    /// Require this user name and password (HTTP basic auth) on the HTTP
    /// port. Needed to serve it on a non-loopback --bind. Prefer
    /// --http-auth-file: a value on the command line is visible in `ps`.
    #[arg(long, value_name = "USER:PASS", value_parser = secret_arg, conflicts_with = "http_auth_file")]
    pub http_auth: Option<Secret<String>>,
    /// Like --http-auth, read from a file holding one line USER:PASS.
    #[arg(long, value_name = "FILE")]
    pub http_auth_file: Option<PathBuf>,
    /// Also accept this name in the Host header of HTTP requests
    /// (repeatable): a reverse proxy's or a container's name. NAME allows
    /// any port, NAME:PORT one. Loopback names and the address the client
    /// connected to are always accepted; anything else is refused (403),
    /// which keeps DNS-rebinding web pages out.
    #[arg(long, value_name = "NAME")]
    pub http_allowed_host: Vec<String>,
    /// Keep at most N captured messages (the API's /api/messages, the
    /// console), dropping the oldest and counting the drops; 0 = unlimited
    /// [default: 500]. Mail in the accounts' mailboxes is not a capture and
    /// stays (DELETE /api/accounts/{email}/messages or POST /api/reset
    /// clear it).
    #[arg(long, value_name = "N", value_parser = parse_capture_bound, allow_negative_numbers = true)]
    pub max_messages: Option<usize>,
    /// Keep at most N connection transcripts in memory, dropping the
    /// oldest; 0 = unlimited [default: 500]. --transcript-dir still writes
    /// every one.
    #[arg(long, value_name = "N", value_parser = parse_capture_bound, allow_negative_numbers = true)]
    pub max_transcripts: Option<usize>,
}

/// Takes a secret flag's value as it is: clap's own parse errors would
/// quote it, and the value may be a password.
fn secret_arg(s: &str) -> Result<Secret<String>, std::convert::Infallible> {
    Ok(Secret::new(s.to_owned()))
}

/// A capture bound: a whole number, 0 meaning unlimited. Says so when the
/// value is not one (clap's own "invalid digit found in string" does not).
fn parse_capture_bound(s: &str) -> Result<usize, String> {
    s.trim().parse::<usize>().map_err(|_| {
        format!("expected how many to keep, a whole number such as 500 (0 = unlimited), not {s:?}")
    })
}

/// `diagnose` flags (DESIGN.md "Interfaces"). Defaults are real Gmail's.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("secret").args(["password", "password_env", "oauth_token_env"])))]
pub struct DiagnoseArgs {
    /// The mailbox address (also the login).
    #[arg(long, value_name = "E")]
    pub email: String,
    /// The address the CRM sends as (default: the login). The envelope
    /// probe and the test message use it; with --send-test the doctor also
    /// checks that the delivered copy still carries it (Gmail rewrites an
    /// outside address it has not verified).
    #[arg(long, value_name = "ADDR")]
    pub from: Option<String>,
    /// The password as typed into the CRM. Prefer --password-env: a value on
    /// the command line is visible to other users in `ps` and stays in shell
    /// history. Without any secret flag the password is prompted for when
    /// stdin is a terminal.
    #[arg(long, value_name = "P")]
    pub password: Option<String>,
    /// Read the password (or app password) from this environment variable.
    #[arg(long, value_name = "VAR")]
    pub password_env: Option<String>,
    /// Read an OAuth 2.0 access token from this environment variable and
    /// sign in with XOAUTH2.
    #[arg(long, value_name = "VAR")]
    pub oauth_token_env: Option<String>,
    /// IMAP server as typed.
    #[arg(long, value_name = "H", default_value = "imap.gmail.com")]
    pub imap_host: String,
    /// IMAP port as typed.
    #[arg(long, value_name = "N", default_value_t = 993)]
    pub imap_port: u16,
    /// IMAP security as typed: ssl, starttls or none.
    #[arg(long, value_name = "MODE", default_value = "ssl")]
    pub imap_security: String,
    /// SMTP server as typed.
    #[arg(long, value_name = "H", default_value = "smtp.gmail.com")]
    pub smtp_host: String,
    /// SMTP port as typed.
    #[arg(long, value_name = "N", default_value_t = 465)]
    pub smtp_port: u16,
    /// SMTP security as typed: ssl, starttls or none.
    #[arg(long, value_name = "MODE", default_value = "ssl")]
    pub smtp_security: String,
    /// Trust only this CA certificate (PEM), e.g. the mock's `ca_cert`.
    /// Without it, the public web roots are used (as for real Gmail).
    #[arg(long, value_name = "PEM")]
    pub ca_file: Option<PathBuf>,
    /// Reason with Google as it was on this date (default: today). Decides
    /// whether "less secure apps" still exist for the account.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<NaiveDate>,
    /// Report language: en or pl.
    #[arg(long, default_value = "en", value_parser = ["en", "pl"])]
    pub lang: String,
    /// Report format: text or json.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    pub format: String,
    /// Also send a real test message to the account itself and check that
    /// it arrives over IMAP.
    #[arg(long)]
    pub send_test: bool,
    /// Connect to ADDR:PORT whenever HOST:PORT is used (repeatable; like
    /// curl's --connect-to). The report still reasons with HOST:PORT.
    #[arg(long, value_name = "HOST:PORT:ADDR:PORT")]
    pub connect_to: Vec<String>,
    /// Ask this DNS server (ADDR:PORT, UDP then TCP) for the login
    /// domain's MX records and for the servers' addresses, instead of the
    /// system resolver; e.g. the "dns" address `serve --dns-port` prints.
    /// --connect-to mappings still decide where connections go.
    #[arg(long, value_name = "ADDR:PORT")]
    pub dns_server: Option<String>,
    /// Remediations already carried out (repeatable), so ambiguous evidence
    /// moves to the next rung of the ladder.
    #[arg(long, value_name = "ID")]
    pub tried: Vec<String>,
    /// Seconds to wait for each step (connect, handshake, each reply).
    #[arg(long, value_name = "SECS", default_value_t = 10.0)]
    pub timeout: f64,
    /// Skip the check with the `imap` crate and lettre.
    #[arg(long)]
    pub no_library_check: bool,
    /// Include the full (redacted) transcripts in the text report.
    #[arg(long, short)]
    pub verbose: bool,
}
