//! A mail transaction: the signed-in account, the envelope (MAIL FROM,
//! RCPT TO) and the body as it arrives, and what happens when it is
//! complete (delivered, or dropped for its size).

use bytes::Bytes;

use crate::responses::smtp as text;
use crate::smtp::session::{CommandPhase, Context, Output, Phase};

/// One message from MAIL FROM to its end.
#[derive(Debug)]
pub(crate) struct Transaction {
    /// The key of the account that signed in (and sends).
    pub account: String,
    /// MAIL FROM.
    pub from: String,
    /// RCPT TOs, in order.
    pub rcpts: Vec<String>,
    pub body: Body,
}

impl Transaction {
    pub fn new(account: String, from: String) -> Self {
        Transaction {
            account,
            from,
            rcpts: Vec::new(),
            body: Body::default(),
        }
    }

    /// DATA and BDAT need one.
    pub fn has_recipients(&self) -> bool {
        !self.rcpts.is_empty()
    }

    /// DATA starts the message again.
    pub fn restart_body(&mut self) {
        self.body = Body::default();
    }
}

/// The message received so far.
#[derive(Debug)]
pub(crate) enum Body {
    /// Every byte so far: within the size limit.
    Within(Vec<u8>),
    /// Over the limit: the rest is read to its end but not stored (the
    /// reply comes after the final dot or the LAST chunk). `kept` is how
    /// much had been stored, which BDAT's "bytes received" still counts.
    OverLimit { kept: usize },
}

impl Default for Body {
    fn default() -> Self {
        Body::Within(Vec::new())
    }
}

impl Body {
    /// Appends `bytes`, unless the message would grow over `max`: then
    /// the message is over the limit for good and its bytes are freed.
    pub fn push(&mut self, bytes: &[u8], max: usize) {
        if let Body::Within(raw) = self {
            if raw.len() + bytes.len() > max {
                *self = Body::OverLimit { kept: raw.len() };
            } else {
                raw.extend_from_slice(bytes);
            }
        }
    }

    /// Bytes stored.
    pub fn len(&self) -> usize {
        match self {
            Body::Within(raw) => raw.len(),
            Body::OverLimit { kept } => *kept,
        }
    }
}

/// The message is complete: deliver it (250) or drop it for its size
/// (552). Either way the transaction ends and the sign-in stays.
pub(crate) fn complete(ctx: &Context, tx: Transaction) -> (Phase, Output) {
    let id = ctx.id();
    let Transaction {
        account,
        from,
        rcpts,
        body,
    } = tx;
    let reply = match body {
        Body::OverLimit { .. } => {
            ctx.rec.event("message over the size limit discarded");
            text::too_big(&id)
        }
        Body::Within(mut raw) => {
            // The buffer grew by doubling; the stored message lives as long
            // as the capture and the mailboxes keep it, so give back the
            // slack now rather than hold it for days.
            raw.shrink_to_fit();
            ctx.rec
                .event(&format!("message received: {} bytes", raw.len()));
            ctx.shared
                .deliver(&account, &from, &rcpts, Bytes::from(raw));
            let now = ctx.shared.wall_now().timestamp();
            text::message_accepted(now, &id)
        }
    };
    let at = CommandPhase::Greeted {
        account: Some(account),
    };
    (at.into(), Output::one(reply))
}
