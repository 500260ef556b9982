//! Advice that is about the account or the service rather than signing in
//! or sending: `none`, `retry-later`, `account-suspended`,
//! `reauthorize-oauth`.
//!
//! Most of the judgement here is "which kind of account": a personal
//! account has no administrator and no Admin console, so the Workspace
//! steps would send its owner looking for pages that do not exist.
//!
//! `retry-later` covers five different temporary conditions; each has its
//! own title because "retry later" alone tells the reader neither how long
//! nor what to change meanwhile.

use gmail_wire::google::AccountKind;

use super::common::{proto, IMAP_CONNECTION_LIMIT};
use super::decide::{domain, oauth_refused_as_credentials, subject};
use super::{common::company_not_private, Advice, Ctx};
use crate::classify::{AdminSetting, Facts, Temporary};
use crate::i18n::{Msg, MsgId as M};

/// `none`: what was checked, so the customer can compare with the CRM.
pub fn none(ctx: &Ctx<'_>) -> Advice {
    Advice::new(
        M::NoneTitle,
        Msg::new(M::NoneSummary)
            .text("email", ctx.email)
            .text("imap", ctx.imap)
            .text("smtp", ctx.smtp),
    )
    .caveats([Msg::new(M::NoneCaveat).text("email", ctx.email)])
}

/// `retry-later`: one advice per kind of temporary trouble.
///
/// DESIGN.md fixes the id for any throttling or temporary Gmail error; what
/// helps differs, so the advice does: close other IMAP clients (Gmail's
/// limit of about 15 connections), stop retrying (each failed login extends
/// a throttle), wait out propagation (up to 24 hours, and check the user's
/// own switch with option (a)), retry a slow network, or check Google's
/// status page for a server error.
pub fn retry_later(ctx: &Ctx<'_>) -> Advice {
    let f = &ctx.diagnosis.facts;
    let email = ctx.email;
    let (protocol, typed) = subject(ctx);
    let p = proto(protocol);
    match f.temporary {
        Some(Temporary::TooManyConnections) => Advice::new(
            M::RetryConnectionsTitle,
            Msg::new(M::RetryConnectionsSummary)
                .text("email", email)
                .count("limit", IMAP_CONNECTION_LIMIT),
        )
        .steps([
            M::RetryConnectionsStepClose,
            M::RetryConnectionsStepLower,
            M::RetryConnectionsStepWait,
        ])
        .caveats([M::RetryConnectionsCaveat]),
        Some(Temporary::RateLimited) => Advice::new(
            M::RetryThrottledTitle,
            Msg::new(M::RetryThrottledSummary).text("email", email),
        )
        .steps([M::RetryThrottledStepStop, M::RetryThrottledStepWait])
        .caveats([M::RetryThrottledCaveat]),
        Some(Temporary::Propagation) => retry_propagation(f, email),
        Some(Temporary::Slow) => Advice::new(
            M::RetrySlowTitle,
            Msg::new(M::RetrySlowSummary)
                .text("protocol", p)
                .text("typed", typed),
        )
        .steps([M::RetrySlowStepAgain, M::RetrySlowStepNetwork]),
        Some(Temporary::ServerError) | None => Advice::new(
            M::RetryServerTitle,
            Msg::new(M::RetryServerSummary).text("protocol", p),
        )
        .steps([M::RetryServerStepWait, M::RetryServerStepStatus]),
    }
}

/// `retry-later` because an admin setting was changed and the refusal it
/// fixes persists: name the setting, say that changes to it can take up to
/// 24 hours, and wait rather than change it again. Less secure apps add the
/// user's own switch and the article's "right account" warning; the
/// sending and IMAP settings add where to check that the change was saved.
fn retry_propagation(f: &Facts, email: &str) -> Advice {
    // Reports made before the setting was recorded were always about less
    // secure apps (the only propagation the ladder knew).
    let setting = f.propagating.unwrap_or(AdminSetting::LessSecureApps);
    let name = match setting {
        AdminSetting::Imap => Msg::new(M::SettingNameImap),
        AdminSetting::ExternalSmtp => Msg::new(M::SettingNameExternalSmtp),
        AdminSetting::SmtpRelay => Msg::new(M::SettingNameSmtpRelay),
        AdminSetting::LessSecureApps => Msg::new(M::SettingNameLessSecureApps),
    };
    let mut steps = vec![Msg::new(M::RetryPropagationStepWait)];
    let caveat = if setting == AdminSetting::LessSecureApps {
        if f.account_kind == AccountKind::Workspace {
            steps.push(Msg::new(M::RetryPropagationStepUserToggle));
        }
        steps.push(company_not_private(email, f.account_kind));
        M::RetryPropagationCaveat
    } else {
        steps.push(Msg::new(M::RetryPropagationStepSaved).text("product", f.admin_product));
        M::RetryPropagationCaveatAgain
    };
    Advice::new(
        M::RetryPropagationTitle,
        Msg::new(M::RetryPropagationSummary)
            .text("email", email)
            .msg("setting", name),
    )
    .steps(steps)
    .caveats([caveat])
}

/// `account-suspended`: the administrator restores a Workspace user; a
/// personal account's owner signs in to see why.
pub fn account_suspended(ctx: &Ctx<'_>) -> Advice {
    let f = &ctx.diagnosis.facts;
    let email = ctx.email;
    match f.account_kind {
        AccountKind::Workspace => Advice::new(
            M::SuspendedWorkspaceTitle,
            Msg::new(M::SuspendedWorkspaceSummary)
                .text("email", email)
                .text("product", f.admin_product),
        )
        .steps([
            Msg::new(M::SuspendedWorkspaceStepUsers),
            Msg::new(M::SuspendedWorkspaceStepFind).text("email", email),
            Msg::new(M::SuspendedWorkspaceStepReactivate),
            Msg::new(M::StepReconnect),
        ])
        .caveats([M::SuspendedWorkspaceCaveat]),
        AccountKind::Consumer => Advice::new(
            M::SuspendedConsumerTitle,
            Msg::new(M::SuspendedConsumerSummary).text("email", email),
        )
        .steps([
            Msg::new(M::SuspendedConsumerStepSignIn).text("email", email),
            Msg::new(M::SuspendedConsumerStepRecover),
            Msg::new(M::SuspendedConsumerStepReconnect),
        ]),
    }
}

/// `reauthorize-oauth`: the token is dead; the user connects the mailbox
/// again, granting the full-mail scope IMAP and SMTP need.
pub fn reauthorize_oauth(ctx: &Ctx<'_>) -> Advice {
    let f = &ctx.diagnosis.facts;
    let email = ctx.email;
    let refusal = if oauth_refused_as_credentials(ctx.diagnosis) {
        M::OauthRefusalCredentials
    } else {
        M::OauthRefusalToken
    };
    let mut caveats = vec![Msg::new(M::OauthCaveatTokens)];
    if f.account_kind == AccountKind::Workspace {
        caveats.push(
            Msg::new(M::OauthCaveatWorkspace)
                .text("domain", domain(email))
                .text("product", f.admin_product),
        );
    }
    Advice::new(
        M::OauthTitle,
        Msg::new(M::OauthSummary).msg("refusal", Msg::new(refusal).text("email", email)),
    )
    .steps([
        Msg::new(M::OauthStepReconnect),
        Msg::new(M::OauthStepConsent).text("email", email),
        Msg::new(M::OauthStepRunAgain),
    ])
    .caveats(caveats)
}
