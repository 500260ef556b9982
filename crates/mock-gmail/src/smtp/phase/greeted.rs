//! `Greeted`: after EHLO/HELO. The commands that need the greeting: AUTH
//! (which starts the SASL exchange) and MAIL (which needs a signed-in
//! account and starts a transaction). On the submission port both need
//! STARTTLS first.

use gmail_wire::smtp::{Param, Reply};
use tracing::info;

use super::sasl;
use super::transaction::Transaction;
use std::net::IpAddr;

use crate::model::sending::{self, SenderDecision};
use crate::model::{relay_decision, AccountKind, RelayDenial, RelayRequest};
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
/// and Gmail's sender rules (`model::sending`) must let this address send.
/// On the relay listener AUTH is optional and the relay's own settings
/// decide (`model::relay`).
pub(crate) fn mail(
    ctx: &Context,
    at: CommandPhase,
    id: &str,
    from: String,
    params: &[Param],
) -> (Phase, Output) {
    let relay = ctx.info.listener.is_relay();
    if !relay {
        if let Some(r) = must_starttls(ctx, id) {
            return (at.into(), Output::one(r));
        }
    }
    let account = match at {
        CommandPhase::Greeted { account } if account.is_some() || relay => account,
        other => {
            let reply = match &other {
                CommandPhase::Connected => text::bad_sequence("EHLO/HELO first.", id),
                CommandPhase::Greeted { .. } => text::auth_required(id),
                CommandPhase::Mail(_) => text::bad_sequence("Nested MAIL command.", id),
            };
            return (other.into(), Output::one(reply));
        }
    };
    let decided = match check_params(ctx, id, params) {
        Some(reply) => Err(reply),
        None if relay => relay_check(ctx, id, account.as_deref(), &from).map(|()| None),
        None => sender_check(ctx, id, account.as_deref().unwrap_or_default(), &from),
    };
    match decided {
        Err(reply) => (CommandPhase::Greeted { account }.into(), Output::one(reply)),
        Ok(rewritten) => {
            let tx = Transaction::new(account, from, rewritten, relay);
            (
                CommandPhase::Mail(tx).into(),
                Output::one(text::mail_ok(id)),
            )
        }
    }
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

/// Gmail's sender rules for `from` (DESIGN.md "Sending"): `Ok(None)` to
/// keep it, `Ok(Some(own))` when Gmail will send the message as the
/// account's own address instead, or the refusal of a "Send mail as"
/// address whose own SMTP server the admin does not allow.
fn sender_check(
    ctx: &Context,
    id: &str,
    account: &str,
    from: &str,
) -> Result<Option<String>, Reply> {
    // The account's own address (its key is the lower-cased address)
    // always sends: no look at the world for the common case.
    if sending::same_address(from, account) {
        return Ok(None);
    }
    let now = ctx.shared.clock.now();
    let decision = {
        let mut guard = ctx.shared.world();
        let w = &mut *guard;
        let policy = w.policy.effective(now);
        w.accounts
            .get(account)
            .map(|e| sending::sender(&e.account, policy, from))
    };
    match decision {
        None | Some(SenderDecision::Keep) => Ok(None),
        Some(SenderDecision::Rewrite { to }) => {
            info!(
                service = "smtp",
                rule = "sender outside the account's addresses: sent as the account's own",
                "send decision"
            );
            Ok(Some(to))
        }
        Some(SenderDecision::Refuse(_)) => {
            info!(
                service = "smtp",
                rule = "send-as address through its own SMTP server; per-user outbound gateways not allowed",
                "send decision"
            );
            Err(ctx
                .overridden(Stage::SmtpExternalDenied, id, "", "")
                .unwrap_or_else(|| text::external_smtp_denied(id)))
        }
    }
}

/// The SMTP relay service's decision for this client and sender.
fn relay_check(ctx: &Context, id: &str, account: Option<&str>, from: &str) -> Result<(), Reply> {
    let now = ctx.shared.clock.now();
    let (relay, domains, from_is_user) = {
        let mut w = ctx.shared.world();
        let policy = w.policy.effective(now).clone();
        let domains = w.organisation_domains(&policy);
        let from_is_user = w.key_for(from).is_some_and(|k| {
            w.accounts
                .get(&k)
                .is_some_and(|e| e.account.kind() == AccountKind::Workspace)
        });
        (policy.smtp_relay, domains, from_is_user)
    };
    let peer = ctx.info.peer_ip.parse::<IpAddr>().ok();
    let request = RelayRequest {
        peer,
        tls: ctx.tls,
        authenticated: account,
        from,
        domains: &domains,
        from_is_user,
    };
    let Err(denial) = relay_decision(&relay, request) else {
        return Ok(());
    };
    info!(service = "smtp", relay = ?denial, "relay decision");
    let ip = ctx.info.peer_ip.as_str();
    let (stage, reply) = match denial {
        RelayDenial::TlsRequired => (Stage::SmtpMustStarttls, text::must_starttls(id)),
        RelayDenial::NotRegistered => {
            let named = sending::domain_of(from).unwrap_or_else(|| format!("[{ip}]"));
            (Stage::SmtpRelayDenied, text::relay_denied(ip, &named, id))
        }
        RelayDenial::AuthRequired => (
            Stage::SmtpRelayAuthRequired,
            text::relay_auth_required(ip, id),
        ),
        RelayDenial::SenderNotAllowed => (
            Stage::SmtpRelaySenderNotAllowed,
            text::relay_sender_not_allowed(ip, id),
        ),
    };
    Err(ctx.overridden(stage, id, "", "").unwrap_or(reply))
}
