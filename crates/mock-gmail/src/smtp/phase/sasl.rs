//! `Sasl`: the AUTH exchange (RFC 4954) for PLAIN, LOGIN, XOAUTH2 and
//! OAUTHBEARER, with or without an initial response, and the rendering of
//! the model's decision. Entered from `Greeted { account: None }`; it
//! ends back there, signed in or not.

use base64::Engine as _;
use gmail_wire::sasl;
use gmail_wire::smtp::Reply;
use tracing::info;

use crate::model::{Credential, Decision, Denial, Service};
use crate::responses::imap::XOAUTH2_ERROR_JSON;
use crate::responses::smtp as text;
use crate::smtp::session::{CommandPhase, Context, Output, Phase};
use crate::wire_style::{Stage, WebLoginStyle};

/// What the client's next SASL line answers.
#[derive(Debug)]
pub(crate) enum AuthPending {
    /// `AUTH PLAIN` without an initial response.
    Plain,
    /// `AUTH LOGIN`: the user name.
    LoginUser,
    /// `AUTH LOGIN`: the password for this user name.
    LoginPass(String),
    /// `AUTH XOAUTH2`/`OAUTHBEARER` without an initial response.
    XOAuth2,
    /// Gmail sent the XOAUTH2 error JSON; any answer gets the final 535.
    XOAuth2Failed,
}

/// AUTH with this mechanism and optional initial response.
pub(crate) fn start(ctx: &Context, id: &str, mechanism: &str, ir: Option<&str>) -> (Phase, Output) {
    match (mechanism, ir) {
        ("PLAIN", None) => ask(AuthPending::Plain, text::challenge("")),
        ("PLAIN", Some(b64)) => plain(ctx, id, b64),
        ("LOGIN", None) => ask(
            AuthPending::LoginUser,
            text::challenge(sasl::LOGIN_USERNAME_CHALLENGE),
        ),
        ("LOGIN", Some(b64)) => login_user(id, b64),
        ("XOAUTH2" | "OAUTHBEARER", None) => ask(AuthPending::XOAuth2, text::challenge("")),
        ("XOAUTH2" | "OAUTHBEARER", Some(b64)) => oauth(ctx, id, b64),
        _ => not_signed_in(text::unknown_mechanism(id)),
    }
}

/// The client's answer to a 334 challenge (recorded redacted: it carries
/// the secret).
pub(crate) fn line(ctx: &Context, pending: AuthPending, line: &[u8]) -> (Phase, Output) {
    ctx.rec.client_secret();
    let id = ctx.id();
    let text_line = String::from_utf8_lossy(line).trim().to_owned();
    if text_line == "*" {
        return not_signed_in(text::auth_cancelled(&id));
    }
    match pending {
        AuthPending::Plain => plain(ctx, &id, &text_line),
        AuthPending::LoginUser => login_user(&id, &text_line),
        AuthPending::LoginPass(user) => match decode_text(&text_line) {
            Some(pass) => decide(ctx, &id, &user, Credential::Password(&pass)),
            None => not_signed_in(text::cannot_decode(&id)),
        },
        AuthPending::XOAuth2 => oauth(ctx, &id, &text_line),
        AuthPending::XOAuth2Failed => not_signed_in(render_denial(ctx, &id, Denial::InvalidToken)),
    }
}

fn ask(pending: AuthPending, challenge: Reply) -> (Phase, Output) {
    (Phase::Sasl(pending), Output::one(challenge))
}

/// Greeted, still not signed in, with this reply.
fn not_signed_in(reply: Reply) -> (Phase, Output) {
    let at = CommandPhase::Greeted { account: None };
    (at.into(), Output::one(reply))
}

fn decode_text(b64: &str) -> Option<String> {
    sasl::decode_base64(b64)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
}

fn plain(ctx: &Context, id: &str, b64: &str) -> (Phase, Output) {
    match sasl::decode_plain(b64) {
        Ok(c) => decide(
            ctx,
            id,
            &c.username,
            Credential::Password(c.password.expose()),
        ),
        Err(_) => not_signed_in(text::cannot_decode(id)),
    }
}

fn login_user(id: &str, b64: &str) -> (Phase, Output) {
    match decode_text(b64) {
        Some(user) => ask(
            AuthPending::LoginPass(user),
            text::challenge(sasl::LOGIN_PASSWORD_CHALLENGE),
        ),
        None => not_signed_in(text::cannot_decode(id)),
    }
}

/// XOAUTH2 or OAUTHBEARER (RFC 7628): curl sends the latter after a bare
/// `AUTH OAUTHBEARER` and its `334 ` continuation.
fn oauth(ctx: &Context, id: &str, b64: &str) -> (Phase, Output) {
    let Ok(x) = sasl::decode_oauth(b64) else {
        return not_signed_in(text::cannot_decode(id));
    };
    let (decision, key) = ctx.shared.authenticate(
        Service::Smtp,
        &x.username,
        Credential::OAuthToken(x.token.expose()),
    );
    log(&x.username, &decision);
    if decision.outcome == Err(Denial::InvalidToken) {
        // Gmail answers a bad token with a JSON challenge first.
        let json = base64::engine::general_purpose::STANDARD.encode(XOAUTH2_ERROR_JSON);
        return ask(AuthPending::XOAuth2Failed, text::xoauth2_challenge(&json));
    }
    finish(ctx, id, decision, key)
}

fn decide(ctx: &Context, id: &str, user: &str, credential: Credential<'_>) -> (Phase, Output) {
    let (decision, key) = ctx.shared.authenticate(Service::Smtp, user, credential);
    log(user, &decision);
    finish(ctx, id, decision, key)
}

/// 235 and signed in, or the denial's reply.
fn finish(ctx: &Context, id: &str, decision: Decision, key: Option<String>) -> (Phase, Output) {
    match (decision.outcome, key) {
        (Ok(grant), Some(key)) => {
            ctx.rec.set_account(&grant.email);
            let reply = ctx
                .overridden(Stage::SmtpAuthOk, id, &grant.email, "")
                .unwrap_or_else(text::auth_ok);
            let at = CommandPhase::Greeted { account: Some(key) };
            (at.into(), Output::one(reply))
        }
        (Ok(_), None) => not_signed_in(render_denial(ctx, id, Denial::InvalidCredentials)),
        (Err(d), _) => not_signed_in(render_denial(ctx, id, d)),
    }
}

/// Gmail's reply for a denial, in the scenario's era style.
fn render_denial(ctx: &Context, id: &str, denial: Denial) -> Reply {
    let url = ctx.shared.webalert_url();
    if let Some(r) = ctx.overridden(Stage::SmtpDenial(denial), id, "", &url) {
        return r;
    }
    // The IMAP-only "invalid credentials" era style has an SMTP twin:
    // Gmail answered 535 5.7.8 for blocked less-secure sign-ins too.
    let style = ctx.shared.world().wire.web_login;
    let denial = match (denial, style) {
        (Denial::WebLoginRequired, WebLoginStyle::InvalidCredentials) => Denial::InvalidCredentials,
        _ => denial,
    };
    text::denial(denial, id, &url)
}

fn log(user: &str, d: &Decision) {
    info!(service = "smtp", user, rule = d.rule, outcome = %d.outcome_text(), "auth decision");
}
