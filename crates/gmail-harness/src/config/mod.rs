//! `gmail-harness serve --config harness.toml`: a mock set up once, in a
//! file a team keeps next to its CRM — several accounts, the Workspace
//! policy and date, seeded mailboxes, fixed ports, a fixed certificate (so
//! the CRM's machine trusts it once), faults. Format: `docs/config.md`,
//! complete example: `docs/harness.example.toml`.
//!
//! Every struct denies unknown fields, and errors name the file, line,
//! column and field (the same located errors as scenario files:
//! `scenario_runner::toml_file`). Relative paths are relative to the
//! file's own directory, so the file works from any working directory.
//!
//! Flags given on the command line win over the file ([`apply`]).
//!
//! # Layout
//! - this module: the typed file and loading.
//! - [`apply`]: the file onto the mock builder and the `serve` flags.
//! - [`ports`]: `--gmail-ports` and what to do when binding them fails.

pub mod apply;
pub mod ports;

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use gmail_wire::Secret;
use mock_gmail::model::faults::Fault;
use mock_gmail::{Account, Policy};
use scenario_runner::scenario::WireSpec;
use scenario_runner::toml_file;
use serde::Deserialize;

/// The whole file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HarnessConfig {
    /// A built-in preset to start from (`healthy`, `open`, …); `--mode`
    /// wins. Without a mode and without accounts: `healthy`.
    #[serde(default)]
    pub mode: Option<String>,
    /// The date of Google's world (default: the presets' 2020-06-01);
    /// `--as-of` wins.
    #[serde(default, deserialize_with = "toml_file::de_opt_date")]
    pub as_of: Option<NaiveDate>,
    /// The Workspace policy (the admin console); replaces the preset's.
    #[serde(default)]
    pub policy: Option<Policy>,
    /// Accounts (added, or replacing a preset's with the same address).
    #[serde(default)]
    pub accounts: Vec<Account>,
    /// Mail loaded at start-up, per account.
    #[serde(default)]
    pub mailboxes: Vec<MailboxSpec>,
    /// Whether the healthy preset's Workspace user starts with the built-in
    /// sample mailbox (default: yes); `--no-sample` turns it off.
    #[serde(default)]
    pub sample_mailbox: Option<bool>,
    /// Gmail's era style and verbatim reply overrides (as in scenario
    /// files); `--web-login-style` wins.
    #[serde(default)]
    pub wire: WireSpec,
    /// Injected faults (`[[faults]]`, as in scenario files).
    #[serde(default)]
    pub faults: Vec<Fault>,
    /// Where to listen.
    #[serde(default)]
    pub listen: Listen,
    /// Certificates.
    #[serde(default)]
    pub tls: Tls,
    /// Write each connection's redacted transcript here when it ends;
    /// `--transcript-dir` wins.
    #[serde(default)]
    pub transcript_dir: Option<PathBuf>,
    /// Captured messages kept, the oldest dropped beyond it (0 =
    /// unlimited; default 500); `--max-messages` wins.
    #[serde(default)]
    pub max_messages: Option<usize>,
    /// Transcripts kept in memory, likewise; `--max-transcripts` wins.
    #[serde(default)]
    pub max_transcripts: Option<usize>,
    /// The file this was read from (set by [`HarnessConfig::load`]).
    #[serde(skip)]
    pub path: PathBuf,
}

/// Mail for one account: `[[mailboxes]] account = "…" paths = […]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailboxSpec {
    /// The account (default: the mode's first account, as `--seed`).
    #[serde(default)]
    pub account: Option<String>,
    /// Directories of `.eml` files and mbox files, loaded in order.
    pub paths: Vec<PathBuf>,
}

/// `[listen]`: address and ports. Ports not given are ephemeral (0), so
/// a file can fix some and leave the rest to the OS.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Listen {
    /// Address to listen on (default 127.0.0.1); `--bind` wins.
    #[serde(default)]
    pub bind: Option<IpAddr>,
    /// Gmail's own ports 993/143/465/587 (needs root or
    /// CAP_NET_BIND_SERVICE); the per-listener ports below still win.
    #[serde(default)]
    pub gmail_ports: bool,
    /// IMAP over TLS.
    #[serde(default)]
    pub imaps: Option<u16>,
    /// IMAP with STARTTLS.
    #[serde(default)]
    pub imap: Option<u16>,
    /// SMTP over TLS.
    #[serde(default)]
    pub smtps: Option<u16>,
    /// SMTP submission with STARTTLS.
    #[serde(default)]
    pub submission: Option<u16>,
    /// The SMTP relay service with STARTTLS (as `--smtp-relay-port`).
    #[serde(default)]
    pub smtp_relay: Option<u16>,
    /// The HTTP control API and console (as `--http-port`).
    #[serde(default)]
    pub http: Option<u16>,
    /// `USER:PASS` required on the HTTP port (as `--http-auth`); prefer
    /// `http_auth_file`, which keeps the password out of this file.
    #[serde(default)]
    pub http_auth: Option<Secret<String>>,
    /// A file holding one line `USER:PASS` (as `--http-auth-file`).
    #[serde(default)]
    pub http_auth_file: Option<PathBuf>,
    /// More names accepted in `Host` (as `--http-allowed-host`).
    #[serde(default)]
    pub http_allowed_hosts: Vec<String>,
}

/// `[tls]`: a fixed certificate instead of a fresh one per start, and
/// where to write the CA.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tls {
    /// Certificate chain (PEM): the server certificate first, then its CA.
    #[serde(default)]
    pub cert: Option<PathBuf>,
    /// Its private key (PEM, PKCS#8, PKCS#1 or SEC1).
    #[serde(default)]
    pub key: Option<PathBuf>,
    /// The CA certificate clients trust, if it is not the chain's last.
    #[serde(default)]
    pub ca: Option<PathBuf>,
    /// Write the CA certificate clients must trust here (as `--ca-out`).
    #[serde(default)]
    pub ca_out: Option<PathBuf>,
}

impl HarnessConfig {
    /// Reads, parses and checks a file.
    pub fn load(path: &Path) -> anyhow::Result<HarnessConfig> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
        Ok(HarnessConfig::parse(&text, path)?)
    }

    /// Parses and checks `text`; `path` names the file in errors and is the
    /// base of relative paths.
    pub fn parse(text: &str, path: &Path) -> Result<HarnessConfig, scenario_runner::Error> {
        let mut c: HarnessConfig = toml_file::parse(text, path)?;
        c.path = path.to_owned();
        c.validate(text)?;
        let base = path.parent().unwrap_or(Path::new("")).to_owned();
        c.resolve_paths(&base);
        Ok(c)
    }

    /// Whether the file describes Google's state (as a scenario does), as
    /// opposed to only how to serve it.
    pub fn has_state(&self) -> bool {
        self.mode.is_some()
            || self.as_of.is_some()
            || self.policy.is_some()
            || !self.accounts.is_empty()
            || self.wire.web_login.is_some()
            || !self.wire.overrides.is_empty()
            || !self.faults.is_empty()
    }

    /// Checks the types cannot express, each placed at its key.
    fn validate(&self, text: &str) -> Result<(), scenario_runner::Error> {
        let err =
            |field: &str, message: String| toml_file::error_at(text, &self.path, field, message);
        if let Some(m) = &self.mode {
            let known =
                mock_gmail::model::preset(m).is_some() || m == mock_gmail::builder::OPEN_MODE;
            if !known {
                let names: Vec<&str> = mock_gmail::model::PRESETS
                    .iter()
                    .map(|p| p.name)
                    .chain([mock_gmail::builder::OPEN_MODE])
                    .collect();
                return Err(err(
                    "mode",
                    format!("unknown mode {m:?}; known modes: {}", names.join(", ")),
                ));
            }
        }
        for (i, a) in self.accounts.iter().enumerate() {
            if !a.app_passwords.is_empty() && !a.two_step_verification {
                return Err(err(
                    &format!("accounts[{i}].app_passwords"),
                    format!("{}: app passwords exist only with two_step_verification = true (Google requires it)", a.email),
                ));
            }
        }
        for (stage, lines) in &self.wire.overrides {
            let mut o = mock_gmail::wire_style::Overrides::default();
            if let Err(e) = o.set(stage, lines.clone()) {
                return Err(err(&format!("wire.overrides.{stage}"), e.to_string()));
            }
        }
        if self.tls.cert.is_some() != self.tls.key.is_some() {
            return Err(err("tls", "give both cert and key, or neither".into()));
        }
        if self.tls.ca.is_some() && self.tls.cert.is_none() {
            return Err(err(
                "tls.ca",
                "ca names the CA of a fixed cert: give cert and key too".into(),
            ));
        }
        if self.listen.http_auth.is_some() && self.listen.http_auth_file.is_some() {
            return Err(err(
                "listen.http_auth",
                "give http_auth or http_auth_file, not both".into(),
            ));
        }
        if let Some(auth) = &self.listen.http_auth {
            if let Err(e) = mock_http::Credentials::parse(auth) {
                return Err(err("listen.http_auth", e.to_string()));
            }
        }
        for (i, h) in self.listen.http_allowed_hosts.iter().enumerate() {
            if let Err(e) = mock_http::Access::default().allow_host(h) {
                return Err(err(
                    "listen.http_allowed_hosts",
                    format!("entry {}: {e}", i + 1),
                ));
            }
        }
        for (i, m) in self.mailboxes.iter().enumerate() {
            if m.paths.is_empty() {
                return Err(err(
                    &format!("mailboxes[{i}].paths"),
                    "give at least one .eml directory or mbox file".into(),
                ));
            }
        }
        Ok(())
    }

    fn resolve_paths(&mut self, base: &Path) {
        let fix = |p: &mut PathBuf| {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        };
        for m in &mut self.mailboxes {
            m.paths.iter_mut().for_each(fix);
        }
        for p in [
            &mut self.tls.cert,
            &mut self.tls.key,
            &mut self.tls.ca,
            &mut self.tls.ca_out,
            &mut self.transcript_dir,
            &mut self.listen.http_auth_file,
        ]
        .into_iter()
        .flatten()
        {
            fix(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<HarnessConfig, String> {
        HarnessConfig::parse(text, Path::new("conf/harness.toml")).map_err(|e| e.to_string())
    }

    #[test]
    fn empty_file_is_the_default() {
        let c = parse("").unwrap();
        assert!(!c.has_state());
        assert!(c.listen.imaps.is_none() && !c.listen.gmail_ports);
    }

    #[test]
    fn relative_paths_are_relative_to_the_file() {
        let c = parse("transcript_dir = \"t\"\n[tls]\nca_out = \"/abs/ca.pem\"\n[[mailboxes]]\npaths = [\"mail/a\"]\n").unwrap();
        assert_eq!(c.transcript_dir.unwrap(), Path::new("conf/t"));
        assert_eq!(c.tls.ca_out.unwrap(), Path::new("/abs/ca.pem"));
        assert_eq!(c.mailboxes[0].paths[0], Path::new("conf/mail/a"));
    }

    #[test]
    fn errors_name_file_line_and_field() {
        let e = parse("mode = \"healthy\"\n[listen]\nimaps = 99999\n").unwrap_err();
        assert!(
            e.starts_with("conf/harness.toml:3:9: listen.imaps: "),
            "{e}"
        );
        let e =
            parse("[[accounts]]\nemail = \"a@b.example\"\npassword = \"x\"\ncolour = \"red\"\n")
                .unwrap_err();
        assert!(
            e.starts_with("conf/harness.toml:4:1: accounts[0]") && e.contains("colour"),
            "{e}"
        );
        let e = parse("mode = \"sunny\"\n").unwrap_err();
        assert!(
            e.starts_with("conf/harness.toml:1:1: mode: unknown mode \"sunny\""),
            "{e}"
        );
        let e = parse("[tls]\ncert = \"c.pem\"\n").unwrap_err();
        assert!(
            e.starts_with("conf/harness.toml:1:1: tls: give both"),
            "{e}"
        );
        let e = parse("[[accounts]]\nemail = \"a@b.example\"\npassword = \"x\"\napp_passwords = [{ secret = \"abcd efgh ijkl mnop\" }]\n").unwrap_err();
        assert!(
            e.starts_with("conf/harness.toml:4:1: accounts[0].app_passwords: a@b.example"),
            "{e}"
        );
        let e = parse("[[accounts]]\nemail = \"a@b.example\"\npassword = \"x\"\ntwo_step_verification = true\napp_passwords = [{ secret = \"abcd efgh ijkl mnop\", nmae = \"CRM\" }]\n").unwrap_err();
        assert!(
            e.contains("accounts[0].app_passwords[0]") && e.contains("nmae"),
            "{e}"
        );
        let e = parse("[[faults]]\nkind = \"stall-at\"\n").unwrap_err();
        assert!(
            e.contains("faults[0]") && e.contains("needs `stage`"),
            "{e}"
        );
        let e = parse("max_messages = -1\n").unwrap_err();
        assert!(
            e.starts_with("conf/harness.toml:1:16: max_messages: "),
            "{e}"
        );
        let e = parse("sample_mailbox = true\nmax_transcripts = \"500\"\n").unwrap_err();
        assert!(
            e.starts_with("conf/harness.toml:2:19: max_transcripts: ") && e.contains("string"),
            "{e}"
        );
        let c = parse("max_messages = 0\nmax_transcripts = 20\n").unwrap();
        assert_eq!((c.max_messages, c.max_transcripts), (Some(0), Some(20)));
        let e = parse("as_of = \"yesterday\"\n").unwrap_err();
        assert!(
            e.starts_with("conf/harness.toml:1:9: as_of: ") && e.contains("not a date"),
            "{e}"
        );
    }
}
