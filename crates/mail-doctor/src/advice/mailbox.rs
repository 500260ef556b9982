//! Where the mailbox is: `not-a-google-mailbox` (the domain's MX records
//! point elsewhere, or nowhere) and the address whose domain does not
//! exist (`check-password` with the rule `mx.no-such-domain`).
//!
//! Both come from the MX step, before any Gmail rung, so their advice says
//! nothing about Gmail's switches: for a mailbox hosted elsewhere they do
//! not exist, and sending the customer to look for them is the mistake this
//! stage prevents. The advice names the provider the MX points at (the
//! first person to ask) and the one change that would make Gmail's settings
//! right — the domain's MX records — for a company that did move to Google.

use super::{Advice, Ctx};
use crate::classify::mailbox::primary;
use crate::classify::Rule;
use crate::i18n::{Msg, MsgId as M};
use crate::probe::mx::domain_of;

/// The advice for `not-a-google-mailbox`.
///
/// Two summaries: exchangers elsewhere (`mx.elsewhere`, the provider is
/// named) or no MX at all (`mx.none`, RFC 5321's fallback to the domain's
/// own address — whoever manages the domain must say where its mail is).
pub fn not_a_google_mailbox(ctx: &Ctx<'_>) -> Advice {
    let domain = domain_of(ctx.email);
    let hosts = &ctx.diagnosis.facts.mail_exchangers;
    let first = primary(hosts).map(|h| h.host.trim_end_matches('.').to_owned());
    let (summary, ask) = match (&ctx.diagnosis.rule, first) {
        (Rule::MxElsewhere, Some(host)) => (
            Msg::new(M::NotGoogleSummaryElsewhere)
                .text("domain", &domain)
                .text("email", ctx.email)
                .text("hosts", exchangers(hosts)),
            Msg::new(M::NotGoogleStepProvider).text("host", host),
        ),
        _ => (
            Msg::new(M::NotGoogleSummaryNone)
                .text("domain", &domain)
                .text("email", ctx.email),
            Msg::new(M::NotGoogleStepAskDomain).text("domain", &domain),
        ),
    };
    Advice::new(Msg::new(M::NotGoogleTitle).text("domain", &domain), summary)
        .steps([
            ask,
            Msg::new(M::NotGoogleStepMoved).text("domain", &domain),
            Msg::new(M::StepRunAgain),
        ])
        .caveats([
            Msg::new(M::NotGoogleCaveatCheck).text("domain", &domain),
            Msg::new(M::NotGoogleCaveatTtl),
        ])
}

/// `check-password` when the address's domain does not exist: the address
/// is wrong, not the password.
pub fn check_address(ctx: &Ctx<'_>) -> Advice {
    let domain = domain_of(ctx.email);
    Advice::new(
        Msg::new(M::AddressTitle).text("domain", &domain),
        Msg::new(M::AddressSummary)
            .text("domain", &domain)
            .text("email", ctx.email),
    )
    .steps([
        Msg::new(M::AddressStepCorrect).text("email", ctx.email),
        Msg::new(M::StepSaveAndConnect),
    ])
    .caveats([Msg::new(M::AddressCaveatLapsed).text("domain", &domain)])
}

/// The exchangers as the report quotes them: `10 mx.home.pl, 20 mx2.home.pl`.
pub(crate) fn exchangers(hosts: &[crate::probe::mx::Exchanger]) -> String {
    hosts
        .iter()
        .map(|h| format!("{} {}", h.preference, h.host.trim_end_matches('.')))
        .collect::<Vec<_>>()
        .join(", ")
}
