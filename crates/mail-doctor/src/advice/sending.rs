//! Advice about sending: `allow-external-smtp`, `add-send-as-address`,
//! `configure-smtp-relay`, `sending-limit-reached`.
//!
//! What Gmail does with a CRM's mail depends on the address it sends as
//! (DESIGN.md "Sending"): the account's own address and the organisation's
//! domains always send; a verified "Send mail as" address sends through
//! Gmail, or through its own server only when the admin allows per-user
//! outbound gateways; any other outside address is delivered with the From
//! rewritten to the account's own. So these plans name the address the CRM
//! sends as (`facts.from_requested`, else the login) wherever it matters.
//!
//! # The Admin console's menus, by date
//!
//! The support article (G Suite era) puts both sending settings under
//! "Apps > G Suite > Gmail > Advanced settings". Today's console has them on
//! their own pages: "Apps > Google Workspace > Gmail > End User Access"
//! ("Allow per-user outbound gateways") and "… > Gmail > Routing" ("SMTP
//! relay service"). The advice switches on the rename of G Suite to Google
//! Workspace (6 October 2020, `era::WORKSPACE_RENAME`): Google's help pages
//! describe the split pages with the new product name, and the article's
//! path with the old one, so the one date keeps the product name and the
//! page name of one menu path from the same console.

use chrono::NaiveDate;
use gmail_wire::google::{era, AccountKind};

use super::common::accounts;
use super::decide::domain;
use super::{Advice, Ctx};
use crate::classify::{Facts, RelayRefusal};
use crate::i18n::{Msg, MsgId as M};

/// Gmail's daily sending limit for Workspace accounts (about 2,000
/// messages a day, Google's "Gmail sending limits in Google Workspace").
pub const WORKSPACE_DAILY_LIMIT: u64 = 2_000;
/// Gmail's daily sending limit for personal accounts (about 500 a day).
pub const CONSUMER_DAILY_LIMIT: u64 = 500;

/// Whether the Admin console of `as_of` has Gmail's settings on their own
/// pages (End User Access, Routing) rather than under "Advanced settings"
/// (see the module docs for the date).
fn split_gmail_pages(as_of: NaiveDate) -> bool {
    as_of >= era::WORKSPACE_RENAME
}

/// The address the CRM sends as: `--from`, else the login.
fn sender<'a>(ctx: &Ctx<'a>) -> &'a str {
    ctx.diagnosis
        .facts
        .from_requested
        .as_deref()
        .unwrap_or(ctx.email)
}

/// `allow-external-smtp`: the admin's "Allow per-user outbound gateways";
/// a personal account has no admin, so its owner changes the "Send mail
/// as" address to send through Gmail.
pub fn allow_external_smtp(ctx: &Ctx<'_>) -> Advice {
    let f = &ctx.diagnosis.facts;
    let product = f.admin_product;
    let from = sender(ctx);
    match f.account_kind {
        AccountKind::Workspace => {
            let summary = match &f.from_requested {
                Some(from) => Msg::new(M::ExternalSmtpSummaryWorkspace)
                    .text("email", ctx.email)
                    .text("from", from)
                    .text("product", product),
                None => Msg::new(M::ExternalSmtpSummaryWorkspaceLogin)
                    .text("email", ctx.email)
                    .text("product", product),
            };
            let (menu, tick) = if split_gmail_pages(f.as_of) {
                (
                    M::ExternalSmtpStepMenuGateways,
                    M::ExternalSmtpStepTickGateways,
                )
            } else {
                (M::ExternalSmtpStepMenu, M::ExternalSmtpStepTick)
            };
            Advice::new(M::ExternalSmtpTitleWorkspace, summary)
                .steps([
                    Msg::new(M::StepAdminSignIn),
                    Msg::new(menu).text("product", product),
                    Msg::new(tick),
                    Msg::new(M::ExternalSmtpStepSave),
                ])
                .caveats([
                    Msg::new(M::ExternalSmtpCaveatUnit),
                    Msg::new(M::ExternalSmtpCaveatDelay),
                    Msg::new(M::ExternalSmtpCaveatViaGmail).text("from", from),
                ])
        }
        AccountKind::Consumer => Advice::new(
            M::ExternalSmtpTitleConsumer,
            Msg::new(M::ExternalSmtpSummaryConsumer)
                .text("email", ctx.email)
                .text("from", from),
        )
        .steps([M::ExternalSmtpStepSendAs, M::ExternalSmtpStepTestAgain])
        .caveats([M::ExternalSmtpCaveatWorkspaceOnly]),
    }
}

/// `add-send-as-address`: Gmail delivered the test message as the
/// account's own address; the user adds and verifies the CRM's address
/// under "Send mail as". In Workspace the admin may instead make its
/// domain one of the organisation's (secondary or alias domain), after
/// which every address in it may be the sender.
pub fn add_send_as_address(ctx: &Ctx<'_>) -> Advice {
    let f = &ctx.diagnosis.facts;
    let from = sender(ctx);
    let delivered = f.from_delivered.as_deref().unwrap_or(ctx.email);
    let mut caveats = vec![Msg::new(M::SendAsCaveatDisplayName)];
    if f.account_kind == AccountKind::Workspace {
        caveats.push(
            Msg::new(M::SendAsCaveatWorkspaceDomain)
                .text("domain", domain(from))
                .text("product", f.admin_product),
        );
    }
    Advice::new(
        Msg::new(M::SendAsTitle).text("from", from),
        Msg::new(M::SendAsSummary)
            .text("email", ctx.email)
            .text("from", from)
            .text("delivered", delivered),
    )
    .steps([
        Msg::new(M::SendAsStepSettings).text("email", ctx.email),
        Msg::new(M::SendAsStepAdd),
        Msg::new(M::SendAsStepAddress).text("from", from),
        Msg::new(M::SendAsStepViaGmail),
        Msg::new(M::SendAsStepConfirm).text("from", from),
        Msg::new(M::SendAsStepTest),
    ])
    .caveats(caveats)
}

/// `configure-smtp-relay`: which relay setting to look at depends on the
/// refusal (see [`RelayRefusal`]); the steps name that one setting. A
/// personal account cannot use the relay service at all.
pub fn configure_smtp_relay(ctx: &Ctx<'_>) -> Advice {
    let f = &ctx.diagnosis.facts;
    let product = f.admin_product;
    let from = sender(ctx);
    if f.account_kind == AccountKind::Consumer {
        return Advice::new(
            M::RelayTitleConsumer,
            Msg::new(M::RelaySummaryConsumer).text("email", ctx.email),
        )
        .steps([
            Msg::new(M::RelayStepConsumerSmtp),
            Msg::new(M::StepRunAgain),
        ]);
    }
    let kind = f.relay.unwrap_or(RelayRefusal::NotAllowed);
    let (reason, setting) = match kind {
        RelayRefusal::NotAllowed => (
            Msg::new(M::RelayReasonNotAllowed),
            Msg::new(M::RelayStepAllowIps),
        ),
        RelayRefusal::SenderNotInDomains => (
            Msg::new(M::RelayReasonSender).text("from", from),
            Msg::new(M::RelayStepSenders).text("from", from),
        ),
        RelayRefusal::AuthRequired => (
            Msg::new(M::RelayReasonAuth),
            Msg::new(M::RelayStepAuth).text("email", ctx.email),
        ),
    };
    let menu = if split_gmail_pages(f.as_of) {
        M::RelayStepMenuRouting
    } else {
        M::RelayStepMenuAdvanced
    };
    Advice::new(
        M::RelayTitle,
        Msg::new(M::RelaySummary)
            .text("from", from)
            .msg("reason", reason),
    )
    .steps([
        Msg::new(M::StepAdminSignIn),
        Msg::new(menu).text("product", product),
        setting,
        Msg::new(M::RelayStepTls),
        Msg::new(M::RelayStepSave),
    ])
    .caveats([M::RelayCaveatDelay, M::RelayCaveatOneMailbox])
}

/// The daily limit for the account's kind.
fn daily_limit(f: &Facts) -> u64 {
    match f.account_kind {
        AccountKind::Workspace => WORKSPACE_DAILY_LIMIT,
        AccountKind::Consumer => CONSUMER_DAILY_LIMIT,
    }
}

/// `sending-limit-reached`: nothing is misconfigured; the account sent
/// its daily allowance. Wait (the window is a rolling 24 hours), spread
/// the sending, and move bulk mail to a service made for it.
pub fn sending_limit_reached(ctx: &Ctx<'_>) -> Advice {
    let f = &ctx.diagnosis.facts;
    let bulk = match f.account_kind {
        AccountKind::Workspace => {
            Msg::new(M::LimitStepBulkWorkspace).text("product", f.admin_product)
        }
        AccountKind::Consumer => Msg::new(M::LimitStepBulkConsumer),
    };
    Advice::new(
        M::LimitTitle,
        Msg::new(M::LimitSummary)
            .text("email", ctx.email)
            .count("limit", daily_limit(f))
            .msg("accounts", accounts(f)),
    )
    .steps([
        Msg::new(M::LimitStepWait),
        Msg::new(M::LimitStepSpread),
        bulk,
    ])
    .caveats([M::LimitCaveatRecipients, M::LimitCaveatNotASetting])
}
