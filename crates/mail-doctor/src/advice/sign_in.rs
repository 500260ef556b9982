//! Password sign-in from apps: `allow-less-secure-apps` while Google still
//! offers it for the account's kind, `use-app-password` otherwise.
//!
//! Both depend on the era (DESIGN.md "Time"): the cut-off for personal
//! accounts is 2022-05-30, for Workspace 2024-09-30, and between 2024-06-15
//! and the Workspace cut-off the Admin console hides the setting from domains
//! that never used it. After a cut-off the old rung is gone, and the advice
//! says so *first*, before steps that describe a setting that no longer
//! exists.
//!
//! The two rungs are alternatives for the same refusal: which one the
//! advice gives depends only on the era and the kind of account, decided by
//! the classifier's facts (`less_secure_possible`), never re-derived here.

use gmail_wire::google::{era, AccountKind};

use super::common::{
    accounts, company_not_private, less_secure_cutoff, password_sign_in_ended, APP_PASSWORD_LENGTH,
};
use super::decide::{
    app_password_why, domain, less_secure_hidden, rule, AppPasswordWhy, IMAP_SWITCH_REMOVED,
};
use super::{Advice, Ctx};
use crate::classify::Rule;
use crate::i18n::{Msg, MsgId as M};

/// `allow-less-secure-apps`: the administrator's choice (a) or (b), then
/// each user's own switch; for a personal account, the user's switch.
///
/// The caveats carry the article's warnings in its order — up to 24 hours
/// to take effect, and "are you signed in to the company account, not a
/// private one" (the sign-in page is the same) — then, for Workspace, when
/// to choose (a) or (b), and between 2024-06-15 and the cut-off that the
/// console may no longer show the setting. The cut-off sentence goes last
/// while the option exists, first once it is gone.
pub fn allow_less_secure_apps(ctx: &Ctx<'_>) -> Advice {
    let f = &ctx.diagnosis.facts;
    let email = ctx.email;
    let mut caveats = vec![
        Msg::new(M::LessSecureCaveatPropagation),
        company_not_private(email, f.account_kind),
    ];
    if rule(ctx.diagnosis) == Rule::AuthWebLoginCheckAccount {
        // Allowed and waited for, still refused: the article's warning is
        // now the finding, so it leads.
        caveats.insert(
            0,
            Msg::new(M::LessSecureCaveatCheckAccount).text("email", email),
        );
    }
    let mut advice = match f.account_kind {
        AccountKind::Workspace => {
            caveats.push(Msg::new(M::LessSecureCaveatChoice));
            if less_secure_hidden(f) {
                caveats
                    .push(Msg::new(M::LessSecureCaveatHidden).date("removed", IMAP_SWITCH_REMOVED));
            }
            Advice::new(
                M::LessSecureTitleWorkspace,
                // The customer's own domain, not the product's name: the
                // block is a setting of *their* domain.
                Msg::new(M::LessSecureSummaryWorkspace)
                    .text("email", email)
                    .text("product", f.admin_product)
                    .text("domain", domain(email)),
            )
            .steps([
                M::LessSecureStepAdmin,
                M::LessSecureStepMenu,
                M::LessSecureStepChange,
                M::StepSave,
                M::LessSecureStepEachUser,
                M::StepReconnect,
            ])
        }
        AccountKind::Consumer => {
            caveats.push(Msg::new(M::LessSecureCaveat2sv));
            Advice::new(
                M::LessSecureTitleConsumer,
                Msg::new(M::LessSecureSummaryConsumer).text("email", email),
            )
            .steps([
                Msg::new(M::LessSecureStepConsumerSignIn).text("email", email),
                Msg::new(M::LessSecureStepConsumerFind),
                Msg::new(M::LessSecureStepConsumerTurnOn),
                Msg::new(M::StepReconnect),
            ])
        }
    };
    advice.caveats = caveats;
    // Past the cut-off the steps describe a setting that is gone: say so first.
    let cutoff = less_secure_cutoff(f);
    if f.less_secure_possible {
        advice.caveats.push(cutoff);
    } else {
        advice.caveats.insert(0, cutoff);
    }
    advice
}

/// `use-app-password`: why (Gmail asked for it, the cut-off passed, or less
/// secure apps did not help), the steps, and OAuth as the long-term fix.
///
/// After the cut-off the summary itself says that step 2 of the old
/// article no longer exists, so the caveat only recommends OAuth; before
/// it, the caveats add the end of password sign-in (when it has passed for
/// this kind) and OAuth as the alternative. A Workspace domain may forbid
/// 2-Step Verification or app passwords, which only its administrator can
/// change: that caveat names the customer's domain.
pub fn use_app_password(ctx: &Ctx<'_>) -> Advice {
    let d = ctx.diagnosis;
    let f = &d.facts;
    let email = ctx.email;
    let why = app_password_why(d);
    let summary = match why {
        AppPasswordWhy::Required => Msg::new(M::AppPasswordSummaryRequired),
        AppPasswordWhy::PasswordSignInEnded => Msg::new(M::AppPasswordSummaryEnded)
            .msg("accounts", accounts(f))
            .date("end", f.less_secure_end),
        AppPasswordWhy::LessSecureNotEnough => Msg::new(M::AppPasswordSummaryNotEnough),
        AppPasswordWhy::SettingGone => Msg::new(M::AppPasswordSummarySettingGone)
            .date("removed", IMAP_SWITCH_REMOVED)
            .date("end", f.less_secure_end),
    }
    .text("email", email)
    .count("length", APP_PASSWORD_LENGTH);
    let mut caveats = vec![Msg::new(M::AppPasswordCaveatOnce)];
    if rule(d) == Rule::AuthInvalidCredentialsAfterCutoff {
        // The reply alone cannot tell the era from a typo: say which was
        // assumed and what comes next.
        caveats.push(Msg::new(M::AppPasswordCaveatSameWords).text("email", email));
    }
    if why == AppPasswordWhy::PasswordSignInEnded {
        caveats.push(Msg::new(M::AppPasswordCaveatOauthBetter));
    } else {
        if !f.less_secure_possible {
            caveats.push(password_sign_in_ended(f));
        }
        caveats.push(Msg::new(M::AppPasswordCaveatOauthAlternative));
    }
    if f.account_kind == AccountKind::Workspace {
        caveats.push(
            Msg::new(M::AppPasswordCaveatWorkspace)
                .text("domain", domain(email))
                .text("product", f.admin_product),
        );
    }
    // Since about 2023 the page asks only for a name and "Create", and the
    // direct address opens it; before, "Select app › Other (custom name)"
    // and "Generate" under Security (`era::APP_PASSWORD_NAME_ONLY`).
    let (page, two_step, name) = if era::app_password_name_only(f.as_of) {
        (
            M::AppPasswordStepPageDirect,
            M::AppPasswordStep2svDirect,
            M::AppPasswordStepNameCreate,
        )
    } else {
        (
            M::AppPasswordStepPage,
            M::AppPasswordStep2sv,
            M::AppPasswordStepName,
        )
    };
    Advice::new(M::AppPasswordTitle, summary)
        .steps([
            Msg::new(M::AppPasswordStepSignIn).text("email", email),
            Msg::new(page),
            Msg::new(two_step),
            Msg::new(name),
            Msg::new(M::AppPasswordStepType)
                .count("length", APP_PASSWORD_LENGTH)
                .text("email", email),
            Msg::new(M::StepSaveAndConnect),
        ])
        .caveats(caveats)
}
