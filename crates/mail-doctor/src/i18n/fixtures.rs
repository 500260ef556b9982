//! Test fixtures for the advice plan: every remediation with the fact
//! variations the texts distinguish, built the way the classifier would.
//!
//! Why hand-built diagnoses and not mock runs: the texts branch on facts a
//! scenario reaches only slowly or not at all (every settings problem on
//! both protocols, every era for both kinds of account, every kind of
//! temporary trouble). Building [`Diagnosis`] values directly covers the
//! whole matrix in milliseconds; the scenario suite covers the real path.
//!
//! The matrix is [`cases`]: for both kinds of account and each date in
//! [`DATES`], one case per remediation and rule (and per settings problem).
//! A case always rules out "allow less secure apps" when the era has no such
//! option, as the classifier does, and never rules out its own remediation.

use chrono::NaiveDate;
use gmail_wire::google::{era, AccountKind};

use super::{Advice, Ctx};
use crate::classify::{
    AdminSetting, Decider, Diagnosis, Facts, Note, RelayRefusal, Rule, RuledOut, RuledOutReason,
    SettingsIssue, Temporary,
};
use crate::config::{Endpoint, Security, SMTP_RELAY_HOST};
use crate::i18n::Catalogue;
use crate::probe::StepKind;
use crate::remedy::{Actor, RemediationId as R};
use crate::Protocol;

/// One diagnosis to render.
#[derive(Debug, Clone)]
pub struct Case {
    /// What the case is, for assertion messages.
    pub label: String,
    /// The diagnosis the advice is planned from.
    pub diagnosis: Diagnosis,
    /// The account address (a personal or a company one, by kind).
    pub email: &'static str,
    /// IMAP settings as typed.
    pub imap: Endpoint,
    /// SMTP settings as typed.
    pub smtp: Endpoint,
}

impl Case {
    /// What the advice plan reads.
    pub fn ctx(&self) -> Ctx<'_> {
        Ctx {
            diagnosis: &self.diagnosis,
            email: self.email,
            imap: &self.imap,
            smtp: &self.smtp,
        }
    }
}

/// A fixture date (`YYYY-MM-DD`).
pub fn date(s: &str) -> NaiveDate {
    s.parse().expect("fixture date")
}

/// Dates that cross every cut-off: G Suite era, Workspace name with
/// consumer less-secure apps, consumer cut-off passed, Workspace
/// settings hidden, everything gone.
pub const DATES: [&str; 5] = [
    "2019-06-01",
    "2021-03-01",
    "2023-01-01",
    "2024-07-01",
    "2026-01-01",
];

/// Settings as a customer might type them.
pub fn ep(host: &str, port: u16, security: Security) -> Endpoint {
    Endpoint {
        host: host.into(),
        port,
        security,
    }
}

/// The era's facts for a kind of account on a date, derived with the same
/// `gmail_wire::google::era` functions the classifier uses, so the fixtures
/// cannot drift from the cut-off dates.
pub fn facts(kind: AccountKind, as_of: NaiveDate) -> Facts {
    Facts {
        as_of,
        account_kind: kind,
        less_secure_possible: era::less_secure_possible(kind, as_of),
        less_secure_end: era::less_secure_end(kind),
        user_imap_switch_exists: era::user_imap_switch_exists(as_of),
        admin_product: era::admin_product_name(as_of),
        settings: None,
        temporary: None,
        secret_is_app_password: false,
        secret_is_oauth: false,
        web_login_url: None,
        ambiguous: false,
        from_requested: None,
        from_delivered: None,
        relay: None,
        propagating: None,
        mail_exchangers: Vec::new(),
    }
}

/// A "Send mail as" address outside the fixtures' organisation.
pub const SEND_AS: &str = "anna@biuro-partnera.example";

/// An outside address the account has not confirmed.
pub const OUTSIDE: &str = "oferty@partner.example";

/// A personal address for a consumer account, a company one otherwise.
fn email(kind: AccountKind) -> &'static str {
    match kind {
        AccountKind::Consumer => "anna.nowak@gmail.com",
        AccountKind::Workspace => "anna@firma.pl",
    }
}

/// Who acts for a remediation and kind, as the classifier assigns it.
fn actor(id: R, kind: AccountKind) -> Actor {
    match (id, kind) {
        (R::None, _) => Actor::Nobody,
        (R::EnableImap | R::AllowExternalSmtp, _) => Actor::WorkspaceAdmin,
        (R::ConfigureSmtpRelay, AccountKind::Workspace) => Actor::WorkspaceAdmin,
        (R::AllowLessSecureApps, AccountKind::Workspace) => Actor::AdminAndUser,
        (R::AccountSuspended, AccountKind::Workspace) => Actor::WorkspaceAdmin,
        (R::CheckNetwork | R::CheckTlsInterception, _) => Actor::NetworkAdmin,
        (R::NotAGoogleMailbox, _) => Actor::MailAdmin,
        _ => Actor::User,
    }
}

/// A diagnosis decided by `protocol` at `step` with the given typed
/// settings.
#[allow(clippy::too_many_arguments)]
fn case(
    label: String,
    id: R,
    rule: Rule,
    kind: AccountKind,
    as_of: NaiveDate,
    protocol: Protocol,
    step: StepKind,
    imap: Endpoint,
    smtp: Endpoint,
    tweak: impl FnOnce(&mut Diagnosis),
) -> Case {
    let endpoint = match protocol {
        Protocol::Imap => imap.clone(),
        Protocol::Smtp => smtp.clone(),
    };
    let mut diagnosis = Diagnosis {
        remediation: id,
        actor: actor(id, kind),
        rule,
        recognised: true,
        decided_by: (id != R::None).then_some(Decider {
            protocol,
            step,
            endpoint,
        }),
        quote: Vec::new(),
        facts: facts(kind, as_of),
        ruled_out: Vec::new(),
        notes: Vec::new(),
    };
    if !diagnosis.facts.less_secure_possible {
        diagnosis.ruled_out.push(RuledOut {
            id: R::AllowLessSecureApps,
            reason: RuledOutReason::NoLongerExists,
        });
    }
    tweak(&mut diagnosis);
    diagnosis.ruled_out.retain(|r| r.id != id);
    Case {
        label,
        diagnosis,
        email: email(kind),
        imap,
        smtp,
    }
}

/// The typed settings for each settings issue: (protocol, imap, smtp).
pub fn settings_cases() -> Vec<(SettingsIssue, Protocol, Endpoint, Endpoint)> {
    use Security::{None as Plain, Ssl, Starttls};
    let gi = ep("imap.gmail.com", 993, Ssl);
    let gs = ep("smtp.gmail.com", 465, Ssl);
    vec![
        (
            SettingsIssue::NoSuchHost,
            Protocol::Imap,
            ep("imap.gmial.com", 993, Ssl),
            gs.clone(),
        ),
        (
            SettingsIssue::Refused,
            Protocol::Imap,
            ep("imap.gmail.com", 995, Ssl),
            gs.clone(),
        ),
        (
            SettingsIssue::NoAnswer,
            Protocol::Smtp,
            gi.clone(),
            ep("smtp.gmail.com", 2525, Ssl),
        ),
        (
            SettingsIssue::PlaintextPort,
            Protocol::Imap,
            ep("imap.gmail.com", 143, Ssl),
            gs.clone(),
        ),
        (
            SettingsIssue::PlaintextPort,
            Protocol::Smtp,
            gi.clone(),
            ep("smtp.gmail.com", 587, Ssl),
        ),
        (
            SettingsIssue::TlsPort,
            Protocol::Imap,
            ep("imap.gmail.com", 993, Starttls),
            gs.clone(),
        ),
        (
            SettingsIssue::TlsPort,
            Protocol::Smtp,
            gi.clone(),
            ep("smtp.gmail.com", 465, Starttls),
        ),
        (
            SettingsIssue::OtherProtocol,
            Protocol::Imap,
            ep("smtp.gmail.com", 465, Ssl),
            gs.clone(),
        ),
        (
            SettingsIssue::OtherProtocol,
            Protocol::Smtp,
            gi.clone(),
            ep("imap.gmail.com", 993, Ssl),
        ),
        (
            SettingsIssue::NoStarttls,
            Protocol::Smtp,
            gi.clone(),
            ep("smtp.gmail.com", 587, Starttls),
        ),
        (
            SettingsIssue::MustStarttls,
            Protocol::Smtp,
            ep("imap.gmail.com", 143, Plain),
            ep("smtp.gmail.com", 587, Plain),
        ),
        (
            SettingsIssue::Unencrypted,
            Protocol::Imap,
            ep("imap.gmail.com", 143, Plain),
            gs.clone(),
        ),
        (
            SettingsIssue::WrongHostCertificate,
            Protocol::Imap,
            ep("64.233.184.108", 993, Ssl),
            gs,
        ),
    ]
}

/// Every remediation × the fact variations its text distinguishes,
/// for both account kinds and every era in [`DATES`].
/// The whole matrix: both kinds × [`DATES`] × every remediation, rule and
/// settings problem the texts distinguish.
pub fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    let gi = ep("imap.gmail.com", 993, Security::Ssl);
    let gs = ep("smtp.gmail.com", 465, Security::Ssl);
    for kind in [AccountKind::Consumer, AccountKind::Workspace] {
        for d in DATES {
            let as_of = date(d);
            let tag = |what: &str| format!("{what} / {kind:?} / {d}");
            let simple = |out: &mut Vec<Case>,
                          id: R,
                          rule: Rule,
                          protocol: Protocol,
                          step: StepKind,
                          tweak: &dyn Fn(&mut Diagnosis)| {
                out.push(case(
                    tag(&format!("{id} {rule}")),
                    id,
                    rule,
                    kind,
                    as_of,
                    protocol,
                    step,
                    gi.clone(),
                    gs.clone(),
                    tweak,
                ));
            };
            let auth = |p: Protocol| {
                if p == Protocol::Imap {
                    StepKind::ImapLogin
                } else {
                    StepKind::SmtpAuth
                }
            };

            out.push(case(
                tag("none"),
                R::None,
                Rule::AllProbesPassed,
                kind,
                as_of,
                Protocol::Imap,
                StepKind::ImapLogin,
                gi.clone(),
                gs.clone(),
                |d| {
                    for id in [
                        R::FixConnectionSettings,
                        R::CheckPassword,
                        R::EnableImap,
                        R::AllowExternalSmtp,
                    ] {
                        d.ruled_out.push(RuledOut {
                            id,
                            reason: RuledOutReason::Works,
                        });
                    }
                },
            ));
            for (issue, protocol, imap, smtp) in settings_cases() {
                let label = tag(&format!("fix-connection-settings {issue:?} {protocol:?}"));
                out.push(case(
                    label,
                    R::FixConnectionSettings,
                    settings_rule(&issue),
                    kind,
                    as_of,
                    protocol,
                    StepKind::Greeting,
                    imap,
                    smtp,
                    |d| {
                        d.facts.settings = Some(issue.clone());
                    },
                ));
            }
            for rule in [
                Rule::DnsFailed,
                Rule::ConnectBlocked,
                Rule::ConnectFiltered,
                Rule::TlsPlaintextOnSslPort,
            ] {
                simple(
                    &mut out,
                    R::CheckNetwork,
                    rule,
                    Protocol::Imap,
                    StepKind::Connect,
                    &|_| {},
                );
            }
            for rule in [
                Rule::TlsUnknownIssuer,
                Rule::TlsExpired,
                Rule::TlsNameMismatch,
                Rule::TlsNotYetValid,
                Rule::TlsCaUsedAsEndEntity,
                Rule::TlsRevoked,
                Rule::TlsBadCertificate,
                Rule::TlsFailed,
            ] {
                simple(
                    &mut out,
                    R::CheckTlsInterception,
                    rule,
                    Protocol::Smtp,
                    StepKind::TlsHandshake,
                    &|_| {},
                );
            }
            // check-password: plain wrong password, ambiguous, app password,
            // ladder exhausted, SMTP refused while IMAP signed in.
            simple(
                &mut out,
                R::CheckPassword,
                Rule::AuthInvalidCredentialsCheckPassword,
                Protocol::Imap,
                StepKind::ImapLogin,
                &|d| d.facts.ambiguous = true,
            );
            simple(
                &mut out,
                R::CheckPassword,
                Rule::AuthInvalidCredentialsCheckPassword,
                Protocol::Imap,
                StepKind::ImapLogin,
                &|d| {
                    d.facts.ambiguous = true;
                    d.recognised = false;
                    d.notes.push(Note::NotRecognised);
                },
            );
            simple(
                &mut out,
                R::CheckPassword,
                Rule::AuthInvalidCredentialsAppPassword,
                Protocol::Imap,
                StepKind::ImapLogin,
                &|d| {
                    d.facts.ambiguous = true;
                    d.facts.secret_is_app_password = true;
                },
            );
            simple(
                &mut out,
                R::CheckPassword,
                Rule::AuthLadderExhausted,
                Protocol::Imap,
                StepKind::ImapLogin,
                &|d| {
                    d.facts.ambiguous = true;
                    for id in [R::CheckPassword, R::AllowLessSecureApps, R::UseAppPassword] {
                        d.ruled_out.push(RuledOut {
                            id,
                            reason: RuledOutReason::Tried,
                        });
                    }
                },
            );
            simple(
                &mut out,
                R::CheckPassword,
                Rule::AuthInvalidCredentialsCheckPassword,
                Protocol::Smtp,
                StepKind::SmtpAuth,
                &|d| {
                    d.facts.ambiguous = true;
                    for id in [R::EnableImap, R::AllowLessSecureApps, R::UseAppPassword] {
                        d.ruled_out.push(RuledOut {
                            id,
                            reason: RuledOutReason::Works,
                        });
                    }
                },
            );
            simple(
                &mut out,
                R::EnableImap,
                Rule::AuthImapDisabledDomain,
                Protocol::Imap,
                StepKind::ImapLogin,
                &|_| {},
            );
            simple(
                &mut out,
                R::EnableImapUser,
                Rule::AuthImapDisabledUser,
                Protocol::Imap,
                StepKind::ImapLogin,
                &|d| {
                    if !d.facts.user_imap_switch_exists {
                        d.notes.push(Note::SwitchGoneButReported);
                    }
                },
            );
            for p in [Protocol::Imap, Protocol::Smtp] {
                simple(
                    &mut out,
                    R::AllowLessSecureApps,
                    Rule::AuthWebLoginLessSecure,
                    p,
                    auth(p),
                    &|d| {
                        d.facts.web_login_url = Some(
                            "https://accounts.google.com/signin/continue?sarp=1&scc=1&plt=AKgnsbt"
                                .into(),
                        );
                    },
                );
            }
            simple(
                &mut out,
                R::AllowLessSecureApps,
                Rule::AuthWebLoginCheckAccount,
                Protocol::Imap,
                StepKind::ImapLogin,
                &|d| {
                    d.notes.push(Note::AlreadyTried {
                        id: R::AllowLessSecureApps,
                    });
                },
            );
            simple(
                &mut out,
                R::AllowLessSecureApps,
                Rule::AuthLadderLessSecure,
                Protocol::Imap,
                StepKind::ImapLogin,
                &|d| {
                    d.facts.ambiguous = true;
                    d.ruled_out.push(RuledOut {
                        id: R::CheckPassword,
                        reason: RuledOutReason::Tried,
                    });
                },
            );
            for rule in [
                Rule::AuthAppPasswordRequired,
                Rule::AuthWebLoginAppPassword,
                Rule::AuthWebLoginSettingGone,
                Rule::AuthLadderAppPassword,
            ] {
                simple(
                    &mut out,
                    R::UseAppPassword,
                    rule,
                    Protocol::Imap,
                    StepKind::ImapLogin,
                    &|d| {
                        d.facts.ambiguous = d.rule == Rule::AuthLadderAppPassword;
                    },
                );
            }
            simple(
                &mut out,
                R::AllowExternalSmtp,
                Rule::SendRefusedByPolicy,
                Protocol::Smtp,
                StepKind::Envelope,
                &|_| {},
            );
            simple(
                &mut out,
                R::AllowExternalSmtp,
                Rule::SendPolicyCodeSendAs,
                Protocol::Smtp,
                StepKind::Envelope,
                &|d| d.facts.from_requested = Some(SEND_AS.into()),
            );
            simple(
                &mut out,
                R::AddSendAsAddress,
                Rule::SendFromRewritten,
                Protocol::Smtp,
                StepKind::Delivery,
                &|d| {
                    d.facts.from_requested = Some(OUTSIDE.into());
                    d.facts.from_delivered = Some(email(kind).into());
                },
            );
            for (relay, rule) in [
                (RelayRefusal::NotAllowed, Rule::SendRelayDenied),
                (
                    RelayRefusal::SenderNotInDomains,
                    Rule::SendRelaySenderNotInDomains,
                ),
                (RelayRefusal::AuthRequired, Rule::SendRelayAuthRequired),
            ] {
                out.push(case(
                    tag(&format!("configure-smtp-relay {relay:?}")),
                    R::ConfigureSmtpRelay,
                    rule,
                    kind,
                    as_of,
                    Protocol::Smtp,
                    StepKind::Envelope,
                    gi.clone(),
                    ep(SMTP_RELAY_HOST, 587, Security::Starttls),
                    |d| {
                        d.facts.relay = Some(relay);
                        d.facts.from_requested = Some(OUTSIDE.into());
                    },
                ));
            }
            simple(
                &mut out,
                R::SendingLimitReached,
                Rule::SendDailyLimit,
                Protocol::Smtp,
                StepKind::SendTest,
                &|_| {},
            );
            for t in [
                Temporary::TooManyConnections,
                Temporary::RateLimited,
                Temporary::Propagation,
                Temporary::Slow,
                Temporary::ServerError,
            ] {
                out.push(case(
                    tag(&format!("retry-later {t:?}")),
                    R::RetryLater,
                    temporary_rule(t),
                    kind,
                    as_of,
                    Protocol::Imap,
                    StepKind::ImapLogin,
                    gi.clone(),
                    gs.clone(),
                    |d| {
                        d.facts.temporary = Some(t);
                    },
                ));
            }
            // Propagation of each admin setting (the ladder's retry-later
            // after the setting's own step was tried).
            for (setting, rule, protocol, step) in [
                (
                    AdminSetting::Imap,
                    Rule::AuthImapDisabledDomainPropagating,
                    Protocol::Imap,
                    StepKind::ImapLogin,
                ),
                (
                    AdminSetting::ExternalSmtp,
                    Rule::SendRefusedByPolicyPropagating,
                    Protocol::Smtp,
                    StepKind::Envelope,
                ),
                (
                    AdminSetting::SmtpRelay,
                    Rule::SendRelayPropagating,
                    Protocol::Smtp,
                    StepKind::Envelope,
                ),
                (
                    AdminSetting::LessSecureApps,
                    Rule::AuthWebLoginPropagating,
                    Protocol::Imap,
                    StepKind::ImapLogin,
                ),
            ] {
                simple(&mut out, R::RetryLater, rule, protocol, step, &|d| {
                    d.facts.temporary = Some(Temporary::Propagation);
                    d.facts.propagating = Some(setting);
                    d.ruled_out.push(RuledOut {
                        id: setting.remediation(),
                        reason: RuledOutReason::Tried,
                    });
                });
            }
            simple(
                &mut out,
                R::AccountSuspended,
                Rule::AuthSuspended,
                Protocol::Imap,
                StepKind::ImapLogin,
                &|_| {},
            );
            // The MX stage: a mailbox hosted elsewhere (with the
            // exchangers found), a domain without MX, a domain that does
            // not exist.
            simple(
                &mut out,
                R::NotAGoogleMailbox,
                Rule::MxElsewhere,
                Protocol::Imap,
                StepKind::ImapLogin,
                &|d| {
                    d.decided_by = None;
                    d.facts.mail_exchangers = vec![
                        crate::probe::mx::Exchanger {
                            preference: 10,
                            host: "mx.home.pl.".into(),
                        },
                        crate::probe::mx::Exchanger {
                            preference: 20,
                            host: "mx2.home.pl.".into(),
                        },
                    ];
                },
            );
            simple(
                &mut out,
                R::NotAGoogleMailbox,
                Rule::MxNone,
                Protocol::Imap,
                StepKind::ImapLogin,
                &|d| d.decided_by = None,
            );
            simple(
                &mut out,
                R::CheckPassword,
                Rule::MxNoSuchDomain,
                Protocol::Imap,
                StepKind::ImapLogin,
                &|d| d.decided_by = None,
            );
            for rule in [Rule::OauthTokenRefused, Rule::AuthInvalidCredentialsOauth] {
                simple(
                    &mut out,
                    R::ReauthorizeOauth,
                    rule,
                    Protocol::Imap,
                    StepKind::ImapLogin,
                    &|d| d.facts.secret_is_oauth = true,
                );
            }
        }
    }
    out
}

/// Every note variant.
pub fn notes() -> Vec<Note> {
    vec![
        Note::DisambiguatedBy {
            protocol: Protocol::Smtp,
        },
        Note::NotRecognised,
        Note::AlreadyTried {
            id: R::AllowLessSecureApps,
        },
        Note::AlsoFailing {
            protocol: Protocol::Smtp,
            step: StepKind::SmtpAuth,
        },
        Note::LibraryDisagrees {
            protocol: Protocol::Imap,
            library: "NO [ALERT] Please log in via your web browser".into(),
            probe_ok: true,
        },
        Note::LibraryDisagrees {
            protocol: Protocol::Smtp,
            library: "logged in".into(),
            probe_ok: false,
        },
        Note::SwitchGoneButReported,
        Note::FromNeedsSendTest {
            from: OUTSIDE.into(),
        },
        Note::MxUnchecked {
            domain: "firma.pl".into(),
            problem: crate::probe::mx::MxProblem::Timeout,
        },
        Note::MxDisagrees {
            domain: "firma.pl".into(),
            finding: crate::probe::mx::MxFinding::NoSuchDomain,
        },
        Note::MxDisagrees {
            domain: "firma.pl".into(),
            finding: crate::probe::mx::MxFinding::NoExchangers,
        },
    ]
}

/// Every remediation × every reason.
pub fn ruled_outs() -> Vec<RuledOut> {
    R::ALL
        .into_iter()
        .flat_map(|id| {
            [
                RuledOutReason::Works,
                RuledOutReason::Tried,
                RuledOutReason::NoLongerExists,
            ]
            .map(|reason| RuledOut { id, reason })
        })
        .collect()
}

/// Every probe step.
pub const STEPS: [StepKind; 14] = [
    StepKind::Mx,
    StepKind::Resolve,
    StepKind::Connect,
    StepKind::TlsHandshake,
    StepKind::Greeting,
    StepKind::Capability,
    StepKind::Starttls,
    StepKind::ImapLogin,
    StepKind::SelectInbox,
    StepKind::Ehlo,
    StepKind::SmtpAuth,
    StepKind::Envelope,
    StepKind::SendTest,
    StepKind::Delivery,
];

/// Every actor.
pub const ACTORS: [Actor; 6] = [
    Actor::Nobody,
    Actor::User,
    Actor::WorkspaceAdmin,
    Actor::AdminAndUser,
    Actor::NetworkAdmin,
    Actor::MailAdmin,
];

/// Everything an advice says, in one language, as one string.
pub fn all_text(a: &Advice, c: &Catalogue) -> String {
    let mut s = format!("{}\n{}\n", c.say(&a.title), c.say(&a.summary));
    for line in a.steps.iter().chain(&a.caveats) {
        s.push_str(&c.say(line));
        s.push('\n');
    }
    s
}

/// Cases of one remediation.
pub fn of(id: R) -> Vec<Case> {
    cases()
        .into_iter()
        .filter(|c| c.diagnosis.remediation == id)
        .collect()
}

/// The rule the classifier gives a settings issue (for realistic fixtures).
fn settings_rule(issue: &SettingsIssue) -> Rule {
    match issue {
        SettingsIssue::NoSuchHost => Rule::DnsNoSuchHost,
        SettingsIssue::Refused => Rule::ConnectRefused,
        SettingsIssue::NoAnswer => Rule::ConnectTimeout,
        SettingsIssue::PlaintextPort => Rule::TlsPlaintextPort,
        SettingsIssue::TlsPort => Rule::GreetingSilentTlsPort,
        SettingsIssue::OtherProtocol => Rule::GreetingOtherProtocol,
        SettingsIssue::NoStarttls => Rule::StarttlsNotOffered,
        SettingsIssue::MustStarttls => Rule::AuthMustStarttls,
        SettingsIssue::Unencrypted => Rule::AuthUnencrypted,
        SettingsIssue::WrongHostCertificate => Rule::TlsNameMismatchHost,
    }
}

/// The rule the classifier gives a temporary condition.
fn temporary_rule(t: Temporary) -> Rule {
    match t {
        Temporary::TooManyConnections => Rule::AuthTooManyConnections,
        Temporary::RateLimited => Rule::ServerTemporary,
        Temporary::Propagation => Rule::AuthWebLoginPropagating,
        Temporary::Slow => Rule::ServerTimeout,
        Temporary::ServerError => Rule::ConnectionDropped,
    }
}
