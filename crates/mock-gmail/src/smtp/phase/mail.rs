//! `Mail`: a transaction after MAIL FROM. RCPT adds recipients; DATA and
//! BDAT need one and start reading the message; RSET (valid in every
//! command phase) ends the transaction but keeps the sign-in.

use super::chunk::{self, Chunk};
use crate::responses::smtp as text;
use crate::smtp::session::{CommandPhase, Context, Output, Phase};

/// RCPT TO: needs MAIL; the address must look like `local@domain.tld`.
pub(crate) fn rcpt(at: CommandPhase, id: &str, to: String) -> (Phase, Output) {
    let mut tx = match at {
        CommandPhase::Mail(tx) => tx,
        other => {
            return (
                other.into(),
                Output::one(text::bad_sequence("MAIL first.", id)),
            )
        }
    };
    let valid = to
        .split_once('@')
        .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !d.starts_with('.'));
    let reply = if valid {
        tx.rcpts.push(to);
        text::rcpt_ok(id)
    } else {
        text::bad_recipient(&to, id)
    };
    (CommandPhase::Mail(tx).into(), Output::one(reply))
}

/// DATA: 354, then lines. The message starts afresh, even after BDAT
/// chunks (RFC 3030 forbids mixing; Gmail's answer is unknown).
pub(crate) fn data(at: CommandPhase, id: &str) -> (Phase, Output) {
    match at {
        CommandPhase::Mail(mut tx) if tx.has_recipients() => {
            tx.restart_body();
            (Phase::Data(tx), Output::one(text::go_ahead(id)))
        }
        CommandPhase::Mail(tx) => {
            let reply = text::bad_sequence("RCPT first.", id);
            (CommandPhase::Mail(tx).into(), Output::one(reply))
        }
        other => (
            other.into(),
            Output::one(text::bad_sequence("MAIL first.", id)),
        ),
    }
}

/// BDAT (RFC 3030): the chunk follows the command whatever the reply will
/// be, so a refused chunk is still read (and dropped) before the refusal.
pub(crate) fn bdat(
    ctx: &Context,
    at: CommandPhase,
    id: &str,
    size: u64,
    last: bool,
) -> (Phase, Output) {
    match at {
        CommandPhase::Mail(tx) if tx.has_recipients() => chunk::start(
            ctx,
            Chunk {
                tx,
                remaining: size,
                last,
            },
        ),
        CommandPhase::Mail(tx) => chunk::refuse(
            text::bad_sequence("RCPT first.", id),
            size,
            CommandPhase::Mail(tx),
        ),
        other => chunk::refuse(text::bad_sequence("MAIL first.", id), size, other),
    }
}

/// RSET: no transaction, same greeting and sign-in.
pub(crate) fn rset(at: CommandPhase, id: &str) -> (Phase, Output) {
    let next = match at {
        CommandPhase::Mail(_) => at.greeted(),
        other => other,
    };
    (next.into(), Output::one(text::flushed(id)))
}
