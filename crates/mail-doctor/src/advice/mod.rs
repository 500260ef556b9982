//! The advice plan: *what* the report says, decided once, in no language.
//!
//! [`plan`] reads the typed diagnosis (remediation, era facts, ruled-out
//! rungs, notes) and the settings the customer typed, and returns a [`Plan`]:
//! who acts, a title, a summary, the steps and the caveats, each a
//! [`Msg`] (a catalogue id with typed arguments). The renderers in
//! `crate::report` then say the plan in English or Polish; the JSON report
//! carries it as data too.
//!
//! Why decide before choosing a language: the two languages used to repeat
//! the same control flow (which menu path in which era, which rung comes
//! next) in two 1,500-line files, and nothing held them to the same advice.
//! Now the only difference between languages is the catalogue.
//!
//! # Layout
//! - `decide` (`i18n/shared.rs`): readings of the diagnosis that choose
//!   between texts; `fixtures` (`i18n/fixtures.rs`): test diagnoses.
//! - `common`: building blocks several remediations share (kinds of
//!   account, cut-off sentences, settings as fields).
//! - `connection`: `fix-connection-settings`, `check-network`,
//!   `check-tls-interception`.
//! - `password`: `check-password`.
//! - `imap`: `enable-imap`, `enable-imap-user`.
//! - `sign_in`: `allow-less-secure-apps`, `use-app-password`.
//! - `account`: `none`, `retry-later`, `account-suspended`,
//!   `reauthorize-oauth`.
//! - `sending`: `allow-external-smtp`, `add-send-as-address`,
//!   `configure-smtp-relay`, `sending-limit-reached`.
//! - `mailbox`: `not-a-google-mailbox`, and `check-password` for an
//!   address whose domain does not exist (both from the MX step).
//! - `remarks`: notes, ruled-out rungs, actors, probe steps.
//! - `findings`: probe step details, network and TLS failures and the
//!   doctor's own evidence lines (server quotes pass through verbatim).
//!
//! # An example
//!
//! A Workspace account in 2023 whose IMAP sign-in gets
//! `NO [ALERT] Application-specific password required` gives the plan
//!
//! ```text
//! who:      actor-user
//! title:    app-password-title
//! summary:  app-password-summary-required { email, length: 16 }
//! steps:    app-password-step-sign-in { email }, app-password-step-page,
//!           app-password-step-2sv, app-password-step-name,
//!           app-password-step-type { length: 16, email }, step-save-and-connect
//! caveats:  app-password-caveat-once, app-password-caveat-oauth-alternative,
//!           app-password-caveat-workspace { domain, product }
//! ```
//!
//! and each catalogue turns it into sentences. The JSON carries the plan as
//! it is, so a CRM can show its own texts for the same ids.
//!
//! # Rules for the advice
//!
//! - One remediation, one plan: the steps are for the chosen id only; other
//!   findings become notes, never a second list of steps.
//! - Say the customer's values (the address, the domain, the settings as
//!   typed) and the era's facts (the product's name, the cut-off dates):
//!   advice that could apply to anyone is advice nobody follows.
//! - No developer flags in steps a customer reads (`--tried` and the like);
//!   the one `--ca-file` caveat is addressed to testers and says so.

mod account;
mod common;
mod connection;
pub mod findings;
// These two files still live under `i18n/` because `classify.rs`'s
// `rule_ids_are_listed` test reads them there by path (`include_str!`) to
// check the rule strings they compare against. When rules become a typed
// enum that source scan goes, and they move to `advice/decide.rs` and
// `advice/fixtures.rs`.
#[path = "../i18n/shared.rs"]
pub(crate) mod decide;
#[cfg(test)]
#[path = "../i18n/fixtures.rs"]
pub(crate) mod fixtures;
mod imap;
mod mailbox;
mod password;
mod remarks;
mod sending;
mod sign_in;
#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::classify::Diagnosis;
use crate::config::Endpoint;
use crate::i18n::{Msg, MsgId as M};
use crate::remedy::RemediationId as R;

pub use remarks::{actor, note, outcome, ruled_out, step};

/// Everything the plan may read.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    /// The diagnosis.
    pub diagnosis: &'a Diagnosis,
    /// The account address.
    pub email: &'a str,
    /// IMAP settings as typed.
    pub imap: &'a Endpoint,
    /// SMTP settings as typed.
    pub smtp: &'a Endpoint,
}

/// The advice for one remediation: a title, a summary, the steps in order
/// and the caveats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Advice {
    /// One-line title ("Turn on IMAP for your domain").
    pub title: Msg,
    /// Two or three sentences: what is wrong and why this step.
    pub summary: Msg,
    /// The exact steps, in order (menu paths, setting names, values).
    pub steps: Vec<Msg>,
    /// Caveats (propagation, company vs private account, 2-Step
    /// Verification first, era notes).
    pub caveats: Vec<Msg>,
}

impl Advice {
    fn new(title: impl Into<Msg>, summary: impl Into<Msg>) -> Advice {
        Advice {
            title: title.into(),
            summary: summary.into(),
            steps: Vec::new(),
            caveats: Vec::new(),
        }
    }

    fn steps<I: IntoIterator<Item = T>, T: Into<Msg>>(mut self, steps: I) -> Advice {
        self.steps.extend(steps.into_iter().map(Into::into));
        self
    }

    fn caveats<I: IntoIterator<Item = T>, T: Into<Msg>>(mut self, caveats: I) -> Advice {
        self.caveats.extend(caveats.into_iter().map(Into::into));
        self
    }
}

/// Everything the report says, as messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// Who must act.
    pub who: Msg,
    /// Title, summary, steps, caveats.
    #[serde(flatten)]
    pub advice: Advice,
    /// One sentence per ruled-out rung, in the diagnosis's order.
    pub ruled_out: Vec<Msg>,
    /// One sentence per note, in the diagnosis's order.
    pub notes: Vec<Msg>,
}

/// Decides what the report says.
///
/// Pure and cheap: the same diagnosis always gives the same plan, so the
/// EN text, the PL text and the JSON of one report cannot disagree about
/// what to do. The ruled-out and note sentences keep the diagnosis's order,
/// which the renderers zip with the typed values.
pub fn plan(ctx: &Ctx<'_>) -> Plan {
    let d = ctx.diagnosis;
    Plan {
        who: actor(d.actor).into(),
        advice: advice(ctx),
        ruled_out: d.ruled_out.iter().map(ruled_out).collect(),
        notes: d.notes.iter().map(note).collect(),
    }
}

/// The advice for the chosen remediation, plus Google's sign-in link when
/// its refusal carried one (it may lift the block by itself).
pub fn advice(ctx: &Ctx<'_>) -> Advice {
    let mut a = match ctx.diagnosis.remediation {
        R::None => account::none(ctx),
        R::FixConnectionSettings => connection::fix_connection_settings(ctx),
        R::CheckNetwork => connection::check_network(ctx),
        R::CheckTlsInterception => connection::check_tls_interception(ctx),
        R::CheckPassword => password::check_password(ctx),
        R::EnableImap => imap::enable_imap(ctx),
        R::EnableImapUser => imap::enable_imap_user(ctx),
        R::AllowLessSecureApps => sign_in::allow_less_secure_apps(ctx),
        R::UseAppPassword => sign_in::use_app_password(ctx),
        R::AllowExternalSmtp => sending::allow_external_smtp(ctx),
        R::RetryLater => account::retry_later(ctx),
        R::AccountSuspended => account::account_suspended(ctx),
        R::ReauthorizeOauth => account::reauthorize_oauth(ctx),
        R::AddSendAsAddress => sending::add_send_as_address(ctx),
        R::ConfigureSmtpRelay => sending::configure_smtp_relay(ctx),
        R::SendingLimitReached => sending::sending_limit_reached(ctx),
        R::NotAGoogleMailbox => mailbox::not_a_google_mailbox(ctx),
    };
    if let Some(url) = &ctx.diagnosis.facts.web_login_url {
        a.caveats.push(
            Msg::new(M::WebLoginLink)
                .text("url", url)
                .text("email", ctx.email),
        );
    }
    a
}
