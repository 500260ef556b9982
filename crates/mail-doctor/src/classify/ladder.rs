//! The ladder: from a recognised sign-in or sending refusal to the one
//! rung the customer should take next.
//!
//! The support article's order is the ladder — check the password, enable
//! IMAP, allow less secure apps, use an app password, allow external SMTP
//! (today: only for a "Send mail as" address sent through its own server)
//! — and Google's later changes shorten it (DESIGN.md "Time"): less secure
//! apps end on 2022-05-30 for personal accounts and 2024-09-30 for
//! Workspace, after which a password sign-in needs an app password (or
//! OAuth). Two things make a ladder rather than a lookup table:
//!
//! - **Specific refusals** ("IMAP access is disabled for your domain",
//!   "Application-specific password required") name their rung directly;
//!   only the era can change it (a web-login refusal means "allow less
//!   secure apps" while they exist, an app password after).
//! - **"Invalid credentials" is ambiguous**: for years Gmail refused a
//!   blocked less-secure sign-in with the same words as a wrong password.
//!   So the doctor starts at the lowest rung not yet tried
//!   (`cfg.tried`, filled by the scenario runner's walk or by a customer
//!   saying what they did) and climbs one rung per diagnosis: the
//!   password, then less secure apps (and their up-to-24-hour propagation)
//!   while they exist, then an app password, and finally back to the
//!   password when every rung failed. After the cut-off for the account's
//!   kind the order changes: Gmail then answers even a correct password
//!   with "Invalid credentials" (DESIGN.md "Time"), so an app password
//!   comes first and the password second. A secret that is an OAuth token or
//!   looks like an app password skips the ladder: its own rung is known.
//! - **Admin changes take time** (Google: up to 24 hours, for every setting:
//!   IMAP, per-user outbound gateways, the relay service, less secure
//!   apps). When the refusal a setting fixes persists after its step was
//!   tried, the answer is `retry-later` naming that setting, not the same
//!   step again; only once waiting was tried too does the step come back
//!   (the report notes it was tried), or the next rung where one exists.
//! - **Between 2024-06-15 and the Workspace cut-off** the Admin console no
//!   longer offers "Less secure apps" to domains that were not using it,
//!   so a web-login refusal then means an app password: the doctor does not
//!   send an admin looking for a setting that is gone.
//! - **The wrong account**: the article warns that the switch must be
//!   flipped in the company account, not a private one. When less secure
//!   apps were allowed and waited for and the refusal persists, the next
//!   answer is to allow them again, signed in as the right account; an
//!   app password only after that.

use super::recognise::Signal;
use super::rule::Rule;
use super::verdict::Verdict;
use super::{AdminSetting, Facts, RelayRefusal, SettingsIssue, Temporary};
use crate::config::Config;
use crate::probe::StepKind;
use crate::remedy::RemediationId as R;
use crate::Protocol;

/// Maps a recognised signal to a remediation (era and ladder aware).
pub(super) fn rung(
    signal: Signal,
    step: StepKind,
    protocol: Protocol,
    cfg: &Config,
    facts: &Facts,
) -> Verdict {
    let tried = |id: R| cfg.tried.contains(&id);
    let times = |id: R| cfg.tried.iter().filter(|t| **t == id).count();
    match signal {
        Signal::ImapDisabledDomain => admin_fix(
            Verdict::new(R::EnableImap, Rule::AuthImapDisabledDomain),
            AdminSetting::Imap,
            Rule::AuthImapDisabledDomainPropagating,
            &tried,
        ),
        Signal::ImapDisabledUser => Verdict::new(R::EnableImapUser, Rule::AuthImapDisabledUser),
        Signal::AppPasswordRequired => {
            Verdict::new(R::UseAppPassword, Rule::AuthAppPasswordRequired)
        }
        Signal::WebLoginRequired => web_login(facts, &tried, &times),
        Signal::InvalidCredentials => invalid_credentials(facts, &tried),
        Signal::TooManyConnections => {
            Verdict::temporary(Rule::AuthTooManyConnections, Temporary::TooManyConnections)
        }
        Signal::Temporary => Verdict::temporary(Rule::ServerTemporary, Temporary::RateLimited),
        Signal::Suspended => Verdict::new(R::AccountSuspended, Rule::AuthSuspended),
        Signal::MustStarttls => {
            Verdict::settings(Rule::AuthMustStarttls, SettingsIssue::MustStarttls)
        }
        Signal::SendingRefused => admin_fix(
            Verdict::new(R::AllowExternalSmtp, Rule::SendRefusedByPolicy),
            AdminSetting::ExternalSmtp,
            Rule::SendRefusedByPolicyPropagating,
            &tried,
        ),
        Signal::SendingPolicyCode => policy_code(cfg, &tried),
        Signal::SendingLimit => Verdict::new(R::SendingLimitReached, Rule::SendDailyLimit),
        Signal::RelayRefused(kind) => Verdict {
            relay: Some(kind),
            ..admin_fix(
                Verdict::new(
                    R::ConfigureSmtpRelay,
                    match kind {
                        RelayRefusal::NotAllowed => Rule::SendRelayDenied,
                        RelayRefusal::SenderNotInDomains => Rule::SendRelaySenderNotInDomains,
                        RelayRefusal::AuthRequired => Rule::SendRelayAuthRequired,
                    },
                ),
                AdminSetting::SmtpRelay,
                Rule::SendRelayPropagating,
                &tried,
            )
        },
        Signal::Unknown => unknown(step, protocol, facts, &tried),
    }
}

/// A refusal that an admin setting fixes: its step, unless that step was
/// tried and waiting was not — then the change may still be propagating
/// (Google: up to 24 hours), and repeating the step would only send the
/// admin to a setting that is already right. After waiting was tried the
/// step comes back (`classify` notes that it was tried).
fn admin_fix(
    step: Verdict,
    setting: AdminSetting,
    propagating: Rule,
    tried: &dyn Fn(R) -> bool,
) -> Verdict {
    if tried(step.id) && !tried(R::RetryLater) {
        Verdict::propagating(propagating, setting)
    } else {
        step
    }
}

/// "Please log in via your web browser": the password was right, Google
/// blocked the sign-in as a less secure app. While less secure apps can be
/// turned on for this account, allow them; then wait for the change to
/// propagate; then allow them again in the right account (the article's
/// warning: the company account, not a private one); then an app password.
/// From 2024-06-15 a Workspace domain that was not using them can no
/// longer turn them on, and after the cut-off nobody can: an app password.
fn web_login(facts: &Facts, tried: &dyn Fn(R) -> bool, times: &dyn Fn(R) -> usize) -> Verdict {
    if !facts.less_secure_possible {
        Verdict::new(R::UseAppPassword, Rule::AuthWebLoginAppPassword)
    } else if !facts.less_secure_offered() {
        Verdict::new(R::UseAppPassword, Rule::AuthWebLoginSettingGone)
    } else if !tried(R::AllowLessSecureApps) {
        Verdict::new(R::AllowLessSecureApps, Rule::AuthWebLoginLessSecure)
    } else if !tried(R::RetryLater) {
        // Allowed already: the change may still be propagating (up to 24 h).
        Verdict::propagating(Rule::AuthWebLoginPropagating, AdminSetting::LessSecureApps)
    } else if times(R::AllowLessSecureApps) < 2 {
        // Allowed and waited for, still refused: the switch is most often
        // on in another Google account than the one the CRM signs in as.
        Verdict::new(R::AllowLessSecureApps, Rule::AuthWebLoginCheckAccount)
    } else {
        Verdict::new(R::UseAppPassword, Rule::AuthWebLoginAppPassword)
    }
}

/// "Invalid credentials": the ambiguous refusal, walked one rung at a time
/// (see the module docs). The verdict is marked ambiguous so the report
/// says what to check first and what comes next.
fn invalid_credentials(facts: &Facts, tried: &dyn Fn(R) -> bool) -> Verdict {
    let mut v = if facts.secret_is_oauth {
        Verdict::new(R::ReauthorizeOauth, Rule::AuthInvalidCredentialsOauth)
    } else if facts.secret_is_app_password {
        // An app password cannot be blocked as a less secure app: it was
        // revoked (a password change revokes them all) or mistyped.
        Verdict::new(R::CheckPassword, Rule::AuthInvalidCredentialsAppPassword)
    } else if !facts.less_secure_possible && !tried(R::UseAppPassword) {
        // After the cut-off (DESIGN.md "Time") Gmail answers a correct
        // account password without 2-Step Verification with these very
        // words, and no password can work any more: the likely cause is
        // the era, not a typo. The password is the next rung.
        Verdict::new(R::UseAppPassword, Rule::AuthInvalidCredentialsAfterCutoff)
    } else if !tried(R::CheckPassword) {
        Verdict::new(R::CheckPassword, Rule::AuthInvalidCredentialsCheckPassword)
    } else if facts.less_secure_offered() && !tried(R::AllowLessSecureApps) {
        Verdict::new(R::AllowLessSecureApps, Rule::AuthLadderLessSecure)
    } else if facts.less_secure_possible && tried(R::AllowLessSecureApps) && !tried(R::RetryLater) {
        Verdict::propagating(Rule::AuthLadderPropagating, AdminSetting::LessSecureApps)
    } else if !tried(R::UseAppPassword) {
        Verdict::new(R::UseAppPassword, Rule::AuthLadderAppPassword)
    } else {
        Verdict::new(R::CheckPassword, Rule::AuthLadderExhausted)
    };
    v.ambiguous = true;
    v
}

/// A `5.7.x` policy refusal at MAIL/RCPT/DATA in words nobody recognised.
///
/// Gmail always lets an account send as its own address and its
/// organisation's domains (DESIGN.md "Sending"); the admin's per-user
/// gateway setting can only refuse another address. So when the CRM sends
/// as another address (`--from`), an unworded policy refusal is most
/// likely that setting (the article's last rung), and the verdict says so
/// as a recognised code. When it sends as the login, that setting cannot
/// be the cause, and sending the admin to it would be a guess presented as
/// a finding: the refusal is then reported as an unrecognised server
/// refusal, with the reply quoted, under `retry-later` (the one id for
/// "Google answered something we cannot place").
fn policy_code(cfg: &Config, tried: &dyn Fn(R) -> bool) -> Verdict {
    if cfg.sends_as_other() {
        admin_fix(
            Verdict::new(R::AllowExternalSmtp, Rule::SendPolicyCodeSendAs),
            AdminSetting::ExternalSmtp,
            Rule::SendPolicyCodeSendAsPropagating,
            tried,
        )
    } else {
        Verdict::temporary(Rule::SendUnrecognised, Temporary::ServerError).unrecognised()
    }
}

/// A refusal nobody recognised: fall back by the stage it answered, so the
/// advice is at least about the right part of the setup. A refused sign-in
/// walks the credentials ladder; a refused STARTTLS is a settings problem;
/// anything else — an unrecognised refusal of the envelope or the message
/// included — is reported as Google's trouble with the reply quoted.
///
/// Why an unrecognised envelope refusal is no longer `allow-external-smtp`:
/// that setting refuses only a "Send mail as" address sent through its own
/// server, with a `5.7.1` policy reply (read by [`policy_code`] and the
/// words); anything else at MAIL/RCPT/DATA (a `5.1.x` address problem, a
/// limit in other words, a server fault) would send an admin to a setting
/// that cannot help.
fn unknown(
    step: StepKind,
    protocol: Protocol,
    facts: &Facts,
    tried: &dyn Fn(R) -> bool,
) -> Verdict {
    match (protocol, step) {
        (_, StepKind::ImapLogin | StepKind::SmtpAuth) => invalid_credentials(facts, tried),
        (Protocol::Smtp, StepKind::Envelope | StepKind::SendTest) => {
            Verdict::temporary(Rule::SendUnrecognised, Temporary::ServerError)
        }
        (_, StepKind::Starttls) => {
            Verdict::settings(Rule::StarttlsRefused, SettingsIssue::NoStarttls)
        }
        _ => Verdict::temporary(Rule::ServerUnrecognised, Temporary::ServerError),
    }
    .unrecognised()
}
