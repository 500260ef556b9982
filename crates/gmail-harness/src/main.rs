//! `gmail-harness`: a thin CLI over the mock-gmail, mail-doctor and
//! scenario-runner libraries. It maps flags to the libraries' typed
//! configuration and maps outcomes to exit codes (a contract: 0 healthy /
//! all passed, 1 remediation chosen / a mismatch, 2 usage error).

use std::process::ExitCode;

use clap::Parser;

mod args;
mod bench;
mod cmd;
mod config;

fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(cmd::run(cli)) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
