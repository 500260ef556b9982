//! The report's smaller sentences: notes, ruled-out rungs, who acts, and
//! the names of probe steps and outcomes.
//!
//! These map typed values one to one onto messages. They live with the
//! advice rather than in the renderers so that the JSON's `plan` carries
//! them as data too, and so that a new `Note` or `RuledOutReason` variant
//! from the classifier is a compile error here until it has a message.
//!
//! A note or ruled-out sentence names a remediation by its short name
//! (`remedy-*`), not its id, because it is read as prose; the id itself is
//! shown beside it in brackets by the text renderer.

use super::common::proto;
use super::decide::IMAP_SWITCH_REMOVED;
use crate::classify::{Note, RuledOut, RuledOutReason};
use crate::i18n::{Msg, MsgId as M};
use crate::probe::{Outcome, StepKind};
use crate::remedy::{Actor, RemediationId as R};
use crate::Protocol;

/// Who must act.
pub fn actor(a: Actor) -> M {
    match a {
        Actor::Nobody => M::ActorNobody,
        Actor::User => M::ActorUser,
        Actor::WorkspaceAdmin => M::ActorWorkspaceAdmin,
        Actor::AdminAndUser => M::ActorAdminAndUser,
        Actor::NetworkAdmin => M::ActorNetworkAdmin,
        Actor::MailAdmin => M::ActorMailAdmin,
    }
}

/// A probe step's name.
pub fn step(s: StepKind) -> M {
    match s {
        StepKind::Mx => M::StepMx,
        StepKind::Resolve => M::StepResolve,
        StepKind::Connect => M::StepConnect,
        StepKind::TlsHandshake => M::StepTlsHandshake,
        StepKind::Greeting => M::StepGreeting,
        StepKind::Capability => M::StepCapability,
        StepKind::Starttls => M::StepStarttls,
        StepKind::ImapLogin => M::StepAuthenticate,
        StepKind::SelectInbox => M::StepSelectInbox,
        StepKind::Ehlo => M::StepEhlo,
        StepKind::SmtpAuth => M::StepAuth,
        StepKind::Envelope => M::StepEnvelope,
        StepKind::SendTest => M::StepSendTest,
        StepKind::Delivery => M::StepDelivery,
    }
}

/// A probe step's outcome.
pub fn outcome(o: Outcome) -> M {
    match o {
        Outcome::Ok => M::OutcomeOk,
        Outcome::Failed => M::OutcomeFailed,
        Outcome::Skipped => M::OutcomeSkipped,
    }
}

/// A remediation's short name (notes, the ruled-out list).
pub fn name(id: R) -> M {
    match id {
        R::None => M::RemedyNone,
        R::FixConnectionSettings => M::RemedyFixConnectionSettings,
        R::CheckNetwork => M::RemedyCheckNetwork,
        R::CheckTlsInterception => M::RemedyCheckTlsInterception,
        R::CheckPassword => M::RemedyCheckPassword,
        R::EnableImap => M::RemedyEnableImap,
        R::EnableImapUser => M::RemedyEnableImapUser,
        R::AllowLessSecureApps => M::RemedyAllowLessSecureApps,
        R::UseAppPassword => M::RemedyUseAppPassword,
        R::AllowExternalSmtp => M::RemedyAllowExternalSmtp,
        R::RetryLater => M::RemedyRetryLater,
        R::AccountSuspended => M::RemedyAccountSuspended,
        R::ReauthorizeOauth => M::RemedyReauthorizeOauth,
        R::AddSendAsAddress => M::RemedyAddSendAsAddress,
        R::ConfigureSmtpRelay => M::RemedyConfigureSmtpRelay,
        R::SendingLimitReached => M::RemedySendingLimitReached,
        R::NotAGoogleMailbox => M::RemedyNotAGoogleMailbox,
    }
}

/// What a CRM's client library is called in the library check.
fn library(p: Protocol) -> M {
    match p {
        Protocol::Imap => M::LibraryImap,
        Protocol::Smtp => M::LibrarySmtp,
    }
}

/// A note, as a sentence. Server and library texts (`said`) are quoted
/// verbatim; the doctor's own words (protocol, step, library) come from the
/// catalogue.
pub fn note(n: &Note) -> Msg {
    match n {
        Note::DisambiguatedBy { protocol } => {
            Msg::new(M::NoteDisambiguated).text("protocol", proto(*protocol))
        }
        Note::NotRecognised => Msg::new(M::NoteNotRecognised),
        Note::AlreadyTried { id } => Msg::new(M::NoteAlreadyTried).msg("name", name(*id)),
        Note::AlsoFailing { protocol, step: s } => Msg::new(M::NoteAlsoFailing)
            .text("protocol", proto(*protocol))
            .msg("step", step(*s)),
        Note::LibraryDisagrees {
            protocol,
            library: said,
            probe_ok,
        } => Msg::new(if *probe_ok {
            M::NoteLibraryDisagreesProbeOk
        } else {
            M::NoteLibraryDisagreesProbeFailed
        })
        .text("protocol", proto(*protocol))
        .msg("library", library(*protocol))
        .text("said", said),
        Note::FromNeedsSendTest { from } => Msg::new(M::NoteFromNeedsSendTest).text("from", from),
        Note::SwitchGoneButReported => {
            Msg::new(M::NoteSwitchGone).date("removed", IMAP_SWITCH_REMOVED)
        }
        Note::MxUnchecked { domain, problem } => Msg::new(M::NoteMxUnchecked)
            .text("domain", domain)
            .msg("problem", super::findings::mx_problem(problem)),
        Note::MxDisagrees { domain, finding } => Msg::new(match finding {
            crate::probe::mx::MxFinding::NoSuchDomain => M::NoteMxDisagreesNoDomain,
            _ => M::NoteMxDisagreesNoMx,
        })
        .text("domain", domain),
    }
}

/// A ruled-out rung, as a sentence: its name and why it is not the step.
///
/// "Works" names the evidence that excludes the rung: a connection with a
/// valid certificate excludes the network and settings rungs; an IMAP
/// sign-in excludes every sign-in rung (password, IMAP switches, less
/// secure apps, app password); an accepted envelope excludes the sending
/// rung (and, on the relay service, its settings); an accepted test
/// message excludes the daily limit; a delivered copy that kept the
/// `--from` address excludes "Send mail as". "No longer exists" gives the date for the one switch whose removal
/// date is known for every account (the user's IMAP switch).
pub fn ruled_out(r: &RuledOut) -> Msg {
    let n = name(r.id);
    match r.reason {
        RuledOutReason::Works => {
            let why = match r.id {
                R::FixConnectionSettings | R::CheckNetwork | R::CheckTlsInterception => {
                    M::WorksWhyConnection
                }
                R::CheckPassword
                | R::EnableImap
                | R::EnableImapUser
                | R::AllowLessSecureApps
                | R::UseAppPassword => M::WorksWhyImapSignIn,
                R::AllowExternalSmtp | R::ConfigureSmtpRelay => M::WorksWhyEnvelope,
                R::SendingLimitReached => M::WorksWhySendTest,
                R::AddSendAsAddress => M::WorksWhyFromKept,
                _ => M::WorksWhyOther,
            };
            Msg::new(M::RuledOutWorks).msg("name", n).msg("why", why)
        }
        RuledOutReason::Tried => Msg::new(M::RuledOutTried).msg("name", n),
        RuledOutReason::NoLongerExists => match r.id {
            R::EnableImapUser => Msg::new(M::RuledOutGoneImapSwitch)
                .msg("name", n)
                .date("removed", IMAP_SWITCH_REMOVED),
            _ => Msg::new(M::RuledOutGone).msg("name", n),
        },
    }
}
