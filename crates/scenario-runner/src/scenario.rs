//! Scenario files: one customer situation each (format documented in
//! `scenarios/README.md`).
//!
//! Every struct denies unknown fields, and parse errors name the file, the
//! line and column, and the field path (`customer.imap.port`), because a
//! typo in a scenario must fail loudly rather than silently test something
//! else.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use mail_doctor::{RemediationId, Security};
use mock_gmail::{Account, LessSecureApps, Policy, WebLoginStyle};
use serde::Deserialize;

use crate::error::Error;
use crate::toml_file;

/// A parsed scenario.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Display name (defaults to the file stem).
    #[serde(default)]
    pub name: String,
    /// What situation this reproduces.
    pub description: String,
    /// The date of Google's world (the mock) and of the diagnosis: a TOML
    /// date (`2020-06-01`) or a string.
    #[serde(deserialize_with = "crate::toml_file::de_date")]
    pub as_of: NaiveDate,
    /// A built-in preset to start from (`healthy`, `imap-disabled`, …).
    #[serde(default)]
    pub mode: Option<String>,
    /// Workspace policy (replaces the preset's when given).
    #[serde(default)]
    pub policy: Option<Policy>,
    /// Accounts (added, or replacing the preset's with the same address).
    #[serde(default)]
    pub accounts: Vec<Account>,
    /// How Gmail speaks in this era, and verbatim reply overrides.
    #[serde(default)]
    pub wire: WireSpec,
    /// Injected server or network faults (`[[faults]]`).
    #[serde(default)]
    pub faults: Vec<mock_gmail::model::faults::Fault>,
    /// Where other domains' mail is, in the scenario's DNS (`[dns]`).
    #[serde(default)]
    pub dns: crate::net_faults::DnsSpec,
    /// Faults between the CRM and Gmail (`[network]`): firewalls, DNS.
    #[serde(default)]
    pub network: crate::net_faults::NetworkSpec,
    /// What the customer typed into the CRM.
    pub customer: Customer,
    /// How the walk applies remediations where there is a choice.
    #[serde(default)]
    pub apply: ApplySpec,
    /// The expected outcome.
    pub expect: Expect,
    /// Where the file came from (set by the loader).
    #[serde(skip)]
    pub path: PathBuf,
}

/// Era style and overrides.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireSpec {
    /// How IMAP refuses a password blocked by "less secure apps".
    #[serde(default)]
    pub web_login: Option<WebLoginStyle>,
    /// Stage name (`imap.web-login-required`, `smtp.greeting`, …) → lines.
    #[serde(default)]
    pub overrides: BTreeMap<String, Vec<String>>,
}

/// Which secret the customer typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SecretChoice {
    /// The account (web sign-in) password.
    AccountPassword,
    /// The account's first app password.
    AppPassword,
    /// A password that is not the account's.
    WrongPassword,
    /// A 16-letter app password that the account does not (or no longer)
    /// have.
    RevokedAppPassword,
    /// The account's first OAuth token.
    OauthToken,
    /// An expired OAuth token.
    ExpiredOauthToken,
}

/// A server setting as typed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSpec {
    /// Host name.
    pub host: String,
    /// Port.
    pub port: u16,
    /// `ssl`, `starttls` or `none`.
    pub security: Security,
}

/// What the customer typed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// The address (defaults to the first account's).
    #[serde(default)]
    pub email: Option<String>,
    /// Which secret.
    pub secret: SecretChoice,
    /// The address the CRM sends as (the doctor's `--from`). Default: the
    /// preset's sender when the mode defines one (`external-smtp-denied`
    /// sends as its gateway alias), else the login.
    #[serde(default)]
    pub from: Option<String>,
    /// IMAP settings (default: Gmail's).
    #[serde(default)]
    pub imap: Option<ServerSpec>,
    /// SMTP settings (default: Gmail's).
    #[serde(default)]
    pub smtp: Option<ServerSpec>,
    /// Whether the customer's machine trusts the mock's certificate (false
    /// reproduces TLS interception / an untrusted certificate).
    #[serde(default = "yes")]
    pub trusts_certificate: bool,
    /// Remediations already carried out before the first diagnosis.
    #[serde(default)]
    pub tried: Vec<RemediationId>,
    /// Ask the doctor to send a real test message.
    #[serde(default)]
    pub send_test: bool,
    /// The doctor's per-step timeout, in milliseconds.
    #[serde(default)]
    pub timeout_ms: Option<u64>,
}

fn yes() -> bool {
    true
}

/// Choices the walk makes when applying a remediation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplySpec {
    /// Which "Less secure apps" option the admin picks: `enforced` or
    /// `user-managed` (then the user also turns on their own switch).
    #[serde(default = "default_less_secure")]
    pub less_secure_apps: LessSecureApps,
    /// The support article's warning acted out: the first time the walk
    /// allows less secure apps, the user flips the switch while signed in
    /// to their private @gmail.com account (another `[[accounts]]` entry)
    /// instead of the company one, so the next diagnosis still fails.
    #[serde(default)]
    pub less_secure_on_wrong_account_first: bool,
}

impl Default for ApplySpec {
    fn default() -> Self {
        ApplySpec {
            less_secure_apps: default_less_secure(),
            less_secure_on_wrong_account_first: false,
        }
    }
}

fn default_less_secure() -> LessSecureApps {
    LessSecureApps::Enforced
}

/// The expectation: one remediation, or a whole walk ending in `none`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// The id the first diagnosis must choose.
    #[serde(default)]
    pub remediation: Option<RemediationId>,
    /// The ids of successive diagnoses while applying each one.
    #[serde(default)]
    pub walk: Option<Vec<RemediationId>>,
}

impl Scenario {
    /// Parses scenario text; `path` is used in error messages.
    pub fn parse(text: &str, path: &Path) -> Result<Scenario, Error> {
        let mut s: Scenario = toml_file::parse(text, path)?;
        s.path = path.to_owned();
        if s.name.is_empty() {
            s.name = path
                .file_stem()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
        }
        s.validate(text)?;
        Ok(s)
    }

    /// Reads and parses a file.
    pub fn load(path: &Path) -> Result<Scenario, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Read {
            path: path.display().to_string(),
            source: e,
        })?;
        Scenario::parse(&text, path)
    }

    /// Checks that go beyond the types.
    fn validate(&self, text: &str) -> Result<(), Error> {
        let err =
            |field: &str, message: String| toml_file::error_at(text, &self.path, field, message);
        match (&self.expect.remediation, &self.expect.walk) {
            (None, None) => {
                return Err(err(
                    "expect",
                    "give expect.remediation or expect.walk".into(),
                ))
            }
            (Some(_), Some(_)) => {
                return Err(err(
                    "expect",
                    "give expect.remediation or expect.walk, not both".into(),
                ))
            }
            (None, Some(w)) if w.last() != Some(&RemediationId::None) => {
                return Err(err("expect.walk", "a walk must end with \"none\"".into()));
            }
            (None, Some(w)) if w.len() > crate::walk::MAX_STEPS => {
                return Err(err(
                    "expect.walk",
                    format!("a walk has at most {} steps", crate::walk::MAX_STEPS),
                ));
            }
            _ => {}
        }
        if let Some(m) = &self.mode {
            if mock_gmail::model::preset(m).is_none() {
                let known: Vec<&str> = mock_gmail::model::PRESETS.iter().map(|p| p.name).collect();
                return Err(err(
                    "mode",
                    format!("unknown mode {m:?}; known modes: {}", known.join(", ")),
                ));
            }
        }
        if let Some(from) = &self.customer.from {
            if let Err(e) = mail_doctor::config::check_address(from) {
                return Err(err("customer.from", e));
            }
        }
        for (stage, lines) in &self.wire.overrides {
            let mut o = mock_gmail::wire_style::Overrides::default();
            if let Err(e) = o.set(stage, lines.clone()) {
                return Err(err(&format!("wire.overrides.{stage}"), e.to_string()));
            }
        }
        if self.apply.less_secure_on_wrong_account_first {
            let customer = self
                .customer
                .email
                .clone()
                .or_else(|| self.accounts.first().map(|a| a.email.clone()))
                .unwrap_or_default();
            let private = self.accounts.iter().any(|a| {
                a.kind() == mock_gmail::AccountKind::Consumer
                    && !a.email.eq_ignore_ascii_case(&customer)
            });
            if !private {
                return Err(err(
                    "apply.less_secure_on_wrong_account_first",
                    format!(
                        "needs a personal (@gmail.com) account besides the customer's {customer:?} in [[accounts]]: the wrong account the switch is flipped in first"
                    ),
                ));
            }
        }
        if self.mode.is_none() && self.accounts.is_empty() {
            return Err(err(
                "accounts",
                "give a mode or at least one [[accounts]]".into(),
            ));
        }
        Ok(())
    }
}

/// A secret the customer might type that no account has: used for
/// `wrong-password`.
pub const WRONG_PASSWORD: &str = "Niepoprawne-Haslo-1";
/// An app-password-shaped secret no account has.
pub const REVOKED_APP_PASSWORD: &str = "zzzz yyyy xxxx wwww";
/// An OAuth token no account has.
pub const EXPIRED_TOKEN: &str = "ya29.expired-token";

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = r#"
description = "x"
as_of = 2020-06-01
mode = "healthy"
[customer]
secret = "account-password"
[expect]
remediation = "none"
"#;

    #[test]
    fn parses_minimal() {
        let s = Scenario::parse(OK, Path::new("scenarios/ok.toml")).unwrap();
        assert_eq!(s.name, "ok");
        assert_eq!(s.expect.remediation, Some(RemediationId::None));
    }

    #[test]
    fn errors_name_file_line_and_field() {
        let bad = OK.replace("secret = \"account-password\"", "secret = \"account-password\"\nimap = { host = \"imap.gmail.com\", port = \"x\", security = \"ssl\" }");
        let e = Scenario::parse(&bad, Path::new("scenarios/bad.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("scenarios/bad.toml:7:"), "{e}");
        assert!(e.contains("customer.imap.port"), "{e}");
        let bad = OK.replace("mode = \"healthy\"", "mode = \"healthy\"\ncolour = \"red\"");
        let e = Scenario::parse(&bad, Path::new("b.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("b.toml:5:") && e.contains("colour"), "{e}");
        let bad = OK.replace("remediation = \"none\"", "remediation = \"fix-it\"");
        let e = Scenario::parse(&bad, Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("expect.remediation") && e.contains("fix-it"),
            "{e}"
        );
        let bad = OK.replace(
            "secret = \"account-password\"",
            "secret = \"account-password\"\nfrom = \"sales\"",
        );
        let e = Scenario::parse(&bad, Path::new("f.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("customer.from") && e.contains("not a mail address"),
            "{e}"
        );
        let bad = OK.replace(
            "[expect]",
            "[apply]\nless_secure_on_wrong_account_first = true\n[expect]",
        );
        let e = Scenario::parse(&bad, Path::new("w.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("w.toml:")
                && e.contains("apply.less_secure_on_wrong_account_first")
                && e.contains("personal"),
            "{e}"
        );
        let bad = format!("{OK}[dns]\nmail = {{ \"firma.example\" = \"gogle\" }}\n");
        let e = Scenario::parse(&bad, Path::new("g.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("g.toml:10:") && e.contains("dns.mail.firma.example") && e.contains("gogle"),
            "{e}"
        );
        let bad = format!("{OK}[network]\nimap = \"block\"\n");
        let e = Scenario::parse(&bad, Path::new("n.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("n.toml:10:") && e.contains("network.imap") && e.contains("drop"),
            "{e}"
        );
        let bad = format!("{OK}[network]\nfirewall = \"drop\"\n");
        let e = Scenario::parse(&bad, Path::new("f.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("f.toml:10:") && e.contains("firewall"), "{e}");
        let bad = OK.replace("mode = \"healthy\"", "mode = \"sunny\"");
        let e = Scenario::parse(&bad, Path::new("d.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("d.toml:4:") && e.contains("mode") && e.contains("sunny"),
            "{e}"
        );
    }
}
