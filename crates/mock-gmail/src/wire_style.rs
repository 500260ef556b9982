//! How this Gmail speaks: era-dependent choices and verbatim overrides.
//!
//! Gmail's texts changed over the years and customers' transcripts come from
//! every era, so a scenario may replace the reply used at a given stage with
//! the exact lines from a transcript. Overrides are validated when they are
//! set (each line must parse as an IMAP response or SMTP reply) and rendered
//! with placeholders: `{id}` (Gmail's random token), `{ip}` (the client's
//! address), `{email}` and `{webalert}` (the sign-in URL).

use std::collections::BTreeMap;
use std::fmt;

use gmail_wire::imap::{parse_response, Response, StatusResponse, Tag};
use gmail_wire::smtp::{parse_reply, Reply};
use serde::Deserialize;

use crate::model::Denial;

/// How a password refused by the less-secure-apps rule is answered over
/// IMAP (Gmail changed this over the years; DESIGN.md "Wire texts").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WebLoginStyle {
    /// Tagged `NO [ALERT] Please log in via your web browser…` only.
    #[default]
    Alert,
    /// An untagged `* NO [WEBALERT url] Web login required.` first.
    Webalert,
    /// The plain `NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)`
    /// that Gmail used for years — indistinguishable from a wrong password.
    InvalidCredentials,
}

/// A stage whose reply can be overridden.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// IMAP greeting.
    ImapGreeting,
    /// IMAP successful LOGIN/AUTHENTICATE completion.
    ImapLoginOk,
    /// IMAP sign-in refused for this reason.
    ImapDenial(Denial),
    /// SMTP greeting.
    SmtpGreeting,
    /// SMTP `235` after AUTH.
    SmtpAuthOk,
    /// SMTP AUTH refused for this reason.
    SmtpDenial(Denial),
    /// SMTP MAIL FROM refused by the external-SMTP policy.
    SmtpExternalDenied,
    /// SMTP AUTH/MAIL before STARTTLS on the submission port.
    SmtpMustStarttls,
    /// The daily sending limit, after the message.
    SmtpDailyLimit,
    /// The relay service: "Mail relay denied".
    SmtpRelayDenied,
    /// The relay service: SMTP AUTH required.
    SmtpRelayAuthRequired,
    /// The relay service: the sender is not allowed.
    SmtpRelaySenderNotAllowed,
}

const DENIAL_NAMES: &[(&str, Denial)] = &[
    ("invalid-credentials", Denial::InvalidCredentials),
    ("invalid-token", Denial::InvalidToken),
    ("imap-disabled-domain", Denial::ImapDisabledForDomain),
    ("imap-disabled-user", Denial::ImapDisabledForUser),
    ("app-password-required", Denial::AppPasswordRequired),
    ("web-login-required", Denial::WebLoginRequired),
    ("account-suspended", Denial::AccountSuspended),
    ("too-many-connections", Denial::TooManyConnections),
    ("throttled", Denial::Throttled),
];

impl Stage {
    /// Parses `imap.web-login-required`, `smtp.greeting`, ….
    pub fn parse(name: &str) -> Option<Stage> {
        let (proto, rest) = name.split_once('.')?;
        let denial = DENIAL_NAMES
            .iter()
            .find(|(n, _)| *n == rest)
            .map(|(_, d)| *d);
        match (proto, rest) {
            ("imap", "greeting") => Some(Stage::ImapGreeting),
            ("imap", "login-ok") => Some(Stage::ImapLoginOk),
            ("smtp", "greeting") => Some(Stage::SmtpGreeting),
            ("smtp", "auth-ok") => Some(Stage::SmtpAuthOk),
            ("smtp", "external-smtp-denied") => Some(Stage::SmtpExternalDenied),
            ("smtp", "must-starttls") => Some(Stage::SmtpMustStarttls),
            ("smtp", "daily-limit") => Some(Stage::SmtpDailyLimit),
            ("smtp", "relay-denied") => Some(Stage::SmtpRelayDenied),
            ("smtp", "relay-auth-required") => Some(Stage::SmtpRelayAuthRequired),
            ("smtp", "relay-sender-not-allowed") => Some(Stage::SmtpRelaySenderNotAllowed),
            ("imap", _) => denial.map(Stage::ImapDenial),
            ("smtp", _) => denial.map(Stage::SmtpDenial),
            _ => None,
        }
    }

    /// All stage names, for error messages and docs.
    pub fn all_names() -> Vec<String> {
        let mut v: Vec<String> = [
            "imap.greeting",
            "imap.login-ok",
            "smtp.greeting",
            "smtp.auth-ok",
            "smtp.external-smtp-denied",
            "smtp.must-starttls",
            "smtp.daily-limit",
            "smtp.relay-denied",
            "smtp.relay-auth-required",
            "smtp.relay-sender-not-allowed",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        for (n, _) in DENIAL_NAMES {
            v.push(format!("imap.{n}"));
            v.push(format!("smtp.{n}"));
        }
        v.sort();
        v
    }

    fn is_imap(self) -> bool {
        matches!(
            self,
            Stage::ImapGreeting | Stage::ImapLoginOk | Stage::ImapDenial(_)
        )
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let denial = |d: &Denial| {
            DENIAL_NAMES
                .iter()
                .find(|(_, x)| x == d)
                .map(|(n, _)| *n)
                .unwrap_or("?")
        };
        match self {
            Stage::ImapGreeting => f.write_str("imap.greeting"),
            Stage::ImapLoginOk => f.write_str("imap.login-ok"),
            Stage::ImapDenial(d) => write!(f, "imap.{}", denial(d)),
            Stage::SmtpGreeting => f.write_str("smtp.greeting"),
            Stage::SmtpAuthOk => f.write_str("smtp.auth-ok"),
            Stage::SmtpDenial(d) => write!(f, "smtp.{}", denial(d)),
            Stage::SmtpExternalDenied => f.write_str("smtp.external-smtp-denied"),
            Stage::SmtpMustStarttls => f.write_str("smtp.must-starttls"),
            Stage::SmtpDailyLimit => f.write_str("smtp.daily-limit"),
            Stage::SmtpRelayDenied => f.write_str("smtp.relay-denied"),
            Stage::SmtpRelayAuthRequired => f.write_str("smtp.relay-auth-required"),
            Stage::SmtpRelaySenderNotAllowed => f.write_str("smtp.relay-sender-not-allowed"),
        }
    }
}

/// Why an override was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OverrideError {
    /// The stage name is not known.
    #[error("unknown override stage {name:?}; known stages: {known}")]
    UnknownStage {
        /// What was given.
        name: String,
        /// The valid names.
        known: String,
    },
    /// A line is not a valid reply for that protocol.
    #[error("override {stage}: line {line} is not a valid {protocol} reply: {text:?}")]
    InvalidLine {
        /// Stage name.
        stage: String,
        /// 1-based line number within the override.
        line: usize,
        /// IMAP or SMTP.
        protocol: &'static str,
        /// The line.
        text: String,
    },
    /// No lines.
    #[error("override {0} has no lines")]
    Empty(String),
}

/// Values substituted into override lines.
#[derive(Debug, Clone, Default)]
pub struct Vars<'a> {
    /// Gmail's random token.
    pub id: &'a str,
    /// The client's IP address.
    pub ip: &'a str,
    /// The account's address (if known).
    pub email: &'a str,
    /// The web sign-in URL.
    pub webalert: &'a str,
}

/// Verbatim replies by stage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    lines: BTreeMap<Stage, Vec<String>>,
}

fn substitute(line: &str, v: &Vars<'_>) -> String {
    line.replace("{id}", v.id)
        .replace("{ip}", v.ip)
        .replace("{email}", v.email)
        .replace("{webalert}", v.webalert)
}

const SAMPLE: Vars<'static> = Vars {
    id: "a1b2c3d4e5",
    ip: "127.0.0.1",
    email: "user@example.com",
    webalert: "https://accounts.google.com/signin/continue?sarp=1&scc=1&plt=AKgnsbx",
};

impl Overrides {
    /// Sets the lines for a stage, validating them.
    pub fn set(&mut self, stage_name: &str, lines: Vec<String>) -> Result<(), OverrideError> {
        let stage = Stage::parse(stage_name).ok_or_else(|| OverrideError::UnknownStage {
            name: stage_name.to_owned(),
            known: Stage::all_names().join(", "),
        })?;
        if lines.is_empty() {
            return Err(OverrideError::Empty(stage_name.to_owned()));
        }
        let tag = Tag("a1".into());
        if stage.is_imap() {
            for (n, l) in lines.iter().enumerate() {
                if imap_line(l, &tag, &SAMPLE).is_none() {
                    return Err(OverrideError::InvalidLine {
                        stage: stage_name.to_owned(),
                        line: n + 1,
                        protocol: "IMAP",
                        text: l.clone(),
                    });
                }
            }
        } else if smtp_reply(&lines, &SAMPLE).is_none() {
            return Err(OverrideError::InvalidLine {
                stage: stage_name.to_owned(),
                line: 1,
                protocol: "SMTP",
                text: lines.join("\\r\\n"),
            });
        }
        self.lines.insert(stage, lines);
        Ok(())
    }

    /// Whether any override is set.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The IMAP responses for a stage, if overridden. A line that starts
    /// with `*` or `+` is sent as is; any other line is the tagged
    /// completion and gets the command's tag.
    pub fn imap(&self, stage: Stage, tag: &Tag, vars: &Vars<'_>) -> Option<Vec<Response>> {
        let lines = self.lines.get(&stage)?;
        lines.iter().map(|l| imap_line(l, tag, vars)).collect()
    }

    /// The SMTP reply for a stage, if overridden.
    pub fn smtp(&self, stage: Stage, vars: &Vars<'_>) -> Option<Reply> {
        smtp_reply(self.lines.get(&stage)?, vars)
    }
}

fn imap_line(line: &str, tag: &Tag, vars: &Vars<'_>) -> Option<Response> {
    let text = substitute(line, vars);
    let wire = if text.starts_with('*') || text.starts_with('+') {
        format!("{text}\r\n")
    } else {
        format!("{tag} {text}\r\n")
    };
    let r = parse_response(wire.as_bytes()).ok()?;
    // A tagged line must be a status response carrying our tag.
    match &r {
        Response::Status(StatusResponse { tag: Some(t), .. }) if t != tag => None,
        _ => Some(r),
    }
}

fn smtp_reply(lines: &[String], vars: &Vars<'_>) -> Option<Reply> {
    let mut wire = String::new();
    for l in lines {
        wire.push_str(&substitute(l, vars));
        wire.push_str("\r\n");
    }
    match parse_reply(wire.as_bytes()) {
        Ok(Some((reply, used))) if used == wire.len() => Some(reply),
        _ => None,
    }
}

/// Era choices plus overrides.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WireStyle {
    /// How IMAP answers a password refused by the less-secure-apps rule.
    pub web_login: WebLoginStyle,
    /// Verbatim replacements.
    pub overrides: Overrides,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_names_roundtrip() {
        for n in Stage::all_names() {
            assert_eq!(Stage::parse(&n).unwrap().to_string(), n);
        }
        assert!(Stage::parse("imap.nope").is_none());
    }

    #[test]
    fn overrides_validate_and_render() {
        let mut o = Overrides::default();
        o.set(
            "imap.web-login-required",
            vec![
                "* NO [WEBALERT {webalert}] Web login required.".into(),
                "NO [ALERT] Please log in via your web browser (Failure)".into(),
            ],
        )
        .unwrap();
        let r = o
            .imap(
                Stage::ImapDenial(Denial::WebLoginRequired),
                &Tag("x9".into()),
                &SAMPLE,
            )
            .unwrap();
        assert_eq!(r.len(), 2);
        assert!(String::from_utf8(r[1].to_bytes())
            .unwrap()
            .starts_with("x9 NO [ALERT]"));
        o.set(
            "smtp.invalid-credentials",
            vec![
                "535-5.7.8 Bad.".into(),
                "535 5.7.8 More {id} - gsmtp".into(),
            ],
        )
        .unwrap();
        let r = o
            .smtp(Stage::SmtpDenial(Denial::InvalidCredentials), &SAMPLE)
            .unwrap();
        assert_eq!(r.code, 535);
        assert!(r.lines[1].contains("a1b2c3d4e5"));
        assert!(matches!(
            o.set("smtp.greeting", vec!["hello".into()]),
            Err(OverrideError::InvalidLine { .. })
        ));
        assert!(matches!(
            o.set("imap.bogus", vec!["x".into()]),
            Err(OverrideError::UnknownStage { .. })
        ));
    }
}
