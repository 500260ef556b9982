//! `gmail-harness diagnose`: flags → `mail_doctor::Config`, run, print the
//! report, exit 0 (healthy) or 1 (remediation chosen); 2 on usage errors.

use std::io::IsTerminal as _;
use std::time::Duration;

use anyhow::{bail, Context as _};
use gmail_wire::Secret;
use mail_doctor::report::{json, text};
use mail_doctor::{Config, ConnectTo, Credential, Endpoint, Lang, RemediationId, Security};

use crate::args::DiagnoseArgs;

/// A usage error (exit 2) with a message naming the flag.
fn usage(msg: String) -> anyhow::Error {
    anyhow::anyhow!(msg)
}

fn env_secret(var: &str, flag: &str) -> anyhow::Result<Secret<String>> {
    match std::env::var(var) {
        Ok(v) if !v.is_empty() => Ok(Secret::new(v)),
        Ok(_) => Err(usage(format!(
            "{flag} {var}: the environment variable is empty"
        ))),
        Err(_) => Err(usage(format!(
            "{flag} {var}: the environment variable is not set"
        ))),
    }
}

fn credential(a: &DiagnoseArgs) -> anyhow::Result<Credential> {
    if let Some(p) = &a.password {
        return Ok(Credential::Password(Secret::new(p.clone())));
    }
    if let Some(var) = &a.password_env {
        return Ok(Credential::Password(env_secret(var, "--password-env")?));
    }
    if let Some(var) = &a.oauth_token_env {
        return Ok(Credential::OAuthToken(env_secret(
            var,
            "--oauth-token-env",
        )?));
    }
    if std::io::stdin().is_terminal() {
        let p = rpassword::prompt_password(format!("Password for {}: ", a.email))
            .context("reading the password")?;
        return Ok(Credential::Password(Secret::new(p)));
    }
    bail!("no secret given: use --password-env VAR (preferred), --password P or --oauth-token-env VAR")
}

fn security(value: &str, flag: &str) -> anyhow::Result<Security> {
    value
        .parse()
        .map_err(|e: String| usage(format!("{flag}: {e}")))
}

/// Converts flags into the doctor's configuration.
pub fn config(a: &DiagnoseArgs) -> anyhow::Result<Config> {
    if !a.email.contains('@') {
        bail!("--email {:?}: not an email address", a.email);
    }
    if let Some(from) = &a.from {
        mail_doctor::config::check_address(from).map_err(|e| usage(format!("--from: {e}")))?;
    }
    let mut cfg = Config::new(a.email.clone(), credential(a)?);
    cfg.from = a.from.clone();
    cfg.imap = Endpoint {
        host: a.imap_host.clone(),
        port: a.imap_port,
        security: security(&a.imap_security, "--imap-security")?,
    };
    cfg.smtp = Endpoint {
        host: a.smtp_host.clone(),
        port: a.smtp_port,
        security: security(&a.smtp_security, "--smtp-security")?,
    };
    if let Some(path) = &a.ca_file {
        if !path.is_file() {
            bail!("--ca-file {}: no such file", path.display());
        }
        cfg.ca_file = Some(path.clone());
    }
    if let Some(d) = a.as_of {
        cfg.as_of = d;
    }
    if !(a.timeout.is_finite() && a.timeout > 0.0 && a.timeout <= 600.0) {
        bail!("--timeout {}: must be between 0 and 600 seconds", a.timeout);
    }
    cfg.timeout = Duration::from_secs_f64(a.timeout);
    cfg.send_test = a.send_test;
    cfg.library_check = !a.no_library_check;
    for c in &a.connect_to {
        cfg.network.connect_to.push(
            c.parse::<ConnectTo>()
                .map_err(|e| usage(format!("--connect-to: {e}")))?,
        );
    }
    if let Some(d) = &a.dns_server {
        cfg.dns_server = Some(d.parse().map_err(|_| {
            usage(format!(
                "--dns-server {d:?}: expected ADDR:PORT, e.g. 127.0.0.1:5353 or [::1]:53"
            ))
        })?);
    }
    for t in &a.tried {
        cfg.tried.push(
            t.parse::<RemediationId>()
                .map_err(|e| usage(format!("--tried: {e}")))?,
        );
    }
    Ok(cfg)
}

pub async fn run(a: DiagnoseArgs) -> anyhow::Result<u8> {
    super::init_tracing("warn");
    let cfg = config(&a)?;
    let lang: Lang = a
        .lang
        .parse()
        .map_err(|e: String| usage(format!("--lang: {e}")))?;
    let report = mail_doctor::diagnose(&cfg).await?;
    match a.format.as_str() {
        "json" => println!("{}", json::render(&report, lang)),
        _ => print!("{}", text::render(&report, lang, a.verbose)),
    }
    Ok(report.exit_code())
}
