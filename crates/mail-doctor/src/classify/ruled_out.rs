//! Ruled out: the rungs the report can tell the customer *not* to try,
//! and why.
//!
//! Support time goes into steps that cannot help, so the report lists
//! what the evidence already excludes: a rung whose part demonstrably
//! works (both greetings arrived, so the connection settings are right;
//! IMAP signed in, so the password and every sign-in setting are right;
//! the envelope was accepted, so sending is allowed), a setting Google
//! removed before `as_of`, and whatever the customer already tried. The
//! chosen remediation itself is never listed, and each id appears once,
//! with its first (strongest) reason.

use super::{Evidence, Facts, RuledOut, RuledOutReason};
use crate::config::Config;
use crate::probe::{Outcome, ProtocolRun, StepKind};
use crate::remedy::RemediationId as R;

/// Whether a probe's step finished with `Ok`.
///
/// "Passed" means the step's row says ok: a step that was skipped proves
/// nothing, so it excludes no rung.
fn passed(run: &ProtocolRun, step: StepKind) -> bool {
    run.steps
        .iter()
        .any(|s| s.step == step && s.outcome == Outcome::Ok)
}

/// The rungs excluded by the evidence, the era and the customer's tries.
///
/// The order of the reasons is the order of strength: evidence that a part
/// works beats "Google removed it", which beats "you tried it", because the
/// reader should get the reason that cannot be argued with.
pub(super) fn ruled_out(
    ev: &Evidence<'_>,
    cfg: &Config,
    facts: &Facts,
    chosen: R,
) -> Vec<RuledOut> {
    let mut v: Vec<RuledOut> = Vec::new();
    let mut add = |id: R, reason: RuledOutReason| {
        if id != chosen && !v.iter().any(|r| r.id == id) {
            v.push(RuledOut { id, reason });
        }
    };
    // Both servers greeted: host, port and security are right and nothing
    // on the network intercepts.
    if passed(ev.imap, StepKind::Greeting) && passed(ev.smtp, StepKind::Greeting) {
        add(R::FixConnectionSettings, RuledOutReason::Works);
        add(R::CheckNetwork, RuledOutReason::Works);
        add(R::CheckTlsInterception, RuledOutReason::Works);
    }
    // IMAP signed in: the secret and every sign-in setting are right.
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
    // The envelope was accepted: the admin's sending policy (and, when the
    // CRM sends through the relay service, its settings) allows this
    // sender. The relay is named only when it was used: a customer on
    // smtp.gmail.com has nothing to rule out there.
    if passed(ev.smtp, StepKind::Envelope) {
        add(R::AllowExternalSmtp, RuledOutReason::Works);
        if cfg.smtp.is_smtp_relay() {
            add(R::ConfigureSmtpRelay, RuledOutReason::Works);
        }
    }
    // A real message was accepted at the end of DATA: no daily limit.
    if passed(ev.smtp, StepKind::SendTest) {
        add(R::SendingLimitReached, RuledOutReason::Works);
    }
    // It arrived as another address and kept it: "Send mail as" is set up.
    if cfg.sends_as_other() && passed(ev.smtp, StepKind::Delivery) {
        add(R::AddSendAsAddress, RuledOutReason::Works);
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
