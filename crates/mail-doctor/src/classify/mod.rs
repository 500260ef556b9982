//! From protocol evidence to one remediation.
//!
//! Only what the servers said (response codes, texts, TLS and socket
//! errors) counts — never which mock mode ran — so the same rules work on
//! real Gmail. The classifier works in four stages, one module each:
//!
//! 1. [`recognise`] — what a refusal means ([`Signal`]), reading the
//!    reply's stage and basic code first, then RFC 5530 and enhanced
//!    codes, and its words ([`wording`]) only as a fallback.
//! 2. `verdict` — what each protocol's first failure calls for on its
//!    own: network and TLS failures in `transport` (TLS from the typed
//!    [`crate::probe::TlsFailure`]), refusals on the `ladder`, which knows
//!    the support article's order, Google's cut-off dates and the rungs
//!    already tried.
//! 3. [`classify`] — the two protocols weighed: IMAP decides (the article
//!    starts with receiving) unless its evidence is the ambiguous "Invalid
//!    credentials" and SMTP's names a specific sign-in cause.
//! 4. `ruled_out` — which rungs the evidence, the era and the customer's
//!    tries exclude, so the report can say what *not* to try.
//!
//! Every way of reaching a remediation is a typed [`Rule`], stable in JSON
//! and snapshots.

/// Signals → rungs, era and ladder aware.
mod ladder;
/// Stage 0: the MX records say whether the mailbox is at Google at all.
pub mod mailbox;
pub mod recognise;
/// The typed rules.
mod rule;
/// Rungs the evidence, the era or the customer's tries exclude.
mod ruled_out;
/// DNS, TCP, TLS and greeting failures.
mod transport;
/// One protocol's verdict.
mod verdict;
pub mod wording;

use chrono::NaiveDate;
use gmail_wire::google::{era, AccountKind};
use gmail_wire::imap::StatusResponse;
use gmail_wire::smtp::Reply;
use serde::Serialize;

pub use mailbox::classify as classify_with_mx;
pub use recognise::{imap_signal, smtp_signal, Signal};
pub use rule::Rule;
pub use wording::text_signal;

use crate::config::{Config, Endpoint};
use crate::probe::{Failed, Failure, NetFailure, ProtocolRun, StepKind};
use crate::remedy::{Actor, RemediationId as R};
use crate::Protocol;
use verdict::Verdict;

/// What was wrong with the typed settings: the detail behind
/// `fix-connection-settings`, so the report can say which field to change
/// and to what (the rule that found it is in [`Diagnosis::rule`]).
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

/// Why the remediation is "retry later": DESIGN.md fixes every temporary
/// condition to one id, and this says which advice goes with it (close
/// other clients, wait for propagation, try again).
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

/// An administrator's (or a personal account owner's) setting whose change
/// Google says can take up to 24 hours to reach IMAP and SMTP: the detail
/// behind `retry-later` because of propagation, so the advice names the
/// setting that was changed rather than repeating its step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AdminSetting {
    /// "Disable POP and IMAP access for all users" (`enable-imap`).
    Imap,
    /// "Allow per-user outbound gateways" (`allow-external-smtp`).
    ExternalSmtp,
    /// The SMTP relay service (`configure-smtp-relay`).
    SmtpRelay,
    /// "Less secure apps" (`allow-less-secure-apps`).
    LessSecureApps,
}

impl AdminSetting {
    /// The remediation that changes this setting.
    pub fn remediation(self) -> R {
        match self {
            AdminSetting::Imap => R::EnableImap,
            AdminSetting::ExternalSmtp => R::AllowExternalSmtp,
            AdminSetting::SmtpRelay => R::ConfigureSmtpRelay,
            AdminSetting::LessSecureApps => R::AllowLessSecureApps,
        }
    }
}

/// Which setting of the Workspace SMTP relay service refused the mail: the
/// detail behind `configure-smtp-relay`, so the advice names the one
/// setting to check (the relay's three refusals look alike: all `550` at
/// MAIL FROM, all pointing at the same help page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RelayRefusal {
    /// "Mail relay denied": the relay service is not set up for this
    /// client — not enabled, or the client's IP is not among the allowed
    /// addresses (`#maildenied`).
    NotAllowed,
    /// "Invalid credentials for relay … doesn't match domain of the
    /// account this email is being sent from": the sender address is not
    /// in the organisation's domains or the allowed senders (`#invalidcred`).
    SenderNotInDomains,
    /// "This SMTP relay service requires SMTP AUTH": the admin requires
    /// SMTP authentication and the client did not sign in.
    AuthRequired,
}

/// Structured facts the report texts use.
///
/// The texts must not re-derive what the classifier knew — the era, the
/// account kind, what the evidence was — so the classifier hands them over
/// here, and both languages word the same facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Facts {
    /// The date the diagnosis reasons with.
    pub as_of: NaiveDate,
    /// Personal or Workspace.
    pub account_kind: AccountKind,
    /// Whether "less secure apps" still exist for this account on `as_of`:
    /// the ladder's rung 2 exists only while this holds.
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
    /// The evidence was ambiguous ("Invalid credentials"): the report then
    /// says what to check first and which rung comes next.
    pub ambiguous: bool,
    /// The address the CRM sends as (`--from`), when it is not the login:
    /// the sending advice names it. Absent from the JSON otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_requested: Option<String>,
    /// The From address the delivered test message carried, when Gmail
    /// rewrote it (`add-send-as-address`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_delivered: Option<String>,
    /// Which relay setting refused, for `configure-smtp-relay`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relay: Option<RelayRefusal>,
    /// The setting whose change may still be propagating, for
    /// `retry-later`. Absent from the JSON otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub propagating: Option<AdminSetting>,
    /// The login domain's mail exchangers, for `not-a-google-mailbox`
    /// (the advice names the provider they point at).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mail_exchangers: Vec<crate::probe::mx::Exchanger>,
}

impl Facts {
    /// Whether "less secure apps" can still be newly turned on for this
    /// account on `as_of`: false for Workspace from 2024-06-15, when the
    /// Admin console stopped offering the setting to domains not using it,
    /// although it keeps working until the cut-off where it was on. A
    /// method rather than a field: it follows from `as_of` and the kind,
    /// and the JSON already carries both.
    pub fn less_secure_offered(&self) -> bool {
        era::less_secure_offered(self.account_kind, self.as_of)
    }
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

/// A remark beside the remediation: evidence that did not decide but that
/// the reader should know (the other protocol failing too, a library that
/// disagrees, an unrecognised reply).
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
    /// The CRM sends as another address than the login, and no test
    /// message was sent: Gmail's From rewriting and its daily sending limit
    /// show only in a real message (`--send-test`).
    FromNeedsSendTest {
        /// The address the CRM sends as.
        from: String,
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
    /// The login domain's MX records could not be read (timeout, SERVFAIL,
    /// no resolver configuration): whether the mailbox is at Google was
    /// not checked, and the ladder was followed.
    MxUnchecked {
        /// The domain.
        domain: String,
        /// Why.
        problem: crate::probe::mx::MxProblem,
    },
    /// DNS says the domain (or its MX) does not exist, yet Gmail signed
    /// the account in: the ladder was followed, and mail sent to the
    /// address from outside will not reach this mailbox.
    MxDisagrees {
        /// The domain.
        domain: String,
        /// What DNS said.
        finding: crate::probe::mx::MxFinding,
    },
}

/// The classifier's result: one remediation, why (the rule and the
/// quoted evidence), who acts, and what is ruled out — data only; the
/// report puts it into words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnosis {
    /// The one step to take.
    pub remediation: R,
    /// Who takes it.
    pub actor: Actor,
    /// The rule that matched (stable, for tests and support).
    pub rule: Rule,
    /// Whether the deciding evidence was recognised.
    pub recognised: bool,
    /// The deciding protocol and step.
    pub decided_by: Option<Decider>,
    /// The decisive evidence: server lines verbatim, or the doctor's own
    /// typed finding.
    pub quote: Vec<EvidenceLine>,
    /// Facts for the texts.
    pub facts: Facts,
    /// Rungs excluded by evidence or already tried.
    pub ruled_out: Vec<RuledOut>,
    /// Remarks.
    pub notes: Vec<Note>,
}

/// One line of the decisive evidence.
///
/// Server lines are kept as received (they are quoted, never translated);
/// what the doctor itself found — a network or TLS failure, a step it
/// refused to take — stays typed, so each report says it in its own
/// language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "value")]
pub enum EvidenceLine {
    /// A server's line (IMAP status, SMTP reply line, OAuth JSON), verbatim.
    Quote(String),
    /// A network or TLS failure.
    Net(NetFailure),
    /// STARTTLS was chosen and not offered.
    NoStarttls,
    /// No credentials were sent without TLS.
    NoAuth,
    /// The test message did not arrive.
    NotDelivered,
    /// What DNS said about the login's domain (the MX step decided).
    Mx {
        /// The domain.
        domain: String,
        /// The exchangers, or why there are none.
        finding: crate::probe::mx::MxFinding,
    },
    /// The test message arrived with another From address than it was
    /// sent as.
    FromRewritten {
        /// The address it was sent as (`--from`).
        from_requested: String,
        /// The address the delivered copy carries.
        from_delivered: String,
    },
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

/// What the probes found, per protocol: the classifier's whole input. It
/// never sees the mock or its mode, only what a real Gmail would also
/// show.
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

/// One protocol's verdict with where it came from.
///
/// Kept together so that [`choose`] can move a verdict with its URL, run
/// and step as one value: the report must quote the evidence of the
/// protocol that decided, not of the other.
struct Judged<'a> {
    verdict: Verdict,
    /// The sign-in URL Google sent, if any.
    url: Option<String>,
    run: &'a ProtocolRun,
    step: StepKind,
}

/// Judges one protocol's run; `None` when its probe passed.
///
/// A protocol whose probe passed has nothing to judge; `None` lets
/// [`choose`] treat "one failed" and "both failed" alike.
fn judge<'a>(run: &'a ProtocolRun, cfg: &Config, facts: &Facts) -> Option<Judged<'a>> {
    let step = run.failure.as_ref()?.step;
    let (verdict, url) = verdict::verdict(run, cfg, facts)?;
    Some(Judged {
        verdict,
        url,
        run,
        step,
    })
}

/// Who takes each remediation (a Workspace account's admin, the user, the
/// network's administrator).
///
/// The actor depends on the account as well as the remediation: the same
/// suspension is restored by a Workspace administrator or, for a personal
/// account, by its owner through Google's recovery pages.
fn actor_for(id: R, facts: &Facts) -> Actor {
    match id {
        R::None => Actor::Nobody,
        R::EnableImap | R::AllowExternalSmtp => Actor::WorkspaceAdmin,
        // The relay service exists only in Workspace; a personal account
        // that reached it must change its own settings (smtp.gmail.com).
        R::ConfigureSmtpRelay => match facts.account_kind {
            AccountKind::Workspace => Actor::WorkspaceAdmin,
            AccountKind::Consumer => Actor::User,
        },
        R::AllowLessSecureApps => match facts.account_kind {
            AccountKind::Workspace => Actor::AdminAndUser,
            AccountKind::Consumer => Actor::User,
        },
        R::CheckNetwork | R::CheckTlsInterception => Actor::NetworkAdmin,
        R::NotAGoogleMailbox => Actor::MailAdmin,
        R::AccountSuspended => match facts.account_kind {
            AccountKind::Workspace => Actor::WorkspaceAdmin,
            AccountKind::Consumer => Actor::User,
        },
        R::FixConnectionSettings
        | R::CheckPassword
        | R::EnableImapUser
        | R::UseAppPassword
        | R::RetryLater
        | R::ReauthorizeOauth
        | R::AddSendAsAddress
        | R::SendingLimitReached => Actor::User,
    }
}

/// The facts of the era and the secret, before any evidence is read.
///
/// Computed before any evidence is read so that every verdict sees the
/// same era: whether a rung exists is a fact of the date and the kind of
/// account, never of the reply.
fn base_facts(cfg: &Config) -> Facts {
    let kind = cfg.account_kind();
    Facts {
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
        from_requested: cfg.sends_as_other().then(|| cfg.sender().to_owned()),
        from_delivered: None,
        relay: None,
        propagating: None,
        mail_exchangers: Vec::new(),
    }
}

/// Chooses between the two protocols' verdicts. The first failing probe
/// decides, IMAP before SMTP as in the article, unless IMAP's evidence is
/// the ambiguous "Invalid credentials" and SMTP's names a specific sign-in
/// cause (a 2018 transcript: IMAP "Invalid credentials", SMTP "534 5.7.9
/// Please log in with your web browser"): then SMTP's evidence decides.
///
/// Why IMAP first: the support article starts with receiving, and a CRM
/// connects the mailbox over IMAP before it ever sends. Why the exception:
/// Gmail's IMAP says "Invalid credentials" for several causes, while its
/// SMTP replies carry enhanced codes that name them.
fn choose<'a>(
    imap: Option<Judged<'a>>,
    smtp: Option<Judged<'a>>,
    notes: &mut Vec<Note>,
) -> Option<Judged<'a>> {
    match (imap, smtp) {
        (Some(i), Some(s)) => {
            if i.verdict.ambiguous
                && !s.verdict.ambiguous
                && s.verdict.recognised
                && s.verdict.is_sign_in()
            {
                notes.push(Note::DisambiguatedBy {
                    protocol: Protocol::Smtp,
                });
                Some(s)
            } else {
                if s.verdict.id != i.verdict.id {
                    notes.push(Note::AlsoFailing {
                        protocol: Protocol::Smtp,
                        step: s.step,
                    });
                }
                Some(i)
            }
        }
        (i, s) => i.or(s),
    }
}

/// Notes where a CRM's client library (`imap`, lettre) disagrees with the
/// probe: a finding in itself, not a different remediation.
///
/// Only disagreement is noted; a library that agrees with the probe adds
/// nothing the reader needs.
fn library_notes(ev: &Evidence<'_>, notes: &mut Vec<Note>) {
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
}

/// Classifies the evidence.
///
/// Pure: the same evidence, configuration and date always give the same
/// diagnosis, which is what lets the scenario snapshots pin every rule.
pub fn classify(ev: &Evidence<'_>, cfg: &Config) -> Diagnosis {
    let mut facts = base_facts(cfg);
    let mut notes = Vec::new();
    let imap = judge(ev.imap, cfg, &facts);
    let smtp = judge(ev.smtp, cfg, &facts);
    let chosen = choose(imap, smtp, &mut notes);
    let (remediation, rule, recognised, decided_by, quote) = match chosen {
        Some(Judged {
            verdict: v,
            url,
            run,
            step,
        }) => {
            facts.settings = v.settings.clone();
            facts.temporary = v.temporary;
            facts.ambiguous = v.ambiguous;
            facts.web_login_url = url;
            facts.relay = v.relay;
            facts.propagating = v.propagating;
            if let Some(Failed {
                failure: Failure::FromRewritten { delivered, .. },
                ..
            }) = &run.failure
            {
                facts.from_delivered = Some(delivered.clone());
            }
            if !v.recognised {
                notes.push(Note::NotRecognised);
            }
            if v.id != R::RetryLater && cfg.tried.contains(&v.id) {
                notes.push(Note::AlreadyTried { id: v.id });
            }
            if v.id == R::EnableImapUser && !facts.user_imap_switch_exists {
                notes.push(Note::SwitchGoneButReported);
            }
            let decider = Decider {
                protocol: run.protocol,
                step,
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
        None => (R::None, Rule::AllProbesPassed, true, None, Vec::new()),
    };
    if cfg.sends_as_other() && !cfg.send_test {
        notes.push(Note::FromNeedsSendTest {
            from: cfg.sender().to_owned(),
        });
    }
    library_notes(ev, &mut notes);
    let ruled_out = ruled_out::ruled_out(ev, cfg, &facts, remediation);
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

/// The decisive lines of a failure, as the report quotes them: the IMAP
/// status lines (untagged first) or SMTP reply lines as sent, or the
/// doctor's typed finding.
///
/// Server lines stay strings (they are quoted as received); the doctor's
/// own findings stay typed, so each report can say them in its language.
fn quote_failure(run: &ProtocolRun) -> Vec<EvidenceLine> {
    let Some(f) = &run.failure else {
        return Vec::new();
    };
    match &f.failure {
        Failure::Imap { response, untagged } => untagged
            .iter()
            .chain(std::iter::once(response))
            .map(|s: &StatusResponse| {
                EvidenceLine::Quote(
                    String::from_utf8_lossy(
                        &gmail_wire::imap::Response::Status(s.clone()).to_bytes(),
                    )
                    .trim_end()
                    .to_owned(),
                )
            })
            .collect(),
        Failure::Smtp { reply } => reply
            .wire_lines()
            .into_iter()
            .map(EvidenceLine::Quote)
            .collect(),
        Failure::OAuth { json } => vec![EvidenceLine::Quote(json.clone())],
        Failure::Net { problem } => vec![EvidenceLine::Net(problem.clone())],
        Failure::NoStarttls => vec![EvidenceLine::NoStarttls],
        Failure::NoAuth => vec![EvidenceLine::NoAuth],
        Failure::NotDelivered => vec![EvidenceLine::NotDelivered],
        Failure::FromRewritten {
            requested,
            delivered,
        } => vec![EvidenceLine::FromRewritten {
            from_requested: requested.clone(),
            from_delivered: delivered.clone(),
        }],
    }
}

/// The SMTP reply or IMAP status of a failure, for callers that quote it.
///
/// Public so that a caller holding a failure (a library user, a test) can
/// read the typed reply itself rather than the verdict made of it.
pub fn failure_reply(f: &Failure) -> Option<&Reply> {
    match f {
        Failure::Smtp { reply } => Some(reply),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
