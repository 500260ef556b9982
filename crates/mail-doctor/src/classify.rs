//! From protocol evidence to one remediation.
//!
//! Only what the servers said (response codes, texts, TLS and socket
//! errors) counts — never which mock mode ran — so the same rules work on
//! real Gmail. Typed codes are checked first (`[ALERT]`, RFC 5530 codes,
//! enhanced SMTP codes), texts second, tolerating the wordings of different
//! eras, line splits, case and spacing. Ambiguous evidence ("Invalid
//! credentials") walks the article's ladder, skipping rungs the customer has
//! already tried.

use chrono::NaiveDate;
use gmail_wire::google::{era, AccountKind};
use gmail_wire::imap::{Code, StatusKind, StatusResponse};
use gmail_wire::smtp::Reply;
use serde::Serialize;

use crate::config::{Config, Endpoint, Security};
use crate::probe::{Failure, NetFailure, ProtocolRun, StepKind, TlsProblem};
use crate::remedy::{Actor, RemediationId as R};
use crate::Protocol;

/// Every rule id the classifier can report (stable: tests, support,
/// report texts that vary by rule). A unit test checks this list against
/// the source.
pub const RULES: &[&str] = &[
    "all-probes-passed",
    "auth.app-password-required",
    "auth.imap-disabled-domain",
    "auth.imap-disabled-user",
    "auth.invalid-credentials.app-password",
    "auth.invalid-credentials.check-password",
    "auth.invalid-credentials.ladder.app-password",
    "auth.invalid-credentials.ladder.exhausted",
    "auth.invalid-credentials.ladder.less-secure",
    "auth.invalid-credentials.ladder.propagating",
    "auth.invalid-credentials.oauth",
    "auth.must-starttls",
    "auth.suspended",
    "auth.too-many-connections",
    "auth.unencrypted",
    "auth.web-login.app-password",
    "auth.web-login.less-secure",
    "auth.web-login.propagating",
    "connect.blocked",
    "connect.refused",
    "connect.timeout",
    "connection.dropped",
    "connection.garbled",
    "dns.failed",
    "dns.no-such-host",
    "greeting.closed",
    "greeting.garbage",
    "greeting.other-protocol",
    "greeting.silent-tls-port",
    "oauth.token-refused",
    "send-test.not-delivered",
    "send.refused-by-policy",
    "send.unrecognised",
    "server.temporary",
    "server.timeout",
    "server.unrecognised",
    "starttls.not-offered",
    "starttls.refused",
    "timeout.non-gmail-settings",
    "tls.closed",
    "tls.expired",
    "tls.failed",
    "tls.name-mismatch",
    "tls.name-mismatch.host",
    "tls.plaintext-on-ssl-port",
    "tls.plaintext-port",
    "tls.timeout",
    "tls.timeout.non-gmail-settings",
    "tls.unknown-issuer",
];

/// What a refusal text means, independent of protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Signal {
    /// "IMAP access is disabled for your domain".
    ImapDisabledDomain,
    /// "Your account is not enabled for IMAP use".
    ImapDisabledUser,
    /// "Application-specific password required".
    AppPasswordRequired,
    /// "Please log in via your web browser" / WEBALERT / 5.7.14.
    WebLoginRequired,
    /// "Invalid credentials" / 535 5.7.8: wrong secret *or* a blocked
    /// less-secure sign-in (Gmail used the same words for years).
    InvalidCredentials,
    /// "Too many simultaneous connections".
    TooManyConnections,
    /// Rate limits, temporary errors, 4xx.
    Temporary,
    /// The account is suspended or disabled.
    Suspended,
    /// "Must issue a STARTTLS command first".
    MustStarttls,
    /// Sending refused by policy (550 5.7.1, relay denied).
    SendingRefused,
    /// Nothing recognised.
    Unknown,
}

fn norm(text: &str) -> String {
    text.to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Recognises a refusal from its text and codes. `text` may span several
/// lines (SMTP continuation lines joined with spaces or newlines).
pub fn recognise(
    text: &str,
    imap_code: Option<&Code>,
    smtp_code: Option<u16>,
    enhanced: Option<(u8, u16, u16)>,
) -> Signal {
    let t = norm(text);
    let has = |needles: &[&str]| needles.iter().any(|n| t.contains(n));
    if has(&[
        "imap access is disabled for your domain",
        "imap is disabled for your domain",
        "pop and imap access",
        "imap access is disabled",
    ]) {
        return Signal::ImapDisabledDomain;
    }
    if has(&[
        "not enabled for imap",
        "enable your account for imap",
        "imap access is not enabled",
        "imap use",
    ]) {
        return Signal::ImapDisabledUser;
    }
    if has(&[
        "application-specific password",
        "application specific password",
        "app password",
        "invalidsecondfactor",
        "answer/185833",
        "hasło aplikacji",
        "haslo aplikacji",
        "anwendungsspezifisches passwort",
    ]) {
        return Signal::AppPasswordRequired;
    }
    if matches!(imap_code, Some(Code::WebAlert(_)))
        || has(&[
            "web browser",
            "webloginrequired",
            "web login required",
            "answer/78754",
            "signin/continue",
            "continuesignin",
            "przeglądark",
            "przegladark",
            "webbrowser an",
        ])
        || enhanced == Some((5, 7, 14))
    {
        return Signal::WebLoginRequired;
    }
    if has(&[
        "too many simultaneous connections",
        "too many connections",
        "maximum number of connections",
    ]) {
        return Signal::TooManyConnections;
    }
    if has(&[
        "suspended",
        "account disabled",
        "account has been disabled",
        "account is disabled",
        "zawieszone",
    ]) {
        return Signal::Suspended;
    }
    if has(&[
        "must issue a starttls",
        "starttls command first",
        "must issue starttls",
    ]) {
        return Signal::MustStarttls;
    }
    if has(&[
        "has a policy that prohibited",
        "mail relay denied",
        "invalid credentials for relay",
        "relay access denied",
        "not allowed to send",
        "relaying denied",
    ]) || enhanced == Some((5, 7, 1))
    {
        return Signal::SendingRefused;
    }
    if matches!(
        imap_code,
        Some(Code::OverQuota | Code::Throttled | Code::Unavailable | Code::Limit)
    ) || has(&[
        "too many login attempts",
        "try again later",
        "temporary system problem",
        "bandwidth",
        "[throttled]",
        "rate limit",
    ]) || smtp_code.is_some_and(|c| (400..500).contains(&c))
    {
        return Signal::Temporary;
    }
    if matches!(imap_code, Some(Code::AuthenticationFailed))
        || has(&[
            "invalid credentials",
            "username and password not accepted",
            "badcredentials",
            "authentication failed",
            "nieprawidłowe dane",
            "login failed",
        ])
        || enhanced == Some((5, 7, 8))
    {
        return Signal::InvalidCredentials;
    }
    Signal::Unknown
}

/// What was wrong with the typed settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum SettingsIssue {
    /// The host does not exist.
    NoSuchHost,
    /// Nothing listens on that port.
    Refused,
    /// No answer at all.
    NoAnswer,
    /// SSL chosen, but the port speaks plaintext (e.g. 143 or 587 with SSL).
    PlaintextPort,
    /// STARTTLS or none chosen, but the port expects TLS at once (e.g. 993 or
    /// 465 with STARTTLS): the server waits silently.
    TlsPort,
    /// The port belongs to the other protocol (an SMTP server on the IMAP
    /// setting, or the reverse).
    OtherProtocol,
    /// The server does not offer STARTTLS.
    NoStarttls,
    /// Authentication was attempted before STARTTLS.
    MustStarttls,
    /// No encryption chosen.
    Unencrypted,
    /// The certificate is for another host.
    WrongHostCertificate,
}

/// Why the remediation is "retry later".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Temporary {
    /// Too many simultaneous IMAP connections (other clients open).
    TooManyConnections,
    /// Login or bandwidth limits.
    RateLimited,
    /// A setting was changed and may take up to 24 h to reach IMAP/SMTP.
    Propagation,
    /// The server did not answer in time.
    Slow,
    /// Another temporary server error.
    ServerError,
}

/// Structured facts the report texts use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Facts {
    /// The date the diagnosis reasons with.
    pub as_of: NaiveDate,
    /// Personal or Workspace.
    pub account_kind: AccountKind,
    /// Whether "less secure apps" still exist for this account on `as_of`.
    pub less_secure_possible: bool,
    /// The date they ended (or end) for this kind of account.
    pub less_secure_end: NaiveDate,
    /// Whether the user's own IMAP switch still exists on `as_of`.
    pub user_imap_switch_exists: bool,
    /// "G Suite" or "Google Workspace" in admin menu paths.
    pub admin_product: &'static str,
    /// The settings problem, for fix-connection-settings.
    pub settings: Option<SettingsIssue>,
    /// The temporary condition, for retry-later.
    pub temporary: Option<Temporary>,
    /// The secret looked like an app password.
    pub secret_is_app_password: bool,
    /// The secret was an OAuth token.
    pub secret_is_oauth: bool,
    /// The sign-in URL Google sent (WEBALERT / 5.7.14), if any.
    pub web_login_url: Option<String>,
    /// The evidence was ambiguous ("Invalid credentials").
    pub ambiguous: bool,
}

/// Where the deciding evidence came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decider {
    /// IMAP or SMTP.
    pub protocol: Protocol,
    /// The step.
    pub step: StepKind,
    /// The settings of that protocol.
    pub endpoint: Endpoint,
}

/// A remark beside the remediation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Note {
    /// The first failure was ambiguous; the other protocol's evidence was
    /// specific and decided.
    DisambiguatedBy {
        /// The protocol whose evidence decided.
        protocol: Protocol,
    },
    /// The evidence was not recognised; the ladder was used.
    NotRecognised,
    /// A remediation the user already tried is still the right one.
    AlreadyTried {
        /// The id.
        id: R,
    },
    /// The other protocol failed too, for another reason.
    AlsoFailing {
        /// The protocol.
        protocol: Protocol,
        /// The step.
        step: StepKind,
    },
    /// The `imap` crate or lettre disagreed with the probe.
    LibraryDisagrees {
        /// The protocol.
        protocol: Protocol,
        /// What the library said (redacted).
        library: String,
        /// Whether the probe succeeded.
        probe_ok: bool,
    },
    /// The user's IMAP switch no longer exists on `as_of`, yet the server
    /// said it is off (an older transcript?).
    SwitchGoneButReported,
}

/// The classifier's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnosis {
    /// The one step to take.
    pub remediation: R,
    /// Who takes it.
    pub actor: Actor,
    /// The rule that matched (stable, for tests and support).
    pub rule: &'static str,
    /// Whether the deciding evidence was recognised.
    pub recognised: bool,
    /// The deciding protocol and step.
    pub decided_by: Option<Decider>,
    /// The decisive server lines (or error), redacted.
    pub quote: Vec<String>,
    /// Facts for the texts.
    pub facts: Facts,
    /// Rungs excluded by evidence or already tried.
    pub ruled_out: Vec<RuledOut>,
    /// Remarks.
    pub notes: Vec<Note>,
}

/// An excluded remediation and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuledOut {
    /// The id.
    pub id: R,
    /// Why it is excluded.
    pub reason: RuledOutReason,
}

/// Why a remediation is excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuledOutReason {
    /// The evidence shows this part works.
    Works,
    /// The customer already did it.
    Tried,
    /// Google removed the setting before `as_of`.
    NoLongerExists,
}

/// What the probes found, per protocol.
#[derive(Debug, Clone)]
pub struct Evidence<'a> {
    /// IMAP probe.
    pub imap: &'a ProtocolRun,
    /// SMTP probe.
    pub smtp: &'a ProtocolRun,
    /// Library check results per protocol: `Err(text)` when the library
    /// failed.
    pub library: Vec<(Protocol, Result<(), String>)>,
}

struct Verdict {
    id: R,
    rule: &'static str,
    recognised: bool,
    settings: Option<SettingsIssue>,
    temporary: Option<Temporary>,
    ambiguous: bool,
}

impl Verdict {
    fn new(id: R, rule: &'static str) -> Self {
        Verdict {
            id,
            rule,
            recognised: true,
            settings: None,
            temporary: None,
            ambiguous: false,
        }
    }

    fn settings(rule: &'static str, issue: SettingsIssue) -> Self {
        Verdict {
            settings: Some(issue),
            ..Verdict::new(R::FixConnectionSettings, rule)
        }
    }

    fn temporary(rule: &'static str, t: Temporary) -> Self {
        Verdict {
            temporary: Some(t),
            ..Verdict::new(R::RetryLater, rule)
        }
    }
}

fn signal_of_failure(f: &Failure) -> Option<(Signal, Option<String>)> {
    match f {
        Failure::Imap { response, untagged } => {
            let mut text = String::new();
            let mut code = response.code.clone();
            let mut url = None;
            for u in untagged {
                if let Some(Code::WebAlert(link)) = &u.code {
                    code = u.code.clone();
                    url = Some(link.clone());
                }
                text.push_str(&u.text);
                text.push(' ');
            }
            text.push_str(&response.text);
            let sig = recognise(&text, code.as_ref(), None, None);
            // A second look with the tagged code, in case the untagged one
            // was unrelated.
            let sig = if sig == Signal::Unknown {
                recognise(&response.text, response.code.as_ref(), None, None)
            } else {
                sig
            };
            let sig = if sig == Signal::Unknown && response.kind == StatusKind::Bye {
                Signal::Temporary
            } else {
                sig
            };
            Some((sig, url))
        }
        Failure::Smtp { reply } => {
            let enh = reply.enhanced.map(|e| (e.class, e.subject, e.detail));
            let text = reply.lines.join("\n");
            let url = reply.lines.iter().find_map(|l| {
                let l = l.trim();
                l.strip_prefix('<')
                    .and_then(|u| u.strip_suffix('>'))
                    .filter(|u| u.starts_with("https://"))
                    .map(str::to_owned)
            });
            Some((recognise(&text, None, Some(reply.code), enh), url))
        }
        _ => None,
    }
}

fn quote_failure(run: &ProtocolRun) -> Vec<String> {
    let Some(f) = &run.failure else {
        return Vec::new();
    };
    match &f.failure {
        Failure::Imap { response, untagged } => untagged
            .iter()
            .chain(std::iter::once(response))
            .map(|s: &StatusResponse| {
                String::from_utf8_lossy(&gmail_wire::imap::Response::Status(s.clone()).to_bytes())
                    .trim_end()
                    .to_owned()
            })
            .collect(),
        Failure::Smtp { reply } => reply.wire_lines(),
        Failure::OAuth { json } => vec![json.clone()],
        Failure::Net { problem } => vec![problem.to_string()],
        Failure::NoStarttls => vec!["STARTTLS not offered".into()],
        Failure::NoAuth => vec!["no authentication without TLS".into()],
        Failure::NotDelivered => vec!["test message not delivered".into()],
    }
}

/// Classifies one protocol's failure (no cross-protocol reasoning).
fn verdict(run: &ProtocolRun, cfg: &Config, facts: &Facts) -> Option<(Verdict, Option<String>)> {
    let failed = run.failure.as_ref()?;
    let ep = &run.endpoint;
    let gmail = ep.is_gmail_setting(run.protocol);
    let right_host = ep.host.eq_ignore_ascii_case(match run.protocol {
        Protocol::Imap => gmail_wire::google::IMAP_HOST,
        Protocol::Smtp => gmail_wire::google::SMTP_HOST,
    });
    let v = match &failed.failure {
        Failure::Net { problem } => match problem {
            NetFailure::NoSuchHost if !right_host => {
                Verdict::settings("dns.no-such-host", SettingsIssue::NoSuchHost)
            }
            NetFailure::NoSuchHost | NetFailure::Dns(_) => {
                Verdict::new(R::CheckNetwork, "dns.failed")
            }
            NetFailure::Refused if !gmail => {
                Verdict::settings("connect.refused", SettingsIssue::Refused)
            }
            NetFailure::ConnectTimeout if !gmail => {
                Verdict::settings("connect.timeout", SettingsIssue::NoAnswer)
            }
            NetFailure::Refused | NetFailure::ConnectTimeout | NetFailure::Connect(_) => {
                Verdict::new(R::CheckNetwork, "connect.blocked")
            }
            // Gmail's own SSL port answering in plaintext is not the
            // customer's setting: something on the network (a proxy, a
            // captive portal, a firewall's fake server) answers instead.
            NetFailure::Tls(TlsProblem::NotTls) if gmail => {
                Verdict::new(R::CheckNetwork, "tls.plaintext-on-ssl-port")
            }
            NetFailure::Tls(TlsProblem::NotTls) => {
                Verdict::settings("tls.plaintext-port", SettingsIssue::PlaintextPort)
            }
            NetFailure::Tls(TlsProblem::Closed) if !gmail => {
                Verdict::settings("tls.closed", SettingsIssue::PlaintextPort)
            }
            NetFailure::Tls(TlsProblem::UnknownIssuer) => {
                Verdict::new(R::CheckTlsInterception, "tls.unknown-issuer")
            }
            NetFailure::Tls(TlsProblem::NameMismatch) if !right_host => Verdict::settings(
                "tls.name-mismatch.host",
                SettingsIssue::WrongHostCertificate,
            ),
            NetFailure::Tls(TlsProblem::NameMismatch) => {
                Verdict::new(R::CheckTlsInterception, "tls.name-mismatch")
            }
            NetFailure::Tls(TlsProblem::Expired) => {
                Verdict::new(R::CheckTlsInterception, "tls.expired")
            }
            NetFailure::TlsTimeout if !gmail => {
                Verdict::settings("tls.timeout.non-gmail-settings", SettingsIssue::NoAnswer)
            }
            NetFailure::TlsTimeout => Verdict::temporary("tls.timeout", Temporary::Slow),
            NetFailure::Tls(_) if !gmail => {
                Verdict::settings("tls.failed", SettingsIssue::PlaintextPort)
            }
            NetFailure::Tls(_) => Verdict::new(R::CheckTlsInterception, "tls.failed"),
            NetFailure::Timeout
                if failed.step == StepKind::Greeting && ep.security != Security::Ssl =>
            {
                Verdict::settings("greeting.silent-tls-port", SettingsIssue::TlsPort)
            }
            NetFailure::Timeout if !gmail => {
                Verdict::settings("timeout.non-gmail-settings", SettingsIssue::NoAnswer)
            }
            NetFailure::Timeout => Verdict::temporary("server.timeout", Temporary::Slow),
            NetFailure::Garbage(text) if failed.step == StepKind::Greeting => {
                let other = match run.protocol {
                    Protocol::Imap => {
                        text.starts_with("220")
                            || text.starts_with("421")
                            || text.starts_with("554")
                    }
                    Protocol::Smtp => text.starts_with("* "),
                };
                if other {
                    Verdict::settings("greeting.other-protocol", SettingsIssue::OtherProtocol)
                } else {
                    Verdict {
                        recognised: false,
                        ..Verdict::settings("greeting.garbage", SettingsIssue::OtherProtocol)
                    }
                }
            }
            NetFailure::Closed if failed.step == StepKind::Greeting && !gmail => {
                Verdict::settings("greeting.closed", SettingsIssue::NoAnswer)
            }
            // The server hung up on correct settings: a temporary problem
            // on Google's side (or a crash) — retrying is the step.
            NetFailure::Closed => Verdict::temporary("connection.dropped", Temporary::ServerError),
            NetFailure::Io(_) | NetFailure::Garbage(_) => Verdict {
                recognised: false,
                ..Verdict::temporary("connection.garbled", Temporary::ServerError)
            },
        },
        Failure::NoStarttls => Verdict::settings("starttls.not-offered", SettingsIssue::NoStarttls),
        Failure::NoAuth => Verdict::settings("auth.unencrypted", SettingsIssue::Unencrypted),
        Failure::OAuth { .. } => Verdict::new(R::ReauthorizeOauth, "oauth.token-refused"),
        Failure::NotDelivered => Verdict {
            recognised: false,
            ..Verdict::temporary("send-test.not-delivered", Temporary::ServerError)
        },
        Failure::Imap { .. } | Failure::Smtp { .. } => {
            let (sig, url) = signal_of_failure(&failed.failure).unwrap_or((Signal::Unknown, None));
            let v = signal_verdict(sig, failed.step, run.protocol, cfg, facts);
            return Some((v, url));
        }
    };
    Some((v, None))
}

/// Maps a recognised signal to a remediation (era and ladder aware).
fn signal_verdict(
    sig: Signal,
    step: StepKind,
    protocol: Protocol,
    cfg: &Config,
    facts: &Facts,
) -> Verdict {
    let tried = |id: R| cfg.tried.contains(&id);
    match sig {
        Signal::ImapDisabledDomain => Verdict::new(R::EnableImap, "auth.imap-disabled-domain"),
        Signal::ImapDisabledUser => Verdict::new(R::EnableImapUser, "auth.imap-disabled-user"),
        Signal::AppPasswordRequired => {
            Verdict::new(R::UseAppPassword, "auth.app-password-required")
        }
        Signal::WebLoginRequired => {
            if facts.less_secure_possible && !tried(R::AllowLessSecureApps) {
                Verdict::new(R::AllowLessSecureApps, "auth.web-login.less-secure")
            } else if facts.less_secure_possible && !tried(R::RetryLater) {
                // Allowed already: the change may still be propagating (up to 24 h).
                Verdict::temporary("auth.web-login.propagating", Temporary::Propagation)
            } else {
                Verdict::new(R::UseAppPassword, "auth.web-login.app-password")
            }
        }
        Signal::InvalidCredentials => {
            let mut v = if facts.secret_is_oauth {
                Verdict::new(R::ReauthorizeOauth, "auth.invalid-credentials.oauth")
            } else if facts.secret_is_app_password {
                Verdict::new(R::CheckPassword, "auth.invalid-credentials.app-password")
            } else if !tried(R::CheckPassword) {
                Verdict::new(R::CheckPassword, "auth.invalid-credentials.check-password")
            } else if facts.less_secure_possible && !tried(R::AllowLessSecureApps) {
                Verdict::new(
                    R::AllowLessSecureApps,
                    "auth.invalid-credentials.ladder.less-secure",
                )
            } else if facts.less_secure_possible
                && tried(R::AllowLessSecureApps)
                && !tried(R::RetryLater)
            {
                Verdict::temporary(
                    "auth.invalid-credentials.ladder.propagating",
                    Temporary::Propagation,
                )
            } else if !tried(R::UseAppPassword) {
                Verdict::new(
                    R::UseAppPassword,
                    "auth.invalid-credentials.ladder.app-password",
                )
            } else {
                Verdict::new(
                    R::CheckPassword,
                    "auth.invalid-credentials.ladder.exhausted",
                )
            };
            v.ambiguous = true;
            v
        }
        Signal::TooManyConnections => {
            Verdict::temporary("auth.too-many-connections", Temporary::TooManyConnections)
        }
        Signal::Temporary => Verdict::temporary("server.temporary", Temporary::RateLimited),
        Signal::Suspended => Verdict::new(R::AccountSuspended, "auth.suspended"),
        Signal::MustStarttls => {
            Verdict::settings("auth.must-starttls", SettingsIssue::MustStarttls)
        }
        Signal::SendingRefused => Verdict::new(R::AllowExternalSmtp, "send.refused-by-policy"),
        Signal::Unknown => {
            // Not recognised: fall back by stage.
            let mut v = match (protocol, step) {
                (_, StepKind::Authenticate | StepKind::Auth) => {
                    return Verdict {
                        recognised: false,
                        ..signal_verdict(Signal::InvalidCredentials, step, protocol, cfg, facts)
                    }
                }
                (Protocol::Smtp, StepKind::Envelope | StepKind::SendTest) => {
                    Verdict::new(R::AllowExternalSmtp, "send.unrecognised")
                }
                (_, StepKind::Starttls) => {
                    Verdict::settings("starttls.refused", SettingsIssue::NoStarttls)
                }
                _ => Verdict::temporary("server.unrecognised", Temporary::ServerError),
            };
            v.recognised = false;
            v
        }
    }
}

fn actor_for(id: R, facts: &Facts) -> Actor {
    match id {
        R::None => Actor::Nobody,
        R::EnableImap | R::AllowExternalSmtp => Actor::WorkspaceAdmin,
        R::AllowLessSecureApps => match facts.account_kind {
            AccountKind::Workspace => Actor::AdminAndUser,
            AccountKind::Consumer => Actor::User,
        },
        R::CheckNetwork | R::CheckTlsInterception => Actor::NetworkAdmin,
        R::AccountSuspended => match facts.account_kind {
            AccountKind::Workspace => Actor::WorkspaceAdmin,
            AccountKind::Consumer => Actor::User,
        },
        R::FixConnectionSettings
        | R::CheckPassword
        | R::EnableImapUser
        | R::UseAppPassword
        | R::RetryLater
        | R::ReauthorizeOauth => Actor::User,
    }
}

/// Classifies the evidence.
pub fn classify(ev: &Evidence<'_>, cfg: &Config) -> Diagnosis {
    let kind = cfg.account_kind();
    let mut facts = Facts {
        as_of: cfg.as_of,
        account_kind: kind,
        less_secure_possible: era::less_secure_possible(kind, cfg.as_of),
        less_secure_end: era::less_secure_end(kind),
        user_imap_switch_exists: era::user_imap_switch_exists(cfg.as_of),
        admin_product: era::admin_product_name(cfg.as_of),
        settings: None,
        temporary: None,
        secret_is_app_password: cfg.credential.looks_like_app_password(),
        secret_is_oauth: cfg.credential.is_oauth(),
        web_login_url: None,
        ambiguous: false,
    };
    let mut notes = Vec::new();
    let imap_v = verdict(ev.imap, cfg, &facts);
    let smtp_v = verdict(ev.smtp, cfg, &facts);
    // The first failing probe decides (IMAP before SMTP, as in the article),
    // unless its evidence is ambiguous and the other protocol's is specific.
    let (chosen, run) = match (imap_v, smtp_v) {
        (Some(i), Some(s)) => {
            if i.0.ambiguous && !s.0.ambiguous && s.0.recognised && is_auth_verdict(&s.0) {
                notes.push(Note::DisambiguatedBy {
                    protocol: Protocol::Smtp,
                });
                (Some(s), ev.smtp)
            } else {
                if s.0.id != i.0.id {
                    if let Some(f) = &ev.smtp.failure {
                        notes.push(Note::AlsoFailing {
                            protocol: Protocol::Smtp,
                            step: f.step,
                        });
                    }
                }
                (Some(i), ev.imap)
            }
        }
        (Some(i), None) => (Some(i), ev.imap),
        (None, Some(s)) => (Some(s), ev.smtp),
        (None, None) => (None, ev.imap),
    };
    let (remediation, rule, recognised, decided_by, quote) = match chosen {
        Some((v, url)) => {
            facts.settings = v.settings.clone();
            facts.temporary = v.temporary;
            facts.ambiguous = v.ambiguous;
            facts.web_login_url = url;
            if !v.recognised {
                notes.push(Note::NotRecognised);
            }
            if v.id != R::RetryLater && cfg.tried.contains(&v.id) {
                notes.push(Note::AlreadyTried { id: v.id });
            }
            if v.id == R::EnableImapUser && !facts.user_imap_switch_exists {
                notes.push(Note::SwitchGoneButReported);
            }
            let failed = run.failure.as_ref().expect("verdict implies failure");
            let decider = Decider {
                protocol: run.protocol,
                step: failed.step,
                endpoint: run.endpoint.clone(),
            };
            (
                v.id,
                v.rule,
                v.recognised,
                Some(decider),
                quote_failure(run),
            )
        }
        None => (R::None, "all-probes-passed", true, None, Vec::new()),
    };
    for (protocol, result) in &ev.library {
        let probe_ok = match protocol {
            Protocol::Imap => ev.imap.authenticated,
            Protocol::Smtp => ev.smtp.authenticated,
        };
        match result {
            Err(text) if probe_ok => notes.push(Note::LibraryDisagrees {
                protocol: *protocol,
                library: text.clone(),
                probe_ok,
            }),
            Ok(()) if !probe_ok => notes.push(Note::LibraryDisagrees {
                protocol: *protocol,
                library: "logged in".into(),
                probe_ok,
            }),
            _ => {}
        }
    }
    let ruled_out = ruled_out(ev, cfg, &facts, remediation);
    Diagnosis {
        remediation,
        actor: actor_for(remediation, &facts),
        rule,
        recognised,
        decided_by,
        quote,
        facts,
        ruled_out,
        notes,
    }
}

fn is_auth_verdict(v: &Verdict) -> bool {
    matches!(
        v.id,
        R::UseAppPassword
            | R::AllowLessSecureApps
            | R::EnableImap
            | R::EnableImapUser
            | R::AccountSuspended
    ) || v.temporary == Some(Temporary::Propagation)
}

fn ruled_out(ev: &Evidence<'_>, cfg: &Config, facts: &Facts, chosen: R) -> Vec<RuledOut> {
    let mut v: Vec<RuledOut> = Vec::new();
    let mut add = |id: R, reason: RuledOutReason| {
        if id != chosen && !v.iter().any(|r| r.id == id) {
            v.push(RuledOut { id, reason });
        }
    };
    let connected = |r: &ProtocolRun| {
        r.steps
            .iter()
            .any(|s| s.step == StepKind::Greeting && s.outcome == crate::probe::Outcome::Ok)
    };
    if connected(ev.imap) && connected(ev.smtp) {
        add(R::FixConnectionSettings, RuledOutReason::Works);
        add(R::CheckNetwork, RuledOutReason::Works);
        add(R::CheckTlsInterception, RuledOutReason::Works);
    }
    if ev.imap.authenticated {
        for id in [
            R::CheckPassword,
            R::EnableImap,
            R::EnableImapUser,
            R::AllowLessSecureApps,
            R::UseAppPassword,
        ] {
            add(id, RuledOutReason::Works);
        }
    }
    if ev
        .smtp
        .steps
        .iter()
        .any(|s| s.step == StepKind::Envelope && s.outcome == crate::probe::Outcome::Ok)
    {
        add(R::AllowExternalSmtp, RuledOutReason::Works);
    }
    if !facts.less_secure_possible {
        add(R::AllowLessSecureApps, RuledOutReason::NoLongerExists);
    }
    if !facts.user_imap_switch_exists {
        add(R::EnableImapUser, RuledOutReason::NoLongerExists);
    }
    for t in &cfg.tried {
        add(*t, RuledOutReason::Tried);
    }
    v
}

/// The SMTP reply or IMAP status of a failure, for callers that quote it.
pub fn failure_reply(f: &Failure) -> Option<&Reply> {
    match f {
        Failure::Smtp { reply } => Some(reply),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Credential;
    use crate::probe::{Outcome, Step};

    fn run(protocol: Protocol, authenticated: bool) -> ProtocolRun {
        let endpoint = match protocol {
            Protocol::Imap => Endpoint::gmail_imap(),
            Protocol::Smtp => Endpoint::gmail_smtp(),
        };
        let step = |step| Step {
            protocol,
            step,
            outcome: Outcome::Ok,
            detail: String::new(),
            elapsed_ms: 0,
        };
        ProtocolRun {
            protocol,
            endpoint,
            connected_to: None,
            steps: vec![step(StepKind::Greeting)],
            failure: None,
            transcript: Vec::new(),
            capabilities: Vec::new(),
            authenticated,
            stopped_early: false,
        }
    }

    /// The probe logs in but the CRM's library cannot: a finding, not a
    /// different remediation.
    #[test]
    fn library_disagreement_is_a_note() {
        let cfg = Config::new(
            "anna@firma.pl",
            Credential::Password("pw".to_string().into()),
        );
        let (imap, smtp) = (run(Protocol::Imap, true), run(Protocol::Smtp, true));
        let ev = Evidence {
            imap: &imap,
            smtp: &smtp,
            library: vec![
                (Protocol::Imap, Err("Bad Response: unexpected token".into())),
                (Protocol::Smtp, Ok(())),
            ],
        };
        let d = classify(&ev, &cfg);
        assert_eq!(d.remediation, R::None);
        assert_eq!(
            d.notes,
            vec![Note::LibraryDisagrees {
                protocol: Protocol::Imap,
                library: "Bad Response: unexpected token".into(),
                probe_ok: true
            }]
        );
        let ev = Evidence {
            imap: &imap,
            smtp: &smtp,
            library: vec![(Protocol::Imap, Ok(())), (Protocol::Smtp, Ok(()))],
        };
        assert!(classify(&ev, &cfg).notes.is_empty());
    }

    /// Every rule literal in this file and in the texts is a known rule, so
    /// renaming one cannot silently break the report texts.
    #[test]
    fn rule_ids_are_listed() {
        let re_rule = |text: &str| -> Vec<String> {
            let mut out = Vec::new();
            for part in text.split('"').skip(1).step_by(2) {
                let dotted = part.contains('.')
                    && part.chars().all(|c| {
                        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-'
                    });
                let known_prefix = [
                    "auth.",
                    "tls.",
                    "dns.",
                    "connect.",
                    "greeting.",
                    "send.",
                    "send-test.",
                    "server.",
                    "starttls.",
                    "timeout.",
                    "oauth.",
                    "connection.",
                ]
                .iter()
                .any(|p| part.starts_with(p));
                if dotted && known_prefix {
                    out.push(part.to_owned());
                }
            }
            out
        };
        for (file, text) in [
            ("classify.rs", include_str!("classify.rs")),
            ("i18n/shared.rs", include_str!("i18n/shared.rs")),
            ("i18n/fixtures.rs", include_str!("i18n/fixtures.rs")),
        ] {
            for r in re_rule(text) {
                assert!(
                    RULES.contains(&r.as_str()) || r.ends_with('.'),
                    "{file}: rule {r:?} is not in RULES"
                );
            }
        }
    }
}
