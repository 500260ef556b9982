//! `gmail-harness serve`: start the mock, print one JSON line with the
//! addresses, the CA file and the fixture accounts, serve until SIGINT or
//! SIGTERM, then shut down gracefully.

use std::path::PathBuf;

use anyhow::Context as _;
use mock_gmail::model::preset::*;
use mock_gmail::model::PRESETS;
use mock_gmail::{MockGmail, MockHandle, WebLoginStyle};
use serde::Serialize;

use crate::args::ServeArgs;

/// `serve --help` epilogue: the modes and their test users.
pub fn help_text() -> String {
    let mut s =
        String::from("Modes (all pinned to the article's era, --as-of 2020-06-01 unless given):\n");
    for p in PRESETS {
        s.push_str(&format!("  {:<22} {}\n", p.name, p.summary));
    }
    s.push_str(&format!("  {:<22} {}\n", mock_gmail::builder::OPEN_MODE, "open-test mode: any address logs in with any password (kept from first use); recipients get an INBOX on first delivery"));
    s.push_str(&format!(
        "\nTest users (every mode):\n  {WORKSPACE_EMAIL:<26} password {WORKSPACE_PASSWORD:<14} (Google Workspace)\n  {:<26} app password \"{WORKSPACE_APP_PASSWORD}\" (app-password-required only)\n  {:<26} OAuth token {WORKSPACE_OAUTH_TOKEN}\n  {CONSUMER_EMAIL:<26} password {CONSUMER_PASSWORD:<14} (personal @gmail.com)\n  bad-password: the customer types the stale password {STALE_PASSWORD}\n",
        "", ""
    ));
    s.push_str(&format!(
        "\nMail: in healthy mode {WORKSPACE_EMAIL} starts with a sample mailbox ({} messages: INBOX, Sent Mail, the label {}; --no-sample empties it). --seed DIR|FILE loads .eml files or an mbox instead (INBOX, or the labels of a Google Takeout export).\n",
        mock_gmail::seed::sample::MESSAGES.len(),
        mock_gmail::seed::sample::LABEL,
    ));
    s.push_str("\nWhen listening, one JSON line is printed to stdout:\n  {\"imaps\":\"127.0.0.1:P\",\"imap\":…,\"smtps\":…,\"submission\":…,\"smtp_relay\":…,\"ca_cert\":\"/path/ca.pem\",\"accounts\":[…]}\n(with --http-port also \"http\", \"oauth_client\":{\"client_id\",\"client_secret\"} and each account's \"oauth_refresh_token\" for Google's endpoints /token, /revoke, /tokeninfo on that port; with --dns-port also \"dns\")\n");
    s
}

#[derive(Serialize)]
struct ReadyAccount {
    email: String,
    password: String,
    app_passwords: Vec<String>,
    /// This account's refresh token for `oauth_client` (`--http-port`
    /// only: the token endpoint lives there).
    #[serde(skip_serializing_if = "Option::is_none")]
    oauth_refresh_token: Option<String>,
}

/// The mock's OAuth client, for a CRM's own OAuth code.
#[derive(Serialize)]
struct ReadyOAuthClient {
    client_id: String,
    client_secret: String,
}

#[derive(Serialize)]
struct Ready {
    imaps: String,
    imap: String,
    smtps: String,
    submission: String,
    /// The Workspace SMTP relay service (smtp-relay.gmail.com).
    smtp_relay: String,
    ca_cert: String,
    accounts: Vec<ReadyAccount>,
    /// The control API and console (`--http-port`), only when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    http: Option<String>,
    /// The OAuth client whose token URL is `http://<http>/token`, only
    /// with `--http-port`.
    #[serde(skip_serializing_if = "Option::is_none")]
    oauth_client: Option<ReadyOAuthClient>,
    /// The DNS server (`--dns-port`), only when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    dns: Option<String>,
}

fn ready_line(
    mock: &MockHandle,
    ca_path: &std::path::Path,
    http: Option<std::net::SocketAddr>,
    dns: Option<std::net::SocketAddr>,
) -> anyhow::Result<String> {
    let a = mock.addrs();
    // The fixture credentials are test secrets chosen by the preset or the
    // user; printing them is the point (DESIGN.md "Interfaces"). So are
    // the OAuth client's secret and the refresh tokens: test values of the
    // mock, useful only against its own token endpoint.
    let oauth_client = http.and(ready_oauth_client(mock));
    let accounts = mock
        .accounts()
        .into_iter()
        .map(|acc| ReadyAccount {
            email: acc.email.clone(),
            password: acc.password.expose().clone(),
            app_passwords: acc
                .app_passwords
                .iter()
                .map(|p| p.secret.expose().clone())
                .collect(),
            oauth_refresh_token: oauth_client
                .as_ref()
                .and_then(|c| mock.oauth_refresh_token(&acc.email, &c.client_id)),
        })
        .collect();
    let ready = Ready {
        imaps: a.imaps.to_string(),
        imap: a.imap.to_string(),
        smtps: a.smtps.to_string(),
        submission: a.submission.to_string(),
        smtp_relay: a.smtp_relay.to_string(),
        ca_cert: ca_path.display().to_string(),
        accounts,
        http: http.map(|a| a.to_string()),
        oauth_client,
        dns: dns.map(|a| a.to_string()),
    };
    Ok(serde_json::to_string(&ready)?)
}

/// The presets' default CRM client, else the first client a scenario
/// configured; none without clients.
fn ready_oauth_client(mock: &MockHandle) -> Option<ReadyOAuthClient> {
    let clients = mock.oauth_clients();
    let default = mock_gmail::model::preset::OAUTH_CLIENT_ID;
    clients
        .iter()
        .find(|c| c.client_id == default)
        .or(clients.first())
        .map(|c| ReadyOAuthClient {
            client_id: c.client_id.clone(),
            client_secret: c.client_secret.expose().clone(),
        })
}

pub async fn run(args: ServeArgs) -> anyhow::Result<u8> {
    super::init_tracing("info");
    // Thousands of client connections need more than the usual 1024 fds.
    if let Err(e) = rlimit::increase_nofile_limit(u64::MAX) {
        tracing::warn!("cannot raise the open-file limit: {e}");
    }
    // --config: the file's settings first, flags on top (docs/config.md).
    let mut args = args;
    let file = match &args.config {
        Some(p) => Some(crate::config::HarnessConfig::load(p)?),
        None => None,
    };
    if let Some(f) = &file {
        crate::config::apply::fill_flags(f, &mut args)?;
    }
    let http_access = super::serve_http::access(&args, crate::config::ports::bind(&args))?;
    let scenario = match &args.scenario {
        Some(p) => Some(scenario_runner::Scenario::load(p)?),
        None => None,
    };
    let mut b = match &scenario {
        Some(s) => scenario_runner::world::builder(s),
        None => MockGmail::builder(),
    };
    if let Some(f) = &file {
        b = crate::config::apply::onto_builder(f, b);
    }
    if let Some(m) = &args.mode {
        b = b.mode(m.clone());
    }
    if let Some(d) = args.as_of {
        b = b.as_of(d);
    }
    if let Some(style) = &args.web_login_style {
        b = b.web_login_style(match style.as_str() {
            "webalert" => WebLoginStyle::Webalert,
            "invalid-credentials" => WebLoginStyle::InvalidCredentials,
            _ => WebLoginStyle::Alert,
        });
    }
    for path in &args.seed {
        b = match &args.seed_account {
            Some(email) => b.seed_mailbox(email.clone(), path),
            None => b.seed_primary(path),
        };
    }
    if args.no_sample {
        b = b.sample_mailbox(false);
    }
    if let (Some(cert), Some(key)) = (&args.cert, &args.key) {
        b = b.tls_files(cert, key, None);
    }
    b = b
        .bind(crate::config::ports::bind(&args))
        .ports(crate::config::ports::ports(&args));
    if let Some(dir) = &args.transcript_dir {
        b = b.transcript_dir(dir);
    }
    if let Some(n) = args.max_messages {
        b = b.max_messages(n);
    }
    if let Some(n) = args.max_transcripts {
        b = b.max_transcripts(n);
    }
    let mock = b.start().await.map_err(crate::config::ports::explain)?;
    let ca_path = match &args.ca_out {
        Some(p) => p.clone(),
        None => default_ca_path()?,
    };
    mock.write_ca(&ca_path)?;
    // Absolute, so the ready line's path works from any directory.
    let ca_path = std::fs::canonicalize(&ca_path).unwrap_or(ca_path);
    let signals = Signals::install()?;
    let mock = std::sync::Arc::new(mock);
    let http = match (args.http_port, http_access) {
        (Some(port), Some(access)) => Some(
            super::serve_http::Http::start(
                mock.clone(),
                crate::config::ports::bind(&args),
                port,
                access,
            )
            .await?,
        ),
        _ => None,
    };
    let dns = match args.dns_port {
        Some(port) => {
            let ip = crate::config::ports::bind(&args);
            let mut zones = scenario_runner::dns::zones_for(&mock, ip);
            // A scenario's [dns] and [network] DNS faults are served too,
            // so `diagnose --dns-server` meets what the runner's doctor met.
            if let Some(s) = &scenario {
                s.dns.apply_to_zones(&mut zones);
                s.network.apply_to_zones(&mut zones);
            }
            Some(
                mock_dns::DnsServer::start(std::net::SocketAddr::new(ip, port), zones)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e} (--dns-port)"))?,
            )
        }
        None => None,
    };
    println!(
        "{}",
        ready_line(
            &mock,
            &ca_path,
            http.as_ref().map(|h| h.addr()),
            dns.as_ref().map(|d| d.addr()),
        )?
    );
    if let Some(s) = &scenario {
        eprintln!("{}", scenario_settings(s, &mock));
    }
    signals.wait().await?;
    tracing::info!("shutting down");
    if let Some(d) = dns {
        d.shutdown().await;
    }
    super::serve_http::shutdown(mock, http).await?;
    Ok(0)
}

fn default_ca_path() -> anyhow::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("gmail-harness-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    Ok(dir.join("ca.pem"))
}

/// SIGINT/SIGTERM handlers, installed before the ready line is printed so a
/// supervisor that signals right after reading it gets a graceful stop.
struct Signals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
}

impl Signals {
    fn install() -> anyhow::Result<Signals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Ok(Signals {
                term: signal(SignalKind::terminate()).context("installing the SIGTERM handler")?,
                int: signal(SignalKind::interrupt()).context("installing the SIGINT handler")?,
            })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    async fn wait(mut self) -> anyhow::Result<()> {
        #[cfg(unix)]
        tokio::select! {
            _ = self.term.recv() => {}
            _ = self.int.recv() => {}
        }
        #[cfg(not(unix))]
        tokio::signal::ctrl_c()
            .await
            .context("waiting for Ctrl-C")?;
        Ok(())
    }
}

/// What to type into the CRM to reproduce a scenario (stderr, so stdout
/// stays one JSON line).
fn scenario_settings(s: &scenario_runner::Scenario, mock: &MockHandle) -> String {
    let a = mock.addrs();
    let role = |host: &str, port: u16| -> String {
        match (host, port) {
            ("imap.gmail.com", 993) => a.imaps.to_string(),
            ("imap.gmail.com", 143) => a.imap.to_string(),
            ("smtp.gmail.com", 465) => a.smtps.to_string(),
            ("smtp.gmail.com", 587 | 25) => a.submission.to_string(),
            ("smtp-relay.gmail.com", 587 | 25) => a.smtp_relay.to_string(),
            _ => "(no server: the customer's setting is wrong)".to_owned(),
        }
    };
    let imap = s
        .customer
        .imap
        .clone()
        .map(|i| (i.host, i.port, i.security.to_string()))
        .unwrap_or(("imap.gmail.com".into(), 993, "SSL".into()));
    let smtp = s
        .customer
        .smtp
        .clone()
        .map(|i| (i.host, i.port, i.security.to_string()))
        .unwrap_or(("smtp.gmail.com".into(), 465, "SSL".into()));
    format!(
        "Scenario {name}: {desc}\nType into the CRM (the customer typed {ih}:{ip} {isec} and {sh}:{sp} {ssec}):\n  IMAP server {imap_addr}  security {isec}\n  SMTP server {smtp_addr}  security {ssec}\n  login {email}  {secret}\n  trust the CA in ca_cert (the customer {trust}trusts it)",
        name = s.name,
        desc = s.description,
        ih = imap.0,
        ip = imap.1,
        isec = imap.2,
        sh = smtp.0,
        sp = smtp.1,
        ssec = smtp.2,
        imap_addr = role(&imap.0, imap.1),
        smtp_addr = role(&smtp.0, smtp.1),
        email = s.customer.email.clone().unwrap_or_else(|| mock.accounts().first().map(|a| a.email.clone()).unwrap_or_default()),
        secret = customer_secret(s, mock),
        trust = if s.customer.trusts_certificate { "" } else { "does not " },
    )
}

/// The secret the customer typed, in words and (it is a fixture secret,
/// like the ready line's) in full, so it can be typed into the CRM.
fn customer_secret(s: &scenario_runner::Scenario, mock: &MockHandle) -> String {
    use scenario_runner::scenario::SecretChoice;
    let kind = match s.customer.secret {
        SecretChoice::AccountPassword => "the account password",
        SecretChoice::AppPassword => "an app password",
        SecretChoice::WrongPassword => "a wrong password",
        SecretChoice::RevokedAppPassword => "a revoked app password",
        SecretChoice::OauthToken => "an OAuth token",
        SecretChoice::ExpiredOauthToken => "an expired OAuth token",
    };
    match scenario_runner::world::CustomerState::initial(s, mock).map(|c| c.credential) {
        Ok(mail_doctor::Credential::Password(p)) => format!("password {:?} ({kind})", p.expose()),
        Ok(mail_doctor::Credential::OAuthToken(t)) => {
            format!("XOAUTH2 token {:?} ({kind})", t.expose())
        }
        _ => format!("{kind} (see the accounts in the JSON line)"),
    }
}
