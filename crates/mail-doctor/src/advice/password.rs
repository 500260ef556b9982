//! `check-password`: the password (or app password) is refused.
//!
//! The subtle case is Gmail's "Invalid credentials": for years it meant
//! either a wrong password or a correct one blocked as a "less secure app",
//! and after the cut-offs it is also what a correct account password gets.
//! So the advice first asks to confirm the password in a browser, and names
//! the rung to take if it is right (see `decide::password_trouble`): no
//! developer flag, only what the customer can do.
//!
//! The browser sign-in comes first because it separates the two meanings
//! of the refusal without any tool: if the browser accepts the password,
//! the password is right and the next rung applies.

use gmail_wire::google::AccountKind;

use super::common::{password_sign_in_ended, APP_PASSWORD_LENGTH};
use super::decide::{password_trouble, PasswordTrouble};
use super::{Advice, Ctx};
use crate::i18n::{Msg, MsgId as M};
use crate::remedy::RemediationId as R;

/// The advice for `check-password`.
///
/// Four cases, told apart by `decide::password_trouble`:
/// - an app password was refused: it was mistyped or revoked, so make a new
///   one (a password change or turning off 2-Step Verification revokes it);
/// - SMTP refused what IMAP accepted: the CRM's separate SMTP fields hold
///   something else, so they come first;
/// - every other rung has been tried: only the password or the address is
///   left, and a CRM that keeps an old password is the usual culprit;
/// - the plain case: retype it, and if Gmail's reply was the ambiguous
///   "Invalid credentials", say which rung follows if the password is right.
pub fn check_password(ctx: &Ctx<'_>) -> Advice {
    let d = ctx.diagnosis;
    // The MX step found no such domain: the address, not the password.
    if d.rule == crate::classify::Rule::MxNoSuchDomain {
        return super::mailbox::check_address(ctx);
    }
    let f = &d.facts;
    let email = ctx.email;
    let with_email = |id: M| Msg::new(id).text("email", email);
    let retype = vec![
        with_email(M::PasswordStepBrowser),
        Msg::new(M::PasswordStepRetype),
        with_email(M::PasswordStepFullAddress),
        Msg::new(M::StepSaveAndConnect),
    ];
    match password_trouble(d) {
        PasswordTrouble::AppPassword => {
            Advice::new(M::PasswordAppTitle, with_email(M::PasswordAppSummary))
                .steps([
                    with_email(M::PasswordAppStepDelete),
                    Msg::new(M::PasswordAppStepGenerate).count("length", APP_PASSWORD_LENGTH),
                    with_email(M::PasswordAppStepType),
                ])
                .caveats([M::PasswordAppCaveat2sv])
        }
        PasswordTrouble::SmtpOnly => {
            // The browser check proves nothing here: IMAP already signed in
            // with the same password, so the SMTP fields come first.
            let mut steps = vec![Msg::new(M::PasswordSmtpStepFields)];
            steps.extend(retype.into_iter().skip(1));
            Advice::new(M::PasswordSmtpTitle, with_email(M::PasswordSmtpSummary)).steps(steps)
        }
        PasswordTrouble::Exhausted => Advice::new(
            M::PasswordExhaustedTitle,
            with_email(M::PasswordExhaustedSummary),
        )
        .steps(retype)
        .caveats([M::PasswordExhaustedCaveat]),
        PasswordTrouble::Plain { ambiguous, next } => {
            let mut caveats = Vec::new();
            if ambiguous {
                caveats.push(Msg::new(M::PasswordCaveatAmbiguous));
            }
            match next {
                Some(R::AllowLessSecureApps) => caveats.push(
                    Msg::new(M::PasswordCaveatNextLessSecure)
                        .msg(
                            "who",
                            match f.account_kind {
                                AccountKind::Workspace => M::PasswordNextWhoWorkspace,
                                AccountKind::Consumer => M::PasswordNextWhoConsumer,
                            },
                        )
                        .date("end", f.less_secure_end),
                ),
                Some(_) if !f.less_secure_possible => caveats.push(
                    Msg::new(M::PasswordCaveatNextAppPasswordEnded)
                        .msg("ended", password_sign_in_ended(f)),
                ),
                Some(_) => caveats.push(Msg::new(M::PasswordCaveatNextAppPassword)),
                None => {}
            }
            Advice::new(M::PasswordTitle, with_email(M::PasswordSummary))
                .steps(retype)
                .caveats(caveats)
        }
    }
}
