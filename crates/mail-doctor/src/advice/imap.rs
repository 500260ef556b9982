//! IMAP switched off: by the Workspace administrator for the domain
//! (`enable-imap`), or by the user in Gmail's settings (`enable-imap-user`).
//!
//! The user's own switch was removed on 2024-06-15; after that date the
//! advice must not send anyone looking for it, and says who can still block
//! IMAP (only a Workspace administrator).
//!
//! The administrator's menu path is given for the console of the era
//! (`Apps > G Suite > Gmail` before the October 2020 rename, `Apps >
//! Google Workspace > Gmail` after), since the customer follows it click by
//! click.

use gmail_wire::google::AccountKind;

use super::common::company_not_private;
use super::decide::{domain, IMAP_SWITCH_REMOVED};
use super::{Advice, Ctx};
use crate::i18n::{Msg, MsgId as M};

/// `enable-imap`: the admin unticks "Disable POP and IMAP access for all
/// users", under the product name of the era.
pub fn enable_imap(ctx: &Ctx<'_>) -> Advice {
    let f = &ctx.diagnosis.facts;
    let product = f.admin_product;
    let mut caveats = vec![
        Msg::new(M::EnableImapCaveatPropagation),
        Msg::new(M::EnableImapCaveatNextRung),
    ];
    if f.account_kind == AccountKind::Consumer {
        caveats.push(Msg::new(M::EnableImapCaveatPersonal).text("email", ctx.email));
    }
    Advice::new(
        M::EnableImapTitle,
        Msg::new(M::EnableImapSummary)
            .text("domain", domain(ctx.email))
            .text("product", product),
    )
    .steps([
        Msg::new(M::StepAdminSignIn),
        Msg::new(M::EnableImapStepMenu).text("product", product),
        Msg::new(M::EnableImapStepUntick),
        Msg::new(M::StepSave),
        Msg::new(M::StepReconnect),
    ])
    .caveats(caveats)
}

/// `enable-imap-user`: the user's switch while it exists; afterwards, who
/// can still block IMAP.
pub fn enable_imap_user(ctx: &Ctx<'_>) -> Advice {
    let f = &ctx.diagnosis.facts;
    let email = ctx.email;
    if !f.user_imap_switch_exists {
        let (title, steps) = match f.account_kind {
            AccountKind::Workspace => (
                M::ImapUserGoneTitleWorkspace,
                vec![
                    Msg::new(M::ImapUserGoneStepWorkspace).text("product", f.admin_product),
                    Msg::new(M::ImapUserGoneStepConnect),
                ],
            ),
            AccountKind::Consumer => (
                M::ImapUserGoneTitleConsumer,
                vec![Msg::new(M::ImapUserGoneStepConsumer)],
            ),
        };
        return Advice::new(
            title,
            Msg::new(M::ImapUserGoneSummary)
                .text("email", email)
                .date("removed", IMAP_SWITCH_REMOVED),
        )
        .steps(steps)
        .caveats([Msg::new(M::ImapUserGoneCaveat).date("removed", IMAP_SWITCH_REMOVED)]);
    }
    Advice::new(
        M::ImapUserTitle,
        Msg::new(M::ImapUserSummary).text("email", email),
    )
    .steps([
        Msg::new(M::ImapUserStepOpen).text("email", email),
        Msg::new(M::ImapUserStepGear),
        Msg::new(M::ImapUserStepTab),
        Msg::new(M::ImapUserStepEnable),
        Msg::new(M::ImapUserStepSave),
    ])
    .caveats([
        company_not_private(email, f.account_kind),
        Msg::new(M::ImapUserCaveatRemoval).date("removed", IMAP_SWITCH_REMOVED),
    ])
}
