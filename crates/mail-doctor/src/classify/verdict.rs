//! One protocol's verdict: the remediation its first failure calls for,
//! before the two protocols are weighed against each other in
//! [`super::classify`].
//!
//! A probe stops at its first failing step, so each protocol has at most
//! one failure to judge. It is either about *reaching* the server (DNS,
//! TCP, TLS, the greeting: [`super::transport`]), a step the doctor itself
//! refused or could not take (no STARTTLS offered, no encryption chosen),
//! or a server's refusal, which is recognised ([`super::recognise`]) and
//! placed on the ladder ([`super::ladder`]).
//!
//! Why one protocol at a time: the probes are independent, so each failure
//! can be judged on its own evidence first. Weighing them against each
//! other (which one decides, what the other adds as a note) is a separate
//! step with its own rules, and keeping it separate keeps each rule short.

use super::rule::Rule;
use super::{ladder, recognise, transport, AdminSetting, Facts, SettingsIssue, Temporary};
use crate::config::Config;
use crate::probe::{Failure, ProtocolRun};
use crate::remedy::RemediationId as R;

/// What one protocol's failure calls for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Verdict {
    /// The remediation.
    pub id: R,
    /// Why (stable id).
    pub rule: Rule,
    /// Whether the deciding evidence was recognised (else a fallback by
    /// stage chose).
    pub recognised: bool,
    /// The settings problem, for `fix-connection-settings`.
    pub settings: Option<SettingsIssue>,
    /// The temporary condition, for `retry-later`.
    pub temporary: Option<Temporary>,
    /// The evidence was the ambiguous "Invalid credentials".
    pub ambiguous: bool,
    /// Which relay setting refused, for `configure-smtp-relay`.
    pub relay: Option<super::RelayRefusal>,
    /// The admin setting whose change may still be propagating, for
    /// `retry-later` because of propagation.
    pub propagating: Option<AdminSetting>,
}

impl Verdict {
    /// A recognised verdict.
    pub fn new(id: R, rule: Rule) -> Self {
        Verdict {
            id,
            rule,
            recognised: true,
            settings: None,
            temporary: None,
            ambiguous: false,
            relay: None,
            propagating: None,
        }
    }

    /// `fix-connection-settings` for `issue`.
    pub fn settings(rule: Rule, issue: SettingsIssue) -> Self {
        Verdict {
            settings: Some(issue),
            ..Verdict::new(R::FixConnectionSettings, rule)
        }
    }

    /// `retry-later` because of `t`.
    pub fn temporary(rule: Rule, t: Temporary) -> Self {
        Verdict {
            temporary: Some(t),
            ..Verdict::new(R::RetryLater, rule)
        }
    }

    /// `retry-later` because a change to `setting` was made and may take
    /// up to 24 hours to reach Gmail's servers.
    pub fn propagating(rule: Rule, setting: AdminSetting) -> Self {
        Verdict {
            propagating: Some(setting),
            ..Verdict::temporary(rule, Temporary::Propagation)
        }
    }

    /// The same verdict, marked as chosen without recognising the
    /// evidence.
    pub fn unrecognised(self) -> Self {
        Verdict {
            recognised: false,
            ..self
        }
    }

    /// Whether this verdict is about signing in (the rungs that another
    /// protocol's specific refusal may override an ambiguous one with).
    pub fn is_sign_in(&self) -> bool {
        matches!(
            self.id,
            R::UseAppPassword
                | R::AllowLessSecureApps
                | R::EnableImap
                | R::EnableImapUser
                | R::AccountSuspended
        ) || matches!(
            self.propagating,
            Some(AdminSetting::LessSecureApps | AdminSetting::Imap)
        )
    }
}

/// Classifies one protocol's failure (no cross-protocol reasoning); `None`
/// when the protocol's probe passed. The second value is the sign-in URL
/// Google sent, if any.
///
/// The URL is returned beside the verdict because only the deciding
/// protocol's URL may reach the advice: a URL from the other protocol would
/// belong to a different refusal.
pub(super) fn verdict(
    run: &ProtocolRun,
    cfg: &Config,
    facts: &Facts,
) -> Option<(Verdict, Option<String>)> {
    let failed = run.failure.as_ref()?;
    let v = match &failed.failure {
        Failure::Net { problem } => transport::verdict(run, failed.step, problem),
        Failure::NoStarttls => {
            Verdict::settings(Rule::StarttlsNotOffered, SettingsIssue::NoStarttls)
        }
        Failure::NoAuth => Verdict::settings(Rule::AuthUnencrypted, SettingsIssue::Unencrypted),
        Failure::OAuth { .. } => Verdict::new(R::ReauthorizeOauth, Rule::OauthTokenRefused),
        // Sent but never arrived: nothing says why; try again.
        Failure::NotDelivered => {
            Verdict::temporary(Rule::SendTestNotDelivered, Temporary::ServerError).unrecognised()
        }
        // Delivered as the account's own address: Gmail does not refuse an
        // outside sender it has not verified, it rewrites it. The address
        // must be added under "Send mail as".
        Failure::FromRewritten { .. } => Verdict::new(R::AddSendAsAddress, Rule::SendFromRewritten),
        Failure::Imap { .. } | Failure::Smtp { .. } => {
            let (signal, url) = recognise::failure_signal(failed.step, &failed.failure)
                .unwrap_or((recognise::Signal::Unknown, None));
            let v = ladder::rung(signal, failed.step, run.protocol, cfg, facts);
            return Some((v, url));
        }
    };
    Some((v, None))
}
