//! `Data`: after DATA's 354, the message's lines (the driver has undone
//! the dot-stuffing) up to the lone `.`, which completes the message.

use super::transaction::{self, Transaction};
use crate::smtp::session::{Context, Output, Phase};

/// One line of the message, or `None` for the final `.`.
pub(crate) fn line(ctx: &Context, mut tx: Transaction, line: Option<&[u8]>) -> (Phase, Output) {
    match line {
        Some(l) => {
            tx.body.push(l, ctx.shared.options.smtp_max_message);
            (Phase::Data(tx), Output::none())
        }
        None => transaction::complete(ctx, tx),
    }
}
