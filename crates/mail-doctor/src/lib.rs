//! mail-doctor: why will this Gmail / Google Workspace mailbox not connect,
//! and which one setting should change?
//!
//! The doctor probes the account line by line over its own TLS stream
//! (DNS → TCP → TLS/STARTTLS → greeting → login → INBOX, then SMTP EHLO →
//! AUTH → envelope), keeping the exact transcript; checks what a CRM's
//! client libraries (`imap`, lettre) see; classifies the evidence from
//! protocol facts only; and chooses one remediation from the article's
//! ladder. The report is data in no language; the renderers say it in
//! English or Polish, as text or JSON, so one diagnosis gives every output.
//!
//! ```no_run
//! # async fn demo() -> Result<(), mail_doctor::Error> {
//! use mail_doctor::{Config, Credential, Lang};
//! let cfg = Config::new("anna@firma.pl", Credential::Password("secret".to_string().into()));
//! let report = mail_doctor::diagnose(&cfg).await?;
//! println!("{}", mail_doctor::report::text::render(&report, Lang::Pl, false));
//! println!("{}", mail_doctor::report::json::render(&report, Lang::En));
//! # Ok(()) }
//! ```
//!
//! # Layout
//! - [`config`]: what the customer typed; network mapping.
//! - `probe/`: `mx` (the login domain's MX records), `conn` (DNS, TCP,
//!   framing), `tls` (rustls and its typed failures), `imap`, `smtp`.
//! - `client_libraries`: the `imap` crate and lettre as a CRM would use them.
//! - [`classify`]: evidence → [`classify::Diagnosis`].
//! - [`remedy`]: remediation ids and actors.
//! - [`advice`]: the advice plan — what to say, as message ids with typed
//!   arguments, decided once from the diagnosis.
//! - [`i18n`]: the EN/PL Fluent catalogues that say it.
//! - [`report`]: the language-free report; its text and JSON renderers.
//!
//! # Order of work in [`diagnose`]
//!
//! 1. The TLS configuration is built first: a CA file that cannot be used
//!    stops the diagnosis with an [`Error`] before any network traffic.
//! 2. The MX step: the login domain's mail exchangers, looked up with
//!    hickory-resolver (`--dns-server` or the system's resolver). It never
//!    stops the probes: the classifier weighs it first (a mailbox hosted
//!    elsewhere gets `not-a-google-mailbox` before any Gmail rung), and a
//!    DNS that does not answer is only a note.
//! 3. IMAP, then SMTP: each probe stops at its own first failure, and
//!    neither depends on the other's result.
//! 4. With `--send-test`, the IMAP side then looks for the message SMTP
//!    sent and reads its From header (Gmail rewrites an outside sender it
//!    has not verified instead of refusing it); the step is appended to
//!    the SMTP run because it is the sending that it checks.
//! 5. The library check runs last and only for protocols whose probe got as
//!    far as signing in (see `client_libraries`).
//! 6. The classifier reads the evidence, and the report (with its advice
//!    plan) is built once from the diagnosis.

#![forbid(unsafe_code)]
#![deny(missing_debug_implementations)]

pub mod advice;
pub mod classify;
mod client_libraries;
pub mod config;
pub mod error;
pub mod i18n;
pub mod probe;
pub mod remedy;
pub mod report;

use serde::Serialize;

pub use config::{Config, ConnectTo, Credential, Endpoint, LocalGmail, Network, Security};
pub use error::Error;
pub use i18n::Lang;
pub use remedy::{Actor, RemediationId};
pub use report::Report;

/// IMAP or SMTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    /// Receiving.
    Imap,
    /// Sending.
    Smtp,
}

/// Runs every probe, the library check and the classifier, and decides the
/// advice. The result is in no language: render it with
/// [`report::text::render`] or [`report::json::render`].
pub async fn diagnose(cfg: &Config) -> Result<Report, Error> {
    let tls = probe::client_config(cfg)?;
    let mx = probe::mx::check(cfg).await;
    let imap = probe::imap::probe(cfg, &tls).await;
    let smtp_out = probe::smtp::probe(cfg, &tls).await;
    let mut smtp = smtp_out.run;
    if let Some(id) = &smtp_out.sent_message_id {
        smtp = delivery_check(cfg, &tls, id, smtp).await;
    }
    let library = if cfg.library_check {
        let imap_addr = imap
            .authenticated
            .then_some(imap.connected_to)
            .flatten()
            .or_else(|| auth_reached(&imap));
        let smtp_addr = smtp
            .authenticated
            .then_some(smtp.connected_to)
            .flatten()
            .or_else(|| auth_reached(&smtp));
        client_libraries::check(cfg, tls.clone(), imap_addr, smtp_addr).await
    } else {
        Vec::new()
    };
    let ev = classify::Evidence {
        imap: &imap,
        smtp: &smtp,
        library,
    };
    let diagnosis = classify::classify_with_mx(&ev, &mx, cfg);
    Ok(Report::build(cfg, &mx, &imap, &smtp, diagnosis))
}

/// After `--send-test`: the IMAP side looks for the message and reads its
/// From header; the step is appended to the SMTP run, because it is the
/// sending that it checks.
///
/// Three outcomes: not delivered; delivered with another From address than
/// the one sent as (Gmail rewrote an outside address it has not verified:
/// a failure of its own, [`probe::Failure::FromRewritten`]); delivered as
/// sent. A From header that cannot be read proves nothing either way, so it
/// counts as delivered.
async fn delivery_check(
    cfg: &Config,
    tls: &std::sync::Arc<rustls::ClientConfig>,
    id: &str,
    smtp: probe::ProtocolRun,
) -> probe::ProtocolRun {
    let started = std::time::Instant::now();
    let mut rec = probe::Recorder::new(Protocol::Imap, cfg.imap.clone());
    let found = probe::imap::await_delivery(cfg, tls, id, &mut rec).await;
    let mut smtp_rec = probe::Recorder { run: smtp };
    let message_id = id.to_owned();
    match found {
        probe::imap::Delivery::NotFound => smtp_rec.fail(
            probe::StepKind::Delivery,
            started,
            probe::Detail::NotDelivered { message_id },
            probe::Failure::NotDelivered,
        ),
        probe::imap::Delivery::Found {
            from: Some(delivered),
        } if !delivered.eq_ignore_ascii_case(cfg.sender()) => {
            let requested = cfg.sender().to_owned();
            smtp_rec.fail(
                probe::StepKind::Delivery,
                started,
                probe::Detail::FromRewritten {
                    message_id,
                    requested: requested.clone(),
                    delivered: delivered.clone(),
                },
                probe::Failure::FromRewritten {
                    requested,
                    delivered,
                },
            )
        }
        probe::imap::Delivery::Found { .. } => smtp_rec.ok(
            probe::StepKind::Delivery,
            started,
            probe::Detail::Delivered { message_id },
        ),
    }
    smtp_rec.run
}

/// The connected address if the probe got as far as authentication.
///
/// A library check before that point could only repeat the probe's
/// finding (the same refused connection, the same bad certificate), so it
/// is not run; at or after the sign-in step its result adds information.
fn auth_reached(run: &probe::ProtocolRun) -> Option<std::net::SocketAddr> {
    let reached = run.steps.iter().any(|s| {
        matches!(
            s.step,
            probe::StepKind::ImapLogin | probe::StepKind::SmtpAuth
        ) && s.outcome != probe::Outcome::Skipped
    });
    reached.then_some(run.connected_to).flatten()
}
