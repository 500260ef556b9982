//! `Chunk` and `Discard`: the bytes that follow a BDAT command (RFC 3030).
//! An accepted chunk goes into the transaction's body; a refused one is
//! read only so that its bytes are never taken for commands, then the
//! refusal is sent and the session is back where it was.

use gmail_wire::smtp::Reply;

use super::transaction::{self, Transaction};
use crate::responses::smtp as text;
use crate::smtp::session::{CommandPhase, Context, Output, Phase};

/// An accepted BDAT chunk being read.
#[derive(Debug)]
pub(crate) struct Chunk {
    pub tx: Transaction,
    /// Bytes of this chunk still to come.
    pub remaining: u64,
    /// `BDAT n LAST`: the message is complete after this chunk.
    pub last: bool,
}

/// A refused BDAT chunk being read and dropped.
#[derive(Debug)]
pub(crate) struct Discard {
    /// Bytes of this chunk still to come.
    pub remaining: u64,
    /// Sent once the chunk has been read.
    refusal: Reply,
    /// The phase the BDAT arrived in, which the refusal leaves unchanged.
    resume: CommandPhase,
}

/// After an accepted BDAT command: read its bytes (none for `BDAT 0`).
pub(crate) fn start(ctx: &Context, chunk: Chunk) -> (Phase, Output) {
    if chunk.remaining == 0 {
        return done(ctx, chunk);
    }
    (Phase::Chunk(chunk), Output::none())
}

/// After a refused BDAT command: drop its bytes, then refuse.
pub(crate) fn refuse(refusal: Reply, size: u64, resume: CommandPhase) -> (Phase, Output) {
    discard(
        Discard {
            remaining: size,
            refusal,
            resume,
        },
        &[],
    )
}

/// Bytes of an accepted chunk.
pub(crate) fn bytes(ctx: &Context, mut chunk: Chunk, bytes: &[u8]) -> (Phase, Output) {
    chunk
        .tx
        .body
        .push(bytes, ctx.shared.options.smtp_max_message);
    chunk.remaining = chunk.remaining.saturating_sub(bytes.len() as u64);
    start(ctx, chunk)
}

/// Bytes of a refused chunk.
pub(crate) fn discard(mut d: Discard, bytes: &[u8]) -> (Phase, Output) {
    d.remaining = d.remaining.saturating_sub(bytes.len() as u64);
    if d.remaining > 0 {
        return (Phase::Discard(d), Output::none());
    }
    (d.resume.into(), Output::one(d.refusal))
}

/// The chunk is in: the message is complete (LAST), or the transaction
/// waits for the next chunk.
fn done(ctx: &Context, chunk: Chunk) -> (Phase, Output) {
    if chunk.last {
        return transaction::complete(ctx, chunk.tx);
    }
    let reply = text::chunk_received(chunk.tx.body.len(), &ctx.id());
    (CommandPhase::Mail(chunk.tx).into(), Output::one(reply))
}
