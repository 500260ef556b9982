//! One module per subcommand.

pub mod diagnose;
pub mod scenarios;
pub mod serve;
pub mod serve_http;

use crate::args::{Cli, Command};

/// Runs the chosen subcommand; returns the process exit code.
pub async fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Serve(a) => serve::run(a).await,
        Command::Diagnose(a) => diagnose::run(a).await,
        Command::Scenarios(a) => scenarios::run(a).await,
        Command::Bench(a) => crate::bench::run(a).await,
        Command::TlsCeiling { ca_out } => crate::bench::ceiling::serve(&ca_out).await,
    }
}

/// Logs to stderr, filtered by `RUST_LOG` (default `default`).
pub fn init_tracing(default: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}
