//! `Greeted`: after EHLO/HELO. The commands that need the greeting: AUTH
//! (which starts the SASL exchange) and MAIL (which needs a signed-in
//! account and starts a transaction). On the submission port both need
//! STARTTLS first.

use gmail_wire::smtp::{Param, Reply};
use tracing::info;

use super::sasl;
use super::transaction::Transaction;
use crate::model::may_send;
use crate::responses::smtp as text;
use crate::smtp::session::{CommandPhase, Context, Output, Phase};
use crate::wire_style::Stage;

/// AUTH: TLS first, then EHLO/HELO, and only once per connection.
pub(crate) fn auth(
    ctx: &Context,
    at: CommandPhase,
    id: &str,
    mechanism: &str,
    ir: Option<&str>,
) -> (Phase, Output) {
    if let Some(r) = must_starttls(ctx, id) {
        return (at.into(), Output::one(r));
    }
    let refusal = match &at {
        CommandPhase::Greeted { account: None } => None,
        CommandPhase::Connected => Some("EHLO/HELO first."),
        CommandPhase::Greeted { account: Some(_) } | CommandPhase::Mail(_) => {
            Some("Already authenticated.")
        }
    };
    match refusal {
        Some(why) => (at.into(), Output::one(text::bad_sequence(why, id))),
        None => sasl::start(ctx, id, mechanism, ir),
    }
}

/// MAIL FROM: TLS, EHLO/HELO, AUTH, no transaction yet, valid parameters,
/// and the Workspace policy must allow sending.
pub(crate) fn mail(
    ctx: &Context,
    at: CommandPhase,
    id: &str,
    from: String,
    params: &[Param],
) -> (Phase, Output) {
    if let Some(r) = must_starttls(ctx, id) {
        return (at.into(), Output::one(r));
    }
    let account = match at {
        CommandPhase::Greeted {
            account: Some(account),
        } => account,
        other => {
            let reply = match &other {
                CommandPhase::Connected => text::bad_sequence("EHLO/HELO first.", id),
                CommandPhase::Greeted { .. } => text::auth_required(id),
                CommandPhase::Mail(_) => text::bad_sequence("Nested MAIL command.", id),
            };
            return (other.into(), Output::one(reply));
        }
    };
    let refusal = check_params(ctx, id, params).or_else(|| refused_by_policy(ctx, id, &account));
    if let Some(reply) = refusal {
        let at = CommandPhase::Greeted {
            account: Some(account),
        };
        return (at.into(), Output::one(reply));
    }
    let tx = Transaction::new(account, from);
    (
        CommandPhase::Mail(tx).into(),
        Output::one(text::mail_ok(id)),
    )
}

/// 530 before STARTTLS on the submission port (or the scenario's text).
fn must_starttls(ctx: &Context, id: &str) -> Option<Reply> {
    if ctx.tls {
        return None;
    }
    Some(
        ctx.overridden(Stage::SmtpMustStarttls, id, "", "")
            .unwrap_or_else(|| text::must_starttls(id)),
    )
}

/// MAIL parameters Gmail knows (RFC 1870 SIZE, RFC 6152 BODY, …); a
/// declared SIZE over the limit is refused before any byte is sent.
fn check_params(ctx: &Context, id: &str, params: &[Param]) -> Option<Reply> {
    for p in params {
        match p.keyword.as_str() {
            "SIZE" => {
                let size: Option<u64> = p.value.as_deref().and_then(|v| v.parse().ok());
                match size {
                    Some(n) if n > ctx.shared.options.smtp_max_message as u64 => {
                        return Some(text::too_big(id))
                    }
                    Some(_) => {}
                    None => return Some(text::syntax_error(id)),
                }
            }
            "BODY" => {
                let v = p.value.as_deref().unwrap_or("").to_ascii_uppercase();
                if v != "7BIT" && v != "8BITMIME" && v != "BINARYMIME" {
                    return Some(text::syntax_error(id));
                }
            }
            "SMTPUTF8" | "AUTH" | "RET" | "ENVID" => {}
            _ => return Some(text::syntax_error(id)),
        }
    }
    None
}

/// The Workspace's external-SMTP rule, decided by the model.
fn refused_by_policy(ctx: &Context, id: &str, account: &str) -> Option<Reply> {
    let now = ctx.shared.clock.now();
    let denied = {
        let mut w = ctx.shared.world();
        let policy = w.policy.effective(now).clone();
        w.accounts
            .get(account)
            .map(|e| may_send(&e.account, &policy))
            .unwrap_or(Ok(()))
    };
    if denied.is_ok() {
        return None;
    }
    info!(
        service = "smtp",
        rule = "external SMTP not allowed for the Workspace",
        "send decision"
    );
    Some(
        ctx.overridden(Stage::SmtpExternalDenied, id, "", "")
            .unwrap_or_else(|| text::external_smtp_denied(id)),
    )
}
