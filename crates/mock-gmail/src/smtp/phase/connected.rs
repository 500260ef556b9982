//! `Connected`: a new connection before EHLO/HELO, and again after
//! STARTTLS. Here live the commands that (re)establish the greeting:
//! EHLO and HELO, valid in every command phase, and STARTTLS.

use crate::responses::smtp as text;
use crate::smtp::session::{Action, CommandPhase, Context, Output, Phase};

/// EHLO: the capabilities for this port and transport. Like RSET it ends
/// a transaction, but the sign-in stays (RFC 5321 §4.1.4; RFC 4954 gives
/// no way to sign out).
pub(crate) fn ehlo(ctx: &Context, at: CommandPhase) -> (Phase, Output) {
    let starttls = ctx.info.listener.offers_starttls();
    let reply = text::ehlo(ctx.host(), &ctx.info.peer_ip, ctx.tls, starttls);
    (at.greeted().into(), Output::one(reply))
}

/// HELO: as EHLO, with the one-line answer.
pub(crate) fn helo(ctx: &Context, at: CommandPhase) -> (Phase, Output) {
    (at.greeted().into(), Output::one(text::helo(ctx.host())))
}

/// STARTTLS: only on the submission port and only once. Accepting it
/// forgets the greeting (RFC 3207 §4.2: the client must EHLO again);
/// nothing else can be forgotten, since AUTH and MAIL need TLS first.
pub(crate) fn starttls(ctx: &Context, at: CommandPhase, id: &str) -> (Phase, Output) {
    if ctx.tls || !ctx.info.listener.offers_starttls() {
        let reply = text::bad_sequence("TLS is already active.", id);
        return (at.into(), Output::one(reply));
    }
    let out = Output {
        responses: vec![text::starttls_ready()],
        action: Action::StartTls,
    };
    (Phase::default(), out)
}
